"""Authorize 100.00, capture 60.00, cancel another: the production profile through the live
Stripe, PayPal and Razorpay adapters, each against its provider's contract server."""

from __future__ import annotations

import hashlib
import hmac

from tests.contract import paypal_api, razorpay_api, stripe_api
from tests.contract.server import Reply

HELD = {"user_id": "user123", "amount": "100.00", "capture_method": "manual"}


def _captured_60(body: dict) -> None:
    assert (body["status"], body["amount_captured"], body["refundable"]) == ("succeeded", "60.00", "60.00")


async def _stripe_held(api, stripe, intent_id: str) -> dict:
    stripe.route(
        "POST",
        stripe_api.INTENTS,
        stripe_api.echo_intent("requires_capture", id=intent_id),
        check=stripe_api.check_create_intent,
    )
    created = await api.post(
        "/api/v1/payments",
        json={**HELD, "currency": "USD", "gateway": "stripe", "payment_method": "pm_card_visa"},
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["status"], body["transaction_id"]) == ("requires_capture", intent_id)
    assert stripe.calls("POST", stripe_api.INTENTS)[-1].form()["capture_method"] == "manual"
    return body


async def test_stripe_authorize_100_capture_60(api, stripe):
    held = await _stripe_held(api, stripe, "pi_3E2eHeld")
    stripe.route("POST", stripe_api.CAPTURE, stripe_api.captured_intent, check=stripe_api.check_capture)
    captured = await api.post(
        f"/api/v1/payments/{held['id']}/capture", json={"amount": "60.00"}, headers={"Idempotency-Key": "cap-s"}
    )
    assert captured.status_code == 200, captured.text
    _captured_60(captured.json())
    assert stripe.calls("POST", stripe_api.CAPTURE)[0].form() == {"amount_to_capture": "6000"}


async def test_stripe_cancel_gives_canceled(api, stripe):
    held = await _stripe_held(api, stripe, "pi_3E2eVoid")
    stripe.route("POST", stripe_api.CANCEL, stripe_api.canceled_intent, check=stripe_api.check_cancel)
    canceled = await api.post(f"/api/v1/payments/{held['id']}/cancel", json={"reason": "requested_by_customer"})
    assert canceled.status_code == 200 and canceled.json()["status"] == "canceled"
    assert stripe.calls("POST", stripe_api.CANCEL)[0].path == "/v1/payment_intents/pi_3E2eVoid/cancel"


async def _paypal_held(api, stripe, production) -> tuple[dict, paypal_api.TokenIssuer]:
    """The order (intent AUTHORIZE) is approved by the payer; reconciliation authorizes it."""
    issuer = paypal_api.TokenIssuer(stripe)
    stripe.route(
        "POST",
        paypal_api.ORDERS,
        Reply(201, paypal_api.order("CREATED")),
        check=paypal_api.check_create_order(issuer),
    )
    created = (await api.post("/api/v1/payments", json={**HELD, "currency": "USD", "gateway": "paypal"})).json()
    assert created["status"] == "requires_action"
    approved = {**paypal_api.order("APPROVED"), "intent": "AUTHORIZE"}
    stripe.route("GET", paypal_api.ORDER, Reply(200, approved), check=issuer.authorised)
    stripe.route(
        "POST",
        paypal_api.AUTHORIZE,
        Reply(201, paypal_api.authorized_order()),
        check=paypal_api.check_authorize(issuer),
    )
    await production.payments.reconcile_payments()()
    held = (await api.get(f"/api/v1/payments/{created['id']}")).json()
    assert (held["status"], held["transaction_id"]) == ("requires_capture", paypal_api.AUTHORIZATION_ID)
    return held, issuer


