"""Signed provider webhooks over HTTP: one settlement per event, bad signatures change nothing."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import pytest

from tests.contract import razorpay_api, stripe_api
from tests.contract.server import Reply
from tests.e2e.gateways.conftest import RAZORPAY_WEBHOOK_SECRET, STRIPE_WEBHOOK_SECRET


def _stripe_signed(
    event: dict, secret: str = STRIPE_WEBHOOK_SECRET, at: int | None = None
) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(event).encode()
    t = str(at if at is not None else int(time.time()))
    v1 = hmac.new(secret.encode(), t.encode() + b"." + body, hashlib.sha256).hexdigest()
    return body, {"Stripe-Signature": f"t={t},v1={v1}", "Content-Type": "application/json"}


def _succeeded(payment_id: str, event_id: str = "evt_3E2eSucceeded") -> dict:
    intent = stripe_api.intent("succeeded", id="pi_3E2eAction", amount=4200)
    intent["metadata"] = {"payment_id": payment_id}
    return {"id": event_id, "object": "event", "type": "payment_intent.succeeded", "data": {"object": intent}}


@pytest.fixture
async def waiting(api, stripe) -> dict:
    """A card payment Stripe left in requires_action (3-D Secure)."""
    stripe.route(
        "POST",
        stripe_api.INTENTS,
        stripe_api.echo_intent(
            "requires_action",
            id="pi_3E2eAction",
            next_action={"type": "redirect_to_url", "redirect_to_url": {"url": "https://hooks.example/3ds"}},
        ),
        check=stripe_api.check_create_intent,
    )
    created = await api.post(
        "/api/v1/payments",
        json={
            "user_id": "user123",
            "amount": "42.00",
            "currency": "USD",
            "gateway": "stripe",
            "payment_method": "pm_card_threeDSecure2Required",
        },
    )
    assert created.json()["status"] == "requires_action", created.text
    return created.json()


async def _status(api, payment_id: str) -> str:
    return (await api.get(f"/api/v1/payments/{payment_id}")).json()["status"]


async def test_stripe_event_settles_once_and_a_replay_is_acknowledged(api, production, waiting):
    """payment_intent.succeeded moves the payment to succeeded with one payment_processed; the replay is 200."""
    seen = []

    async def record(event):
        seen.append(event)

    production.infrastructure.event_bus().subscribe("webhook-test", record)
    body, headers = _stripe_signed(_succeeded(waiting["id"]))
    first = await api.post("/api/v1/webhooks/stripe", content=body, headers=headers)
    assert first.status_code == 200 and first.json()["status"] == "succeeded", first.text
    again = await api.post("/api/v1/webhooks/stripe", content=body, headers=headers)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    await production.events.outbox_relay().relay_once()
    processed = [e for e in seen if e.aggregate_id == waiting["id"] and e.data["status"] == "succeeded"]
    assert len(processed) == 1
    assert await _status(api, waiting["id"]) == "succeeded"


@pytest.mark.parametrize("case", ["wrong_secret", "tampered", "stale"])
async def test_bad_signatures_are_400_and_change_nothing(api, waiting, case):
    """A wrong secret, a body changed after signing or an old timestamp is a 400 problem; nothing moves."""
    event = _succeeded(waiting["id"], event_id=f"evt_3E2e{case}")
    secret = "whsec_someone_else" if case == "wrong_secret" else STRIPE_WEBHOOK_SECRET
    at = int(time.time()) - 3600 if case == "stale" else None
    body, headers = _stripe_signed(event, secret, at)
    if case == "tampered":
        body = body.replace(b"4200", b"1")
    response = await api.post("/api/v1/webhooks/stripe", content=body, headers=headers)
    assert response.status_code == 400 and response.json()["code"] == "webhook_signature_invalid"
    assert await _status(api, waiting["id"]) == "requires_action"


async def test_unknown_gateway_and_unknown_payment(api):
    """An unknown gateway is a 404 listing the known ones; an event for no payment of ours is ignored."""
    missing = await api.post("/api/v1/webhooks/visa", content=b"{}")
    assert missing.status_code == 404 and "stripe" in missing.json()["known"]
    body, headers = _stripe_signed(_succeeded("pay_nobody", event_id="evt_3E2eNobody"))
    ignored = await api.post("/api/v1/webhooks/stripe", content=body, headers=headers)
    assert ignored.status_code == 200 and ignored.json()["ignored"] is True


async def test_razorpay_signed_payment_captured_settles_the_order(api, stripe):
    """X-Razorpay-Signature (HMAC-SHA256 of the raw body) is checked and payment.captured settles it."""
    stripe.route(
        "POST", razorpay_api.ORDERS, Reply(200, razorpay_api.order(amount=50000)), check=razorpay_api.check_order
    )
    created = await api.post(
        "/api/v1/payments", json={"user_id": "user123", "amount": "500.00", "currency": "INR", "gateway": "razorpay"}
    )
    payment = created.json()
    assert payment["status"] == "requires_action", created.text
    event = {
        "entity": "event",
        "event": "payment.captured",
        "payload": {
            "payment": {"entity": razorpay_api.payment("captured", amount=50000, notes={"payment_id": payment["id"]})}
        },
    }
    body = json.dumps(event).encode()
    signature = hmac.new(RAZORPAY_WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    headers = {
        "X-Razorpay-Signature": signature,
        "X-Razorpay-Event-Id": "rzp_evt_e2e_1",
        "Content-Type": "application/json",
    }
    bad = await api.post(
        "/api/v1/webhooks/razorpay", content=body, headers={**headers, "X-Razorpay-Signature": "0" * 64}
    )
    assert bad.status_code == 400
    good = await api.post("/api/v1/webhooks/razorpay", content=body, headers=headers)
    assert good.status_code == 200 and good.json()["status"] == "succeeded", good.text
    shown = (await api.get(f"/api/v1/payments/{payment['id']}")).json()
    assert shown["status"] == "succeeded" and shown["transaction_id"] == razorpay_api.PAYMENT_ID


async def test_webhooks_need_no_api_key(api, waiting):
    """Providers send no X-API-Key: the webhook path is public and the signature authenticates it."""
    body, headers = _stripe_signed(_succeeded(waiting["id"], event_id="evt_3E2ePublic"))
    response = await api.post("/api/v1/webhooks/stripe", content=body, headers={**headers, "X-API-Key": ""})
    assert response.status_code == 200 and response.json()["status"] == "succeeded"


async def test_hostile_signed_events_are_never_5xx(api, waiting):
    """Deep JSON and invalid UTF-8 are 400 before any signature check; a signed event with NUL in
    its ids or text is acknowledged without settling anything (no database could store the NUL)."""
    deep = b'{"id":"evt_deep","data":' + b"[" * 5000 + b"]" * 5000 + b"}"
    for raw, code in ((deep, "too_deeply_nested"), (b'{"id":"evt_\xff"}', "invalid_utf8")):
        body, headers = _stripe_signed({})
        response = await api.post("/api/v1/webhooks/stripe", content=raw, headers=headers)
        assert (response.status_code, response.json()["code"]) == (400, code), response.text
    event = _succeeded(waiting["id"], event_id="evt_3E2e\u0000nul")
    event["data"]["object"]["id"] = "pi_3E2e\u0000Action"
    event["data"]["object"]["last_payment_error"] = {"message": "bad\u0000text"}
    body, headers = _stripe_signed(event)
    response = await api.post("/api/v1/webhooks/stripe", content=body, headers=headers)
    assert response.status_code == 200 and response.json()["ignored"] is True, response.text
    assert await _status(api, waiting["id"]) == "requires_action"
