"""Each gateway adapter says which of its decline codes are soft (another gateway may try) and
which are hard (final)."""

from __future__ import annotations

import pytest

from adapters.gateways import paypal_format, razorpay_format, stripe_format
from adapters.gateways.sandbox import SandboxGateway
from adapters.gateways.wallet_format import charge_outcome
from domain.declines import HARD, SOFT
from domain.money import Money
from domain.payment import PaymentStatus
from domain.ports import ChargeRequest

HARD_STRIPE = ["insufficient_funds", "stolen_card", "lost_card", "fraudulent", "incorrect_number", "generic_decline"]


@pytest.mark.parametrize(
    ("code", "kind"),
    [("try_again_later", SOFT), ("processing_error", SOFT), ("issuer_not_available", SOFT)]
    + [(code, HARD) for code in HARD_STRIPE],
)
def test_stripe_card_errors(code, kind):
    """A 402 card_error's decline_code (or code) decides."""
    error = {"type": "card_error", "code": "card_declined", "decline_code": code, "message": "declined"}
    if code == "processing_error":  # Stripe sends this one as the code, with no decline_code
        error = {"type": "card_error", "code": "processing_error", "message": "An error occurred"}
    outcome = stripe_format.error_outcome(402, {"error": error})
    assert (outcome.status, outcome.failure_code, outcome.decline) == (PaymentStatus.FAILED, code, kind)


def test_stripe_intent_with_a_last_payment_error_and_a_canceled_intent():
    soft = stripe_format.intent_outcome(
        {
            "id": "pi_1",
            "status": "requires_payment_method",
            "last_payment_error": {"code": "card_declined", "decline_code": "issuer_not_available"},
        },
        sdk_action_url="",
    )
    canceled = stripe_format.intent_outcome({"id": "pi_2", "status": "canceled"}, sdk_action_url="")
    assert (soft.decline, canceled.decline) == (SOFT, HARD)


@pytest.mark.parametrize(
    ("issue", "kind"),
    [
        ("INTERNAL_SERVICE_ERROR", SOFT),
        ("INSTRUMENT_DECLINED", HARD),
        ("TRANSACTION_REFUSED", HARD),
        ("PAYER_CANNOT_PAY", HARD),
    ],
)
def test_paypal_issues(issue, kind):
    outcome = paypal_format.create_error({"name": "UNPROCESSABLE_ENTITY", "details": [{"issue": issue}]})
    assert (outcome.failure_code, outcome.decline) == (issue, kind)


def test_paypal_declined_capture_by_fraud_controls_is_hard():
    capture = {"id": "CAP1", "status": "DECLINED", "status_details": {"reason": "DECLINED_BY_RISK_FRAUD_CONTROLS"}}
    outcome = paypal_format.capture_outcome(capture, "ORDER1")
    assert (outcome.status, outcome.decline) == (PaymentStatus.FAILED, HARD)


@pytest.mark.parametrize(
    ("reason", "kind"),
    [
        ("bank_technical_error", SOFT),
        ("gateway_technical_error", SOFT),
        ("payment_timed_out", SOFT),
        ("insufficient_funds", HARD),
        ("payment_risk_check_failed", HARD),
        ("incorrect_card_details", HARD),
    ],
)
def test_razorpay_error_reasons(reason, kind):
    outcome = razorpay_format.payment_outcome({"id": "pay_1", "status": "failed", "error_reason": reason})
    assert (outcome.status, outcome.failure_code, outcome.decline) == (PaymentStatus.FAILED, reason, kind)
    order = razorpay_format.order_error({"error": {"code": "BAD_REQUEST_ERROR", "reason": reason}})
    assert order.decline == kind


@pytest.mark.parametrize(("code", "kind"), [("try_again", SOFT), ("insufficient_funds", HARD), (None, HARD)])
def test_wallet_failure_codes(code, kind):
    outcome = charge_outcome({"id": "ch_1", "status": "failed", "failure_code": code})
    assert outcome.decline == kind


def test_a_success_carries_no_decline():
    assert charge_outcome({"id": "ch_1", "status": "succeeded"}).decline is None


@pytest.mark.parametrize(("trigger", "kind"), [("soft_decline", SOFT), ("decline", HARD), ("insufficient_funds", HARD)])
async def test_sandbox_triggers(trigger, kind):
    request = ChargeRequest(
        payment_id="pay_1",
        user_id="u",
        amount=Money.parse("10.00", "USD"),
        idempotency_key=f"k-{trigger}",
        metadata={"sandbox_trigger": trigger},
    )
    outcome = await SandboxGateway("stripe").process(request)
    assert (outcome.status, outcome.decline) == (PaymentStatus.FAILED, kind)