async def test_paypal_authorize_100_capture_60(api, stripe, production):
    held, issuer = await _paypal_held(api, stripe, production)
    stripe.route(
        "POST",
        paypal_api.AUTH_CAPTURE,
        paypal_api.authorization_capture,
        check=paypal_api.check_authorization_capture(issuer),
    )
    captured = await api.post(f"/api/v1/payments/{held['id']}/capture", json={"amount": "60.00"})
    assert captured.status_code == 200, captured.text
    _captured_60(captured.json())
    assert captured.json()["transaction_id"] == paypal_api.CAPTURE_ID  # refunds are made against the capture
    assert stripe.calls("POST", paypal_api.AUTH_CAPTURE)[0].json()["amount"]["value"] == "60.00"


async def test_paypal_cancel_gives_canceled(api, stripe, production):
    held, issuer = await _paypal_held(api, stripe, production)
    stripe.route("POST", paypal_api.AUTH_VOID, Reply(204, b""), check=paypal_api.check_void(issuer))
    canceled = await api.post(f"/api/v1/payments/{held['id']}/cancel")
    assert canceled.status_code == 200 and canceled.json()["status"] == "canceled"


async def _razorpay_held(api, stripe) -> dict:
    """Checkout authorized the payment; the client hands its id and signature over."""
    stripe.route(
        "GET",
        razorpay_api.PAYMENT,
        Reply(200, razorpay_api.payment("authorized", amount=10000)),
        check=razorpay_api.check_get,
    )
    signature = hmac.new(
        razorpay_api.KEY_SECRET.encode(),
        f"{razorpay_api.ORDER_ID}|{razorpay_api.PAYMENT_ID}".encode(),
        hashlib.sha256,
    ).hexdigest()
    created = await api.post(
        "/api/v1/payments",
        json={
            **HELD,
            "currency": "INR",
            "gateway": "razorpay",
            "payment_method": razorpay_api.PAYMENT_ID,
            "metadata": {"razorpay_order_id": razorpay_api.ORDER_ID, "razorpay_signature": signature},
        },
    )
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "requires_capture"
    assert not stripe.calls("POST", razorpay_api.CAPTURE)
    return created.json()


async def test_razorpay_authorize_100_capture_60(api, stripe):
    held = await _razorpay_held(api, stripe)
    stripe.route(
        "POST",
        razorpay_api.CAPTURE,
        Reply(200, razorpay_api.payment("captured", amount=10000)),
        check=lambda r: razorpay_api.check_capture(r, authorized=10000),
    )
    stripe.route(
        "POST", razorpay_api.REFUND, Reply(200, razorpay_api.refund(amount=4000)), check=razorpay_api.check_refund
    )
    captured = await api.post(f"/api/v1/payments/{held['id']}/capture", json={"amount": "60.00"})
    assert captured.status_code == 200, captured.text
    _captured_60(captured.json())
    assert stripe.calls("POST", razorpay_api.REFUND)[0].json()["amount"] == 4000  # the rest is released


async def test_razorpay_cancel_gives_canceled(api, stripe):
    held = await _razorpay_held(api, stripe)
    canceled = await api.post(f"/api/v1/payments/{held['id']}/cancel")
    assert canceled.status_code == 200 and canceled.json()["status"] == "canceled"
    assert [r.method for r in stripe.requests].count("POST") == 0  # Razorpay has no void: the hold lapses


async def test_live_bank_transfer_cannot_hold_an_authorization(api):
    """The live bank_transfer adapter has no authorization to capture later: 422 naming capture_method."""
    response = await api.post("/api/v1/payments", json={**HELD, "currency": "EUR", "gateway": "bank_transfer"})
    assert response.status_code == 422 and response.json()["field"] == "capture_method"


async def test_live_digital_wallet_cannot_hold_an_authorization(api):
    wallet = {"wallet_id": "w-1", "provider": "paytm"}
    response = await api.post(
        "/api/v1/payments", json={**HELD, "currency": "USD", "gateway": "digital_wallet", "wallet_details": wallet}
    )
    assert response.status_code == 422 and response.json()["field"] == "capture_method"
