"""The production profile takes a card payment and a partial refund through the live Stripe adapter."""

from __future__ import annotations

from tests.contract import stripe_api
from tests.contract.server import Reply


async def test_payment_and_partial_refund_through_stripe(api, stripe):
    """POST /payments confirms a PaymentIntent; POST /refund calls Stripe's Refunds API for part of it."""
    stripe.route(
        "POST",
        stripe_api.INTENTS,
        stripe_api.echo_intent("succeeded", id="pi_3E2eCard"),
        check=stripe_api.check_create_intent,
    )
    created = await api.post(
        "/api/v1/payments",
        json={
            "user_id": "user123",
            "amount": "100.50",
            "currency": "USD",
            "gateway": "stripe",
            "payment_method": "pm_card_visa",
        },
        headers={"Idempotency-Key": "e2e-pay-1"},
    )
    assert created.status_code == 201, created.text
    payment = created.json()
    assert payment["status"] == "succeeded" and payment["transaction_id"] == "pi_3E2eCard"
    intent = stripe.requests[-1].form()
    assert intent["amount"] == "10050" and intent["currency"] == "usd"
    assert intent["payment_method"] == "pm_card_visa" and intent["confirm"] == "true"

    stripe.route(
        "POST",
        stripe_api.REFUNDS,
        Reply(200, stripe_api.refund("succeeded", amount=2500)),
        check=stripe_api.check_refund,
    )
    refunded = await api.post(f"/api/v1/payments/{payment['id']}/refund", json={"amount": "25.00"})
    assert refunded.status_code == 201, refunded.text
    assert refunded.json()["refund"]["status"] == "succeeded"
    sent = stripe.requests[-1].form()
    assert sent["payment_intent"] == "pi_3E2eCard" and sent["amount"] == "2500"

    shown = (await api.get(f"/api/v1/payments/{payment['id']}")).json()
    assert shown["status"] == "partially_refunded"
    assert shown["refunded"] == "25.00" and shown["refundable"] == "75.50"


async def test_the_api_key_is_required(api):
    """The production profile refuses calls without X-API-Key."""
    response = await api.get("/api/v1/payments", headers={"X-API-Key": ""})
    assert response.status_code == 401


async def test_reconciliation_settles_from_stripe_retrieve(api, stripe, production):
    """A payment left in requires_action is re-fetched (GET /v1/payment_intents/{id}) and settled."""
    stripe.route(
        "POST",
        stripe_api.INTENTS,
        stripe_api.echo_intent("requires_action", id="pi_3E2eLate"),
        check=stripe_api.check_create_intent,
    )
    created = (
        await api.post(
            "/api/v1/payments",
            json={
                "user_id": "user123",
                "amount": "10.00",
                "currency": "USD",
                "gateway": "stripe",
                "payment_method": "pm_card_threeDSecure2Required",
            },
        )
    ).json()
    assert created["status"] == "requires_action"
    stripe.route(
        "GET",
        stripe_api.INTENT,
        Reply(200, stripe_api.intent("succeeded", id="pi_3E2eLate")),
        check=stripe_api.check_retrieve,
    )
    report = await production.payments.reconcile_payments()()
    assert report.changed == 1
    assert stripe.requests[-1].path == "/v1/payment_intents/pi_3E2eLate"
    shown = (await api.get(f"/api/v1/payments/{created['id']}")).json()
    assert shown["status"] == "succeeded" and shown["attempts"][-1]["outcome"] == "reconciled:succeeded"
