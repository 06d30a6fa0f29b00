"""The payment state machine and refund accounting."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import IllegalTransition, NotRefundable, RefundExceedsRemainder
from domain.events import EventType
from domain.money import Money
from domain.payment import TRANSITIONS, Payment, PaymentStatus, RefundStatus


def _payment(minor: int = 10_000) -> Payment:
    return Payment.create(user_id="u1", amount=Money(minor, "USD"), gateway="stripe")


def _succeeded(minor: int = 10_000) -> Payment:
    payment = _payment(minor)
    payment.start_processing("stripe")
    payment.settle(PaymentStatus.SUCCEEDED, transaction_id="tx_1")
    return payment


def test_creation_records_payment_created():
    assert [e.type for e in _payment().events] == [EventType.PAYMENT_CREATED]


def test_success_records_payment_processed_and_failure_payment_failed():
    ok = _succeeded()
    assert [e.type for e in ok.events][-1] == EventType.PAYMENT_PROCESSED
    bad = _payment()
    bad.start_processing("stripe")
    bad.settle(PaymentStatus.FAILED, failure_code="card_declined")
    assert bad.events[-1].type == EventType.PAYMENT_FAILED
    assert bad.events[-1].data["failure_code"] == "card_declined"


@given(path=st.lists(st.sampled_from(list(PaymentStatus)), max_size=8))
def test_only_listed_transitions_are_accepted(path):
    payment = _payment()
    for target in path:
        before = payment.status
        if target in TRANSITIONS[before]:
            payment.transition(target)
            assert payment.status is target
        else:
            with pytest.raises(IllegalTransition):
                payment.transition(target)
            assert payment.status is before


def test_refund_of_unsettled_payment_is_not_refundable():
    with pytest.raises(NotRefundable):
        _payment().request_refund(None)


def test_default_refund_is_the_whole_remainder():
    payment = _succeeded()
    refund = payment.request_refund(None)
    assert refund.amount.minor == 10_000
    assert payment.status is PaymentStatus.REFUNDED


def test_over_refund_is_rejected():
    payment = _succeeded()
    payment.request_refund(Money(6_000, "USD"))
    with pytest.raises(RefundExceedsRemainder):
        payment.request_refund(Money(4_001, "USD"))


def test_failed_refund_releases_its_reservation():
    payment = _succeeded()
    refund = payment.request_refund(Money(3_000, "USD"))
    payment.complete_refund(refund, gateway_refund_id=None, status=RefundStatus.FAILED)
    assert payment.refunded_minor == 0
    assert payment.status is PaymentStatus.SUCCEEDED


@given(captured=st.integers(1, 10**6), asks=st.lists(st.integers(-5, 10**6), max_size=20))
def test_refunded_total_never_exceeds_captured_and_status_matches(captured, asks):
    payment = _succeeded(captured)
    for ask in asks:
        try:
            payment.request_refund(Money(ask, "USD"))
        except (RefundExceedsRemainder, NotRefundable):
            pass
        assert 0 <= payment.refunded_minor <= captured
        expected = (
            PaymentStatus.SUCCEEDED
            if payment.refunded_minor == 0
            else PaymentStatus.REFUNDED
            if payment.refunded_minor == captured
            else PaymentStatus.PARTIALLY_REFUNDED
        )
        assert payment.status is expected
