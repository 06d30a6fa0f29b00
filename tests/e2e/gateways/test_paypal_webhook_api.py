"""PayPal webhooks over HTTP: PayPal's verify-webhook-signature API decides, then the capture settles."""

from __future__ import annotations

from tests.contract import paypal_api
from tests.contract.server import Reply

HEADERS = {
    "PAYPAL-AUTH-ALGO": "SHA256withRSA",
    "PAYPAL-CERT-URL": "https://api.paypal.com/v1/notifications/certs/CERT-360caa42",
    "PAYPAL-TRANSMISSION-ID": "69cd13f0-d67a-11e5-baa3-778b53f4ae55",
    "PAYPAL-TRANSMISSION-SIG": "lmI95Jx3Y9nhR5SJWlHVIWpg4AgFk7n9bCHSRxbrd8A9zrhdu2rMyFrmz",
    "PAYPAL-TRANSMISSION-TIME": "2024-06-20T20:01:35Z",
    "Content-Type": "application/json",
}


async def test_paypal_capture_completed_settles_only_when_paypal_verifies(api, stripe):
    """FAILURE from PayPal's verification is a 400 and no change; SUCCESS settles the payment."""
    issuer = paypal_api.TokenIssuer(stripe)
    stripe.route(
        "POST",
        paypal_api.ORDERS,
        Reply(201, paypal_api.order("PAYER_ACTION_REQUIRED")),
        check=paypal_api.check_create_order(issuer),
    )
    created = await api.post(
        "/api/v1/payments", json={"user_id": "user123", "amount": "100.50", "currency": "USD", "gateway": "paypal"}
    )
    payment = created.json()
    assert payment["status"] == "requires_action", created.text
    capture = {**paypal_api.capture("COMPLETED"), "custom_id": payment["id"]}
    body = paypal_api.event_body("PAYMENT.CAPTURE.COMPLETED", capture)

    stripe.route(
        "POST", paypal_api.VERIFY, Reply(200, {"verification_status": "FAILURE"}), check=paypal_api.check_verify(issuer)
    )
    refused = await api.post("/api/v1/webhooks/paypal", content=body, headers=HEADERS)
    assert refused.status_code == 400 and refused.json()["code"] == "webhook_signature_invalid"
    assert (await api.get(f"/api/v1/payments/{payment['id']}")).json()["status"] == "requires_action"

    stripe.route(
        "POST", paypal_api.VERIFY, Reply(200, {"verification_status": "SUCCESS"}), check=paypal_api.check_verify(issuer)
    )
    accepted = await api.post("/api/v1/webhooks/paypal", content=body, headers=HEADERS)
    assert accepted.status_code == 200 and accepted.json()["status"] == "succeeded", accepted.text
    shown = (await api.get(f"/api/v1/payments/{payment['id']}")).json()
    assert shown["status"] == "succeeded" and shown["transaction_id"] == paypal_api.CAPTURE_ID
