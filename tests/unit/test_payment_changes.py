"""The Payment aggregate makes its own changes: attempts, pending with a reason, settling."""

from __future__ import annotations

from domain.events import EventType
from domain.money import Money
from domain.payment import Attempt, Payment, PaymentStatus


def _processing() -> Payment:
    payment = Payment.create(user_id="u1", amount=Money(1_000, "USD"), gateway="stripe")
    payment.start_processing("stripe")
    return payment


def test_attempts_are_recorded_with_the_provider_key_they_saw():
    """Each attempt keeps the key the gateway saw, so a reconciliation retry repeats it."""
    payment = _processing()
    payment.record_attempts([Attempt("stripe", "unavailable"), Attempt("paypal", "succeeded")], key="fs_1")
    assert [(a.gateway, a.idempotency_key) for a in payment.attempts] == [("stripe", "fs_1"), ("paypal", "fs_1")]


def test_an_unknown_outcome_leaves_it_pending_with_the_reason_and_no_event():
    """Pending is visible with its code and reason, on the gateway last asked; no outcome event."""
    payment = _processing()
    payment.leave_pending("gateway_timeout", "no answer in 10 s", gateway="paypal")
    assert (payment.status, payment.gateway) == (PaymentStatus.PENDING, "paypal")
    assert (payment.failure_code, payment.failure_reason) == ("gateway_timeout", "no answer in 10 s")
    assert [e.type for e in payment.events] == [EventType.PAYMENT_CREATED]


def test_settling_names_the_gateway_that_answered_and_records_the_outcome_event():
    """A settle from pending moves the status, the gateway, and records payment_processed once."""
    payment = _processing()
    payment.leave_pending("gateway_timeout", "no answer")
    payment.settle(PaymentStatus.SUCCEEDED, transaction_id="ch_1", gateway="paypal")
    assert (payment.status, payment.gateway, payment.transaction_id) == (PaymentStatus.SUCCEEDED, "paypal", "ch_1")
    assert payment.failure_code is None
    assert [e.type for e in payment.events][-1] is EventType.PAYMENT_PROCESSED


def test_the_wallet_is_kept_for_a_retry():
    """The payer's wallet stays on the payment, so reconciliation can repeat the request."""
    payment = _processing()
    payment.keep_wallet({"wallet_id": "w_1"})
    assert payment.gateway_data["wallet"] == {"wallet_id": "w_1"}
