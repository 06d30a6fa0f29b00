"""Stripe-Signature verification and the mapping of Stripe events to our WebhookEvent."""

from __future__ import annotations

import hashlib
import hmac
import json

import httpx
import pytest

from adapters.gateways.stripe import StripeGateway
from domain.errors import InvalidInput, WebhookSignatureInvalid
from domain.payment import PaymentStatus, RefundStatus
from entrypoints.problems import status_of

NOW = 1_730_000_000
SECRET, OLD_SECRET = "whsec_new", "whsec_old"


def sign(body: bytes, secret: str, t: int = NOW) -> str:
    return hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()


def event(kind: str, obj: dict) -> bytes:
    return json.dumps({"id": "evt_1Contract", "object": "event", "type": kind, "data": {"object": obj}}).encode()


SUCCEEDED = event(
    "payment_intent.succeeded",
    {"id": "pi_1", "object": "payment_intent", "status": "succeeded", "metadata": {"payment_id": "pay_1"}},
)


def gateway(secrets: str = SECRET, now: int = NOW) -> StripeGateway:
    return StripeGateway(httpx.AsyncClient(), credentials={"webhook_secrets": secrets}, options={}, clock=lambda: now)


async def test_valid_signature_yields_the_event():
    """A body signed with the configured secret within tolerance is accepted and mapped."""
    header = f"t={NOW},v1={sign(SUCCEEDED, SECRET)}"
    result = await gateway().verify_webhook({"Stripe-Signature": header}, SUCCEEDED)
    assert result.provider_event_id == "evt_1Contract"
    assert (result.transaction_id, result.payment_status) == ("pi_1", PaymentStatus.SUCCEEDED)
    assert result.data["payment_id"] == "pay_1"


@pytest.mark.parametrize("case", ["wrong secret", "tampered body", "stale", "future", "no v1", "no header", "garbage"])
async def test_bad_signatures_are_rejected(case):
    """Wrong secret, changed body, old or future timestamp, or a malformed header: 400, nothing else."""
    body, header = SUCCEEDED, f"t={NOW},v1={sign(SUCCEEDED, SECRET)}"
    if case == "wrong secret":
        header = f"t={NOW},v1={sign(SUCCEEDED, 'whsec_other')}"
    elif case == "tampered body":
        body = SUCCEEDED.replace(b"pi_1", b"pi_2")
    elif case == "stale":
        header = f"t={NOW - 301},v1={sign(SUCCEEDED, SECRET, NOW - 301)}"
    elif case == "future":
        header = f"t={NOW + 301},v1={sign(SUCCEEDED, SECRET, NOW + 301)}"
    elif case == "no v1":
        header = f"t={NOW},v0={sign(SUCCEEDED, SECRET)}"
    elif case == "garbage":
        header = "nonsense"
    headers = {} if case == "no header" else {"Stripe-Signature": header}
    with pytest.raises(WebhookSignatureInvalid) as caught:
        await gateway().verify_webhook(headers, body)
    assert status_of(caught.value) == 400
    assert isinstance(caught.value, InvalidInput)


async def test_timestamp_inside_the_tolerance_is_accepted():
    """299 s old is still within Stripe's default 300 s tolerance."""
    header = f"t={NOW - 299},v1={sign(SUCCEEDED, SECRET, NOW - 299)}"
    assert (await gateway().verify_webhook({"stripe-signature": header}, SUCCEEDED)).transaction_id


async def test_rotated_secrets_both_verify():
    """With two configured secrets (rotation), bodies signed by either one are accepted."""
    for secret in (SECRET, OLD_SECRET):
        header = f"t={NOW},v1={sign(SUCCEEDED, secret)}"
        result = await gateway(f"{SECRET}, {OLD_SECRET}").verify_webhook({"Stripe-Signature": header}, SUCCEEDED)
        assert result.payment_status is PaymentStatus.SUCCEEDED


async def test_any_of_several_v1_signatures_may_match():
    """Stripe sends one v1 per active secret while it rolls them; one match is enough."""
    header = f"t={NOW},v1={'0' * 64},v1={sign(SUCCEEDED, SECRET)},v0=ignored"
    assert (await gateway().verify_webhook({"Stripe-Signature": header}, SUCCEEDED)).transaction_id


async def test_no_configured_secret_rejects_everything():
    """Without a webhook secret nothing can be verified, so nothing is accepted."""
    header = f"t={NOW},v1={sign(SUCCEEDED, '')}"
    with pytest.raises(WebhookSignatureInvalid):
        await gateway("").verify_webhook({"Stripe-Signature": header}, SUCCEEDED)


async def _verified(body: bytes):
    return await gateway().verify_webhook({"Stripe-Signature": f"t={NOW},v1={sign(body, SECRET)}"}, body)


async def test_payment_failed_maps_to_failed_with_the_decline_code():
    """payment_intent.payment_failed is FAILED with last_payment_error's decline code."""
    body = event(
        "payment_intent.payment_failed",
        {
            "id": "pi_2",
            "status": "requires_payment_method",
            "metadata": {},
            "last_payment_error": {
                "type": "card_error",
                "code": "card_declined",
                "decline_code": "stolen_card",
                "message": "Declined",
            },
        },
    )
    result = await _verified(body)
    assert result.payment_status is PaymentStatus.FAILED
    assert result.data["failure_code"] == "stolen_card"


async def test_refund_events_map_to_refund_status():
    """refund.updated carries the refund's status; charge.refunded uses its latest refund."""
    body = event(
        "refund.updated",
        {
            "id": "re_1",
            "object": "refund",
            "status": "succeeded",
            "payment_intent": "pi_1",
            "metadata": {"refund_id": "re_ours"},
        },
    )
    result = await _verified(body)
    assert (result.refund_id, result.refund_status) == ("re_1", RefundStatus.SUCCEEDED)
    assert (result.transaction_id, result.data["merchant_refund_id"]) == ("pi_1", "re_ours")
    charge = event(
        "charge.refunded",
        {
            "id": "ch_1",
            "payment_intent": "pi_1",
            "amount_refunded": 500,
            "refunds": {
                "data": [
                    {"id": "re_a", "status": "succeeded", "created": 1},
                    {"id": "re_b", "status": "pending", "created": 2},
                ]
            },
        },
    )
    result = await _verified(charge)
    assert (result.transaction_id, result.refund_id) == ("pi_1", "re_b")
    assert result.refund_status is RefundStatus.PENDING


async def test_other_event_types_change_nothing():
    """An event we do not act on is returned without a payment or refund status."""
    result = await _verified(event("customer.created", {"id": "cus_1"}))
    assert (result.payment_status, result.refund_status) == (None, None)
    assert result.data["event_type"] == "customer.created"
