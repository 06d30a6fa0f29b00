"""RazorpayGateway against a local server that holds it to Razorpay's documented API."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from adapters.gateways.razorpay import RazorpayGateway
from domain.errors import InvalidInput, ProviderUnavailable, WebhookSignatureInvalid
from domain.payment import PaymentStatus, RefundStatus
from tests.contract import builders
from tests.contract import razorpay_api as api
from tests.contract.server import Reply

WEBHOOK_SECRET = "rzp_whsec_contract"
CREDENTIALS = {"key_id": api.KEY_ID, "key_secret": api.KEY_SECRET, "webhook_secret": WEBHOOK_SECRET}


@pytest.fixture
def razorpay(http, sleeps) -> RazorpayGateway:
    return RazorpayGateway(
        http, credentials=CREDENTIALS, options={"checkout_url": "https://shop.test/pay/{order_id}"}, sleep=sleeps
    )


def checkout_signature(order_id: str, payment_id: str, secret: str = api.KEY_SECRET) -> str:
    return hmac.new(secret.encode(), f"{order_id}|{payment_id}".encode(), hashlib.sha256).hexdigest()


async def test_order_in_paise_needs_checkout(razorpay, server):
    """POST /v1/orders (amount in paise, receipt = our payment id) -> REQUIRES_ACTION to Checkout."""
    server.route("POST", api.ORDERS, Reply(200, api.order()), check=api.check_order)
    outcome = await razorpay.process(builders.charge("100.50", "INR"))
    assert outcome.status is PaymentStatus.REQUIRES_ACTION
    assert outcome.transaction_id == api.ORDER_ID
    assert outcome.next_action_url == f"https://shop.test/pay/{api.ORDER_ID}"
    assert outcome.data["key_id"] == api.KEY_ID
    body = server.calls("POST", api.ORDERS)[0].json()
    assert (body["amount"], body["currency"]) == (10050, "INR")
    assert body["receipt"] == "pay_01JCONTRACT0000000000000000"


async def test_payment_signature_helper(razorpay):
    """HMAC-SHA256 of order_id|payment_id with the key secret; anything else is refused."""
    good = checkout_signature(api.ORDER_ID, api.PAYMENT_ID)
    assert razorpay.verify_payment_signature(api.ORDER_ID, api.PAYMENT_ID, good)
    assert not razorpay.verify_payment_signature(api.ORDER_ID, "pay_other", good)
    assert not razorpay.verify_payment_signature(
        api.ORDER_ID, api.PAYMENT_ID, checkout_signature(api.ORDER_ID, api.PAYMENT_ID, "wrong")
    )


async def test_signed_checkout_payment_is_captured(razorpay, server):
    """A payment id with a valid Checkout signature is captured for the amount -> SUCCEEDED."""
    server.route("POST", api.CAPTURE, Reply(200, api.payment("captured")), check=api.check_capture)
    metadata = {
        "razorpay_order_id": api.ORDER_ID,
        "razorpay_signature": checkout_signature(api.ORDER_ID, api.PAYMENT_ID),
    }
    outcome = await razorpay.process(builders.charge("100.50", "INR", payment_method=api.PAYMENT_ID, metadata=metadata))
    assert (outcome.status, outcome.transaction_id) == (PaymentStatus.SUCCEEDED, api.PAYMENT_ID)
    assert server.calls("POST", api.CAPTURE)[0].json() == {"amount": 10050, "currency": "INR"}


async def test_forged_checkout_signature_is_refused_before_any_call(razorpay, server):
    """A payment id whose signature does not match is InvalidInput and nothing is captured."""
    metadata = {"razorpay_order_id": api.ORDER_ID, "razorpay_signature": "0" * 64}
    with pytest.raises(InvalidInput) as caught:
        await razorpay.process(builders.charge("100.50", "INR", payment_method=api.PAYMENT_ID, metadata=metadata))
    assert caught.value.field == "metadata.razorpay_signature"
    assert server.requests == []


async def test_fetch_status_of_an_order_captures_its_authorized_payment(razorpay, server):
    """An order's authorized payment is captured on reconciliation; a failed one is skipped."""
    server.route(
        "GET",
        api.ORDER_PAYMENTS,
        Reply(200, {"entity": "collection", "count": 2, "items": [api.failed_payment(), api.payment("authorized")]}),
        check=api.check_get,
    )
    server.route("GET", api.ORDER, Reply(200, api.order("attempted")), check=api.check_get)  # automatic
    server.route("POST", api.CAPTURE, Reply(200, api.payment("captured")), check=api.check_capture)
    outcome = await razorpay.fetch_status(api.ORDER_ID)
    assert (outcome.status, outcome.transaction_id) == (PaymentStatus.SUCCEEDED, api.PAYMENT_ID)
    assert server.calls("POST", api.CAPTURE)[0].path == f"/v1/payments/{api.PAYMENT_ID}/capture"


async def test_order_with_only_failed_attempts_still_awaits_checkout(razorpay, server):
    """The payer may retry on the same order, so failed attempts alone keep REQUIRES_ACTION."""
    server.route(
        "GET",
        api.ORDER_PAYMENTS,
        Reply(200, {"entity": "collection", "count": 1, "items": [api.failed_payment()]}),
        check=api.check_get,
    )
    assert (await razorpay.fetch_status(api.ORDER_ID)).status is PaymentStatus.REQUIRES_ACTION


