"""CreatePayment inside a payment-system family: failover order, final declines, recorded attempts."""

from decimal import Decimal

from application.payments.process_payment import CreatePaymentCommand
from application.payments.requests import PaymentRequest
from domain.events import EventType
from domain.payment import PaymentStatus
from domain.ports import ChargeOutcome
from tests.fakes.answers import answer_json
from tests.fakes.scripted_gateways import ScriptedGateway, unavailable

SUCCEEDED = ChargeOutcome(status=PaymentStatus.SUCCEEDED, transaction_id="tx_ok")
DECLINED = ChargeOutcome(
    status=PaymentStatus.FAILED, failure_code="card_declined", failure_reason="Your card was declined."
)


async def _pay(create_payment) -> dict:
    reply = await create_payment(
        CreatePaymentCommand(
            PaymentRequest(user_id="u1", amount=Decimal("30.00"), currency="USD", payment_system="global")
        )
    )
    return answer_json(reply)


def _attempts(body: dict) -> list[tuple[str, str]]:
    return [(a["gateway"], a["outcome"]) for a in body["attempts"]]


async def test_unavailable_primary_hands_over_and_the_taker_is_the_gateway(create_payment, fakes, db):
    """A 503 at stripe moves to paypal, which takes the payment and becomes its gateway."""
    fakes["stripe"] = ScriptedGateway("stripe", unavailable(indeterminate=False))
    fakes["paypal"] = ScriptedGateway("paypal", SUCCEEDED)
    body = await _pay(create_payment)
    assert (body["status"], body["gateway"], body["transaction_id"]) == ("succeeded", "paypal", "tx_ok")
    assert _attempts(body) == [("stripe", "unavailable"), ("paypal", "succeeded")]
    assert body["attempts"][0]["detail"] == "provider answered 503"
    assert db.payments[body["id"]].attempts[0].idempotency_key is not None


async def test_a_decline_is_final(create_payment, fakes, db):
    """A declined card at the first gateway fails the payment; the next gateway is never asked."""
    fakes["stripe"] = ScriptedGateway("stripe", DECLINED)
    fakes["paypal"] = ScriptedGateway("paypal", SUCCEEDED)
    body = await _pay(create_payment)
    assert (body["status"], body["failure_code"]) == ("failed", "card_declined")
    assert fakes["paypal"].charged == [] and _attempts(body) == [("stripe", "failed")]
    assert [e.type for e in db.outbox][-1] is EventType.PAYMENT_FAILED


async def test_a_maybe_taken_charge_waits_for_reconciliation(create_payment, fakes):
    """After a 5xx/read timeout the charge may exist: pending at that gateway, no second provider."""
    fakes["stripe"] = ScriptedGateway("stripe", unavailable(indeterminate=True))
    fakes["paypal"] = ScriptedGateway("paypal", SUCCEEDED)
    body = await _pay(create_payment)
    assert (body["status"], body["gateway"], body["failure_code"]) == ("pending", "stripe", "gateway_unavailable")
    assert fakes["paypal"].charged == []


async def test_every_gateway_unavailable_leaves_a_pending_payment_with_all_attempts(create_payment, fakes):
    """When no gateway could be reached the payment is pending (nothing taken), each attempt visible."""
    fakes["stripe"] = ScriptedGateway("stripe", unavailable(indeterminate=False))
    fakes["paypal"] = ScriptedGateway("paypal", unavailable(indeterminate=False))
    body = await _pay(create_payment)
    assert (body["status"], body["failure_code"]) == ("pending", "gateway_unavailable")
    assert _attempts(body) == [("stripe", "unavailable"), ("paypal", "unavailable")]
    assert body["gateway"] == "paypal"


async def test_a_fallback_that_cannot_take_the_request_is_skipped(create_payment, fakes):
    """A family member whose validation refuses the request is recorded as skipped."""
    fakes["stripe"] = ScriptedGateway("stripe", unavailable(indeterminate=False))
    fakes["paypal"] = ScriptedGateway("paypal", SUCCEEDED, invalid="currency")
    body = await _pay(create_payment)
    assert _attempts(body) == [("stripe", "unavailable"), ("paypal", "skipped")]
    assert body["status"] == "pending"


SOFT_DECLINE = ChargeOutcome(
    status=PaymentStatus.FAILED, failure_code="issuer_not_available", failure_reason="Issuer down.", decline="soft"
)
HARD_DECLINE = ChargeOutcome(
    status=PaymentStatus.FAILED, failure_code="stolen_card", failure_reason="Stolen.", decline="hard"
)


async def test_a_soft_decline_at_the_first_gateway_is_charged_by_the_second(create_payment, fakes, db):
    """issuer_not_available at stripe: paypal takes the payment; the payment's attempts list
    both gateways, the first with its decline code."""
    fakes["stripe"] = ScriptedGateway("stripe", SOFT_DECLINE)
    fakes["paypal"] = ScriptedGateway("paypal", SUCCEEDED)
    body = await _pay(create_payment)
    assert (body["status"], body["gateway"], body["transaction_id"]) == ("succeeded", "paypal", "tx_ok")
    assert [(a["gateway"], a["outcome"], a["detail"]) for a in body["attempts"]] == [
        ("stripe", "failed", "issuer_not_available"),
        ("paypal", "succeeded", None),
    ]
    assert [e.type for e in db.outbox][-1] is EventType.PAYMENT_PROCESSED


async def test_a_hard_decline_never_calls_the_second_gateway(create_payment, fakes):
    fakes["stripe"] = ScriptedGateway("stripe", HARD_DECLINE)
    fakes["paypal"] = ScriptedGateway("paypal", SUCCEEDED)
    body = await _pay(create_payment)
    assert (body["status"], body["failure_code"]) == ("failed", "stolen_card")
    assert fakes["paypal"].charged == []
