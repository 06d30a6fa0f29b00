"""The Payment aggregate's authorize / capture / cancel transitions and what they leave refundable."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import CaptureExceedsAuthorized, IllegalTransition, NotCapturable, RefundExceedsRemainder
from domain.events import EventType
from domain.money import Money
from domain.payment import CaptureMethod, Payment, PaymentStatus


def _held(minor: int = 10_000) -> Payment:
    payment = Payment.create(
        user_id="u1", amount=Money(minor, "USD"), gateway="stripe", capture_method=CaptureMethod.MANUAL
    )
    payment.start_processing("stripe")
    payment.authorize(transaction_id="pi_1")
    return payment


def test_authorize_waits_in_requires_capture_with_nothing_captured_or_refundable():
    payment = _held()
    assert payment.status is PaymentStatus.REQUIRES_CAPTURE
    assert (payment.captured.minor, payment.refundable.minor) == (0, 0)
    with pytest.raises(Exception):  # noqa: B017 - any refusal: nothing was taken yet
        payment.request_refund(None)


def test_an_automatic_payment_cannot_wait_for_a_capture():
    payment = Payment.create(user_id="u1", amount=Money(100, "USD"), gateway="stripe")
    payment.start_processing("stripe")
    with pytest.raises(IllegalTransition):
        payment.authorize(transaction_id="pi_1")


@given(authorized=st.integers(1, 10**9), data=st.data())
def test_capture_of_part_leaves_exactly_that_refundable(authorized, data):
    """Any capture up to the authorized amount: captured and refundable equal it, and refunds
    never go past it."""
    captured = data.draw(st.integers(1, authorized))
    payment = _held(authorized)
    payment.begin_capture(Money(captured, "USD"))
    assert payment.capture_in_flight and payment.status is PaymentStatus.PROCESSING
    payment.capture(transaction_id="ch_1")
    assert (payment.status, payment.captured.minor, payment.refundable.minor) == (
        PaymentStatus.SUCCEEDED,
        captured,
        captured,
    )
    assert payment.events[-1].type is EventType.PAYMENT_PROCESSED
    assert payment.events[-1].data["amount_captured_minor"] == captured
    with pytest.raises(RefundExceedsRemainder):
        payment.request_refund(Money(captured + 1, "USD"))
    payment.request_refund(None)
    assert payment.status is PaymentStatus.REFUNDED


@pytest.mark.parametrize("minor", [0, -1, 10_001])
def test_a_capture_must_be_within_the_authorized_amount(minor):
    payment = _held()
    with pytest.raises(CaptureExceedsAuthorized):
        payment.begin_capture(Money(minor, "USD"))
    assert payment.status is PaymentStatus.REQUIRES_CAPTURE


def test_a_second_capture_or_a_cancel_after_a_capture_is_reserved_is_refused():
    payment = _held()
    payment.begin_capture(None)
    with pytest.raises(NotCapturable):
        payment.begin_capture(None)
    with pytest.raises(NotCapturable):
        payment.begin_cancel()


def test_cancel_records_payment_canceled_and_ends_final():
    payment = _held()
    payment.begin_cancel("out of stock")
    assert payment.cancel_in_flight and not payment.capture_in_flight
    payment.cancel()
    assert (payment.status, payment.failure_reason) == (PaymentStatus.CANCELED, "out of stock")
    assert payment.events[-1].type is EventType.PAYMENT_CANCELED
    with pytest.raises(NotCapturable):
        payment.begin_capture(None)


def test_a_refused_capture_keeps_the_authorization_for_another_try():
    payment = _held()
    payment.begin_capture(Money(500, "USD"))
    payment.keep_authorization("capture_declined", "no")
    assert (payment.status, payment.amount_captured_minor) == (PaymentStatus.REQUIRES_CAPTURE, None)
    payment.begin_capture(Money(700, "USD"))
    payment.capture()
    assert payment.captured.minor == 700


def test_capture_without_a_reservation_is_an_illegal_transition():
    with pytest.raises(IllegalTransition):
        _held().capture()


def test_a_success_notice_during_a_capture_may_report_the_capture_or_the_hold():
    """While 60.00 of 100.00 is being captured, a provider's notice of 60.00 or 100.00 settles it;
    any other amount does not; without a capture under way only 100.00 does."""
    payment = _held()
    assert payment.owes(Money(10_000, "USD")) and not payment.owes(Money(6_000, "USD"))
    payment.begin_capture(Money(6_000, "USD"))
    assert payment.owes(Money(6_000, "USD")) and payment.owes(Money(10_000, "USD"))
    assert not payment.owes(Money(5_999, "USD")) and not payment.owes(None)
