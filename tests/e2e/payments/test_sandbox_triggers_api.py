"""Each documented sandbox trigger, over HTTP: the payment's state and the events it publishes."""

import pytest

from application.payments.reconcile_payments import ReconcilePayments
from tests.e2e.payments.conftest import OPERATOR, SEED


def _types(events, payment_id):
    return [(e.type, e.data["status"]) for e in events if e.aggregate_id == payment_id]


@pytest.mark.parametrize(
    ("fields", "status", "failure_code", "decline_code", "event"),
    [
        ({}, "succeeded", None, None, "payment_processed"),
        ({"amount": "100.02"}, "failed", "card_declined", "generic_decline", "payment_failed"),
        ({"amount": "100.95"}, "failed", "card_declined", "insufficient_funds", "payment_failed"),
        (
            {"metadata": {"sandbox_trigger": "decline"}, "payment_method": "paypal"},
            "failed",
            "card_declined",
            "generic_decline",
            "payment_failed",
        ),
        ({"amount": "100.03"}, "requires_action", None, None, "payment_processed"),
        (
            {"metadata": {"sandbox_trigger": "requires_action"}, "payment_method": "razorpay", "currency": "INR"},
            "requires_action",
            None,
            None,
            "payment_processed",
        ),
    ],
)
async def test_trigger_yields_its_documented_state_and_event(
    api, events, relay, fields, status, failure_code, decline_code, event
):
    """Amount endings and metadata.sandbox_trigger give the README's outcome and event."""
    body = (await api.post("/api/v1/payments", json={**SEED, **fields})).json()
    assert (body["status"], body["failure_code"]) == (status, failure_code)
    assert body["gateway_data"].get("decline_code") == decline_code
    assert (body["next_action_url"] is not None) is (status == "requires_action")
    await relay()
    assert _types(events, body["id"]) == [("payment_created", "created"), (event, status)]


async def test_timeout_trigger_is_pending_until_reconciliation_settles_it(container, api, events, relay):
    """100.08 times out: pending with the reason and no outcome event; reconciliation then
    finds the charge (succeeded, payment_processed)."""
    body = (await api.post("/api/v1/payments", json={**SEED, "amount": "100.08"})).json()
    assert (body["status"], body["failure_code"]) == ("pending", "gateway_timeout")
    assert "timed out" in body["failure_reason"]
    reconcile = ReconcilePayments(
        container.persistence.uow,
        container.factories.gateway_factory(),
        container.payments.payment_cache(),
        after_seconds=0,
    )
    assert (await reconcile()).changed == 1
    settled = (await api.get(f"/api/v1/payments/{body['id']}")).json()
    assert (settled["status"], settled["failure_reason"]) == ("succeeded", None)
    assert [a["outcome"] for a in settled["attempts"]] == ["timeout", "succeeded"]
    await relay()
    assert _types(events, body["id"]) == [("payment_created", "created"), ("payment_processed", "succeeded")]


async def test_bank_transfer_waits_pending_with_instructions_until_the_operator_confirms(api, events, relay):
    """bank_transfer is pending with a reference; only the operator token can confirm it, once."""
    body = (await api.post("/api/v1/payments", json={**SEED, "payment_method": "bank_transfer"})).json()
    instructions = body["gateway_data"]["transfer_instructions"]
    assert body["status"] == "pending" and instructions["reference"].startswith("FS-")
    path = f"/api/v1/payments/{body['id']}/confirm"
    assert (await api.post(path)).status_code == 401
    assert (await api.post(path, headers={"X-Operator-Token": "guess"})).status_code == 401
    wrong = await api.post(path, headers=OPERATOR, json={"reference": "FS-WRONG"})
    assert wrong.status_code == 422 and wrong.json()["field"] == "reference"
    confirmed = await api.post(path, headers=OPERATOR, json={"reference": instructions["reference"]})
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "succeeded"
    assert (await api.post(path, headers=OPERATOR)).status_code == 409
    await relay()
    assert _types(events, body["id"]) == [
        ("payment_created", "created"),
        ("payment_processed", "pending"),
        ("payment_processed", "succeeded"),
    ]


async def test_confirm_refuses_card_payments(api):
    """Only pending bank transfers can be confirmed."""
    body = (await api.post("/api/v1/payments", json=SEED)).json()
    response = await api.post(f"/api/v1/payments/{body['id']}/confirm", headers=OPERATOR)
    assert response.status_code == 409


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"payment_method": "digital_wallet"}, "wallet_details.wallet_id"),
        ({"payment_method": "digital_wallet", "wallet_details": {"provider": "gpay"}}, "wallet_details.wallet_id"),
        (
            {"payment_method": "bank_transfer", "bank_details": {"account_number": "12345678"}},
            "bank_details.account_holder",
        ),
        (
            {"payment_method": "bank_transfer", "bank_details": {"account_number": "1", "account_holder": "Ann"}},
            "bank_details.account_number",
        ),
        ({"metadata": {"sandbox_trigger": "explode"}}, "metadata.sandbox_trigger"),
    ],
)
async def test_gateway_specific_fields_are_checked_by_the_gateway(api, fields, field):
    """Each gateway's own requirements are 422s naming the field."""
    response = await api.post("/api/v1/payments", json={**SEED, **fields})
    assert response.status_code == 422 and response.json()["field"] == field


async def test_digital_wallet_with_a_wallet_id_succeeds(api):
    """With wallet_details.wallet_id the wallet payment goes through."""
    body = (
        await api.post(
            "/api/v1/payments",
            json={
                **SEED,
                "payment_method": "digital_wallet",
                "wallet_details": {"wallet_id": "wallet-42", "provider": "gpay"},
            },
        )
    ).json()
    assert (body["status"], body["gateway"]) == ("succeeded", "digital_wallet")
