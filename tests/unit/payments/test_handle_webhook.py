"""HandleWebhook against fakes: verification first, one settlement per provider event."""

from decimal import Decimal

import pytest

from application.payments.handle_webhook import HandleWebhook, WebhookCommand
from application.payments.process_payment import CreatePaymentCommand
from application.payments.refund_payment import RefundCommand
from application.payments.requests import PaymentRequest, RefundBody
from domain.errors import UnknownFactoryKey, WebhookSignatureInvalid
from domain.events import EventType
from domain.payment import PaymentStatus, RefundStatus
from entrypoints.problems import status_of
from tests.fakes.answers import answer_json
from tests.fakes.webhooks import SignedFakeGateway, signed

PAID = {"amount": "20.00", "currency": "USD"}  # what _pending's payment owes


@pytest.fixture
def handle(uow, gateways, fakes, payment_cache) -> HandleWebhook:
    fakes["stripe"] = SignedFakeGateway("stripe", status=PaymentStatus.REQUIRES_ACTION)
    return HandleWebhook(uow, gateways, payment_cache)


async def _pending(create_payment) -> dict:
    reply = await create_payment(
        CreatePaymentCommand(PaymentRequest(user_id="u1", amount=Decimal("20.00"), currency="USD", gateway="stripe"))
    )
    return answer_json(reply)


def _types(db, pid):
    return [e.type for e in db.outbox if e.aggregate_id == pid]


async def test_valid_event_settles_once_and_a_replay_changes_nothing(handle, create_payment, db):
    """The first delivery settles the payment with payment_processed; the replay is acknowledged only."""
    payment = await _pending(create_payment)
    headers, body = signed(id="evt_1", transaction_id=payment["transaction_id"], status="succeeded", **PAID)
    first = await handle(WebhookCommand("stripe", headers, body))
    settled = _types(db, payment["id"])
    again = await handle(WebhookCommand("stripe", headers, body))
    assert first.status == "succeeded" and not first.duplicate
    assert again.duplicate and again.payment_id == payment["id"]
    assert db.payments[payment["id"]].status is PaymentStatus.SUCCEEDED
    assert settled[-1] is EventType.PAYMENT_PROCESSED and _types(db, payment["id"]) == settled
    assert db.webhooks == {("stripe", "evt_1")}


async def test_our_payment_id_finds_the_payment_and_failures_emit_payment_failed(handle, create_payment, db):
    """data.payment_id finds the payment (its charge id must match); a failure emits payment_failed."""
    payment = await _pending(create_payment)
    headers, body = signed(
        id="evt_2",
        transaction_id=payment["transaction_id"],
        status="failed",
        data={"payment_id": payment["id"], "failure_code": "card_declined"},
    )
    await handle(WebhookCommand("stripe", headers, body))
    stored = db.payments[payment["id"]]
    assert stored.status is PaymentStatus.FAILED and stored.failure_code == "card_declined"
    assert _types(db, payment["id"])[-1] is EventType.PAYMENT_FAILED


async def test_bad_signature_changes_nothing(handle, create_payment, db):
    """A rejected signature raises before anything is read or remembered."""
    payment = await _pending(create_payment)
    _, body = signed(id="evt_3", transaction_id=payment["transaction_id"], status="succeeded", **PAID)
    with pytest.raises(WebhookSignatureInvalid):
        await handle(WebhookCommand("stripe", {"X-Fake-Signature": "bad"}, body))
    assert db.payments[payment["id"]].status is PaymentStatus.REQUIRES_ACTION and not db.webhooks


async def test_unknown_payment_is_ignored_and_unknown_gateway_is_404(handle):
    """An event for a payment we never made is acknowledged as ignored; an unknown gateway lists the known."""
    headers, body = signed(id="evt_4", transaction_id="pi_nobody", status="succeeded")
    assert (await handle(WebhookCommand("stripe", headers, body))).ignored
    with pytest.raises(UnknownFactoryKey) as error:
        await handle(WebhookCommand("visa", headers, body))
    assert status_of(error.value) == 404 and "stripe" in error.value.extra["known"]


async def test_refund_event_settles_a_pending_refund(handle, create_payment, refund_payment, fakes, db):
    """A refund left pending by the gateway is settled by its webhook, emitting refund_processed once."""
    fakes["stripe"].status = PaymentStatus.SUCCEEDED
    payment = await _pending(create_payment)
    fakes["stripe"].refund_status = RefundStatus.PENDING
    reply = await refund_payment(RefundCommand(payment["id"], RefundBody(amount=Decimal("5.00"))))
    refund_id = answer_json(reply)["refund"]["id"]
    headers, body = signed(
        id="evt_5",
        transaction_id=payment["transaction_id"],
        refund_id="re_1",
        refund_status="succeeded",
        data={"merchant_refund_id": refund_id},
    )
    await handle(WebhookCommand("stripe", headers, body))
    await handle(WebhookCommand("stripe", headers, body))
    assert db.refunds[refund_id].status is RefundStatus.SUCCEEDED
    assert db.refunds[refund_id].gateway_refund_id == "re_1"
    assert _types(db, payment["id"]).count(EventType.REFUND_PROCESSED) == 1


async def test_a_webhook_that_beats_the_charge_reply_is_not_overwritten(
    uow, gateways, fakes, create_payment, db, payment_cache
):
    """If the provider's webhook settles the payment before the charge call returns, the reply is
    201 with that state and payment_processed is recorded once."""
    handle = HandleWebhook(uow, gateways, payment_cache)

    class RacingGateway(SignedFakeGateway):
        async def process(self, request):
            headers, body = signed(
                id="evt_race",
                transaction_id="pi_race",
                status="succeeded",
                data={"payment_id": request.payment_id},
                **PAID,
            )
            await handle(WebhookCommand("stripe", headers, body))
            return await super().process(request)

    fakes["stripe"] = RacingGateway("stripe")
    reply = await create_payment(
        CreatePaymentCommand(PaymentRequest(user_id="u1", amount=Decimal("20.00"), currency="USD", gateway="stripe"))
    )
    body = answer_json(reply)
    assert reply.replay is None and body["status"] == "succeeded"
    assert [a["outcome"] for a in body["attempts"]] == ["succeeded"]
    assert _types(db, body["id"]).count(EventType.PAYMENT_PROCESSED) == 1


async def test_a_refund_webhook_that_beats_the_refund_reply_settles_it_once(
    uow, gateways, fakes, create_payment, refund_payment, db, payment_cache
):
    """A refund.* webhook arriving during the Refunds call leaves one refund_processed, not two."""
    handle = HandleWebhook(uow, gateways, payment_cache)

    class RacingGateway(SignedFakeGateway):
        async def refund(self, request):
            headers, body = signed(
                id="evt_refund_race",
                transaction_id=request.transaction_id,
                refund_id="re_race",
                refund_status="succeeded",
                data={"merchant_refund_id": request.refund_id},
            )
            await handle(WebhookCommand("stripe", headers, body))
            return await super().refund(request)

    fakes["stripe"] = RacingGateway("stripe")
    payment = await _pending(create_payment)
    reply = await refund_payment(RefundCommand(payment["id"], RefundBody(amount=Decimal("5.00"))))
    body = answer_json(reply)
    assert reply.replay is None and body["refund"]["status"] == "succeeded"
    assert _types(db, payment["id"]).count(EventType.REFUND_PROCESSED) == 1
    assert body["payment"]["refunded"] == "5.00"