async def test_fetch_status_of_a_failed_payment_carries_its_error(razorpay, server):
    """GET /v1/payments/{id} failed -> FAILED with Razorpay's reason and description."""
    server.route("GET", api.PAYMENT, Reply(200, api.failed_payment(api.PAYMENT_ID)), check=api.check_get)
    outcome = await razorpay.fetch_status(api.PAYMENT_ID)
    assert (outcome.status, outcome.failure_code) == (PaymentStatus.FAILED, "payment_failed")
    assert outcome.failure_reason == "Payment failed because the card was declined."
    assert outcome.decline == "hard"  # payment_failed is not one of Razorpay's soft reasons


async def test_partial_refund_with_an_idempotency_key(razorpay, server):
    """POST /v1/payments/{id}/refund with the partial amount and X-Refund-Idempotency."""
    server.route("POST", api.REFUND, Reply(200, api.refund("processed")), check=api.check_refund)
    outcome = await razorpay.refund(builders.refund(api.PAYMENT_ID, "25.00", "INR"))
    assert (outcome.status, outcome.gateway_refund_id) == (RefundStatus.SUCCEEDED, "rfnd_FP8QHiV938haTz")
    sent = server.calls("POST", api.REFUND)[0]
    assert sent.json()["amount"] == 2500
    assert sent.headers["x-refund-idempotency"] == "idem-7f3a9c1e-refund"


async def test_refund_razorpay_refuses_is_failed(razorpay, server):
    """A 400 on refund (more than captured) is a FAILED refund with the description."""
    server.route(
        "POST",
        api.REFUND,
        api.bad_request("The refund amount provided is greater than amount captured"),
        check=api.check_refund,
    )
    outcome = await razorpay.refund(builders.refund(api.PAYMENT_ID, "25.00", "INR"))
    assert outcome.status is RefundStatus.FAILED


async def test_order_amount_error_names_the_amount_field(razorpay, server):
    """Razorpay's 400 with field=amount is InvalidInput(amount)."""
    server.route(
        "POST", api.ORDERS, api.bad_request("The amount must be at least INR 1.00", "amount"), check=api.check_order
    )
    with pytest.raises(InvalidInput) as caught:
        await razorpay.process(builders.charge("0.50", "INR"))
    assert caught.value.field == "amount"


@pytest.mark.parametrize("status", [429, 502])
async def test_transient_answers_are_retried(razorpay, server, status):
    """429/5xx then success: the same order request is sent again and succeeds."""
    server.route(
        "POST",
        api.ORDERS,
        Reply(status, {"error": {"code": "SERVER_ERROR"}}),
        Reply(200, api.order()),
        check=api.check_order,
    )
    assert (await razorpay.process(builders.charge("100.50", "INR"))).transaction_id == api.ORDER_ID
    assert len(server.calls("POST", api.ORDERS)) == 2


async def test_persistent_5xx_on_capture_is_unavailable_and_indeterminate(razorpay, server):
    """Capturing moves money: after the retries a 500 leaves the outcome unknown."""
    server.route("POST", api.CAPTURE, Reply(500, {"error": {"code": "SERVER_ERROR"}}), check=api.check_capture)
    metadata = {
        "razorpay_order_id": api.ORDER_ID,
        "razorpay_signature": checkout_signature(api.ORDER_ID, api.PAYMENT_ID),
    }
    with pytest.raises(ProviderUnavailable) as caught:
        await razorpay.process(builders.charge("100.50", "INR", payment_method=api.PAYMENT_ID, metadata=metadata))
    assert caught.value.extra["indeterminate"] is True


def webhook(kind: str, payload: dict) -> bytes:
    return json.dumps(
        {
            "entity": "event",
            "account_id": "acc_BFQ7uQEaa7j2z7",
            "event": kind,
            "contains": list(payload),
            "payload": payload,
            "created_at": 1567674606,
        }
    ).encode()


async def test_webhook_signed_with_the_secret_is_accepted(razorpay):
    """X-Razorpay-Signature = hex HMAC-SHA256(raw body); the event id comes from its header."""
    body = webhook("payment.captured", {"payment": {"entity": api.payment("captured")}})
    signature = hmac.new(WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    event = await razorpay.verify_webhook(
        {"X-Razorpay-Signature": signature, "x-razorpay-event-id": "KaV3zB1sN8xyzR"}, body
    )
    assert (event.provider_event_id, event.transaction_id) == ("KaV3zB1sN8xyzR", api.PAYMENT_ID)
    assert (event.payment_status, event.data["order_id"]) == (PaymentStatus.SUCCEEDED, api.ORDER_ID)


@pytest.mark.parametrize("signature", ["wrong-secret", "tampered", "missing"])
async def test_webhook_with_a_bad_signature_is_rejected(razorpay, signature):
    """A signature from another secret, over another body, or none at all: 400."""
    body = webhook("payment.captured", {"payment": {"entity": api.payment("captured")}})
    secret = "other" if signature == "wrong-secret" else WEBHOOK_SECRET
    headers = {"X-Razorpay-Signature": hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()}
    if signature == "tampered":
        body = body.replace(b"captured", b"refunded")
    if signature == "missing":
        headers = {}
    with pytest.raises(WebhookSignatureInvalid):
        await razorpay.verify_webhook(headers, body)


async def test_refund_webhook_settles_the_refund(razorpay):
    """refund.processed maps to a SUCCEEDED refund of the payment."""
    body = webhook("refund.processed", {"refund": {"entity": api.refund("processed")}})
    signature = hmac.new(WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    event = await razorpay.verify_webhook({"x-razorpay-signature": signature, "x-razorpay-event-id": "evt1"}, body)
    assert (event.refund_id, event.refund_status) == ("rfnd_FP8QHiV938haTz", RefundStatus.SUCCEEDED)
    assert event.transaction_id == api.PAYMENT_ID
