"""Smart retries over HTTP on the sandbox gateways: a soft decline tries the family's next
gateway and every attempt shows its decline code; a hard decline stops at the first; the
authorization rates are on /metrics."""

from __future__ import annotations

PAYMENT = {"user_id": "retry-user", "amount": "40.00", "currency": "USD", "payment_system": "global"}


def _attempts(body: dict) -> list[tuple]:
    return [(a["gateway"], a["outcome"], a["decline_code"], a["decline"]) for a in body["attempts"]]


async def test_a_soft_decline_is_tried_on_the_next_gateway_and_both_attempts_show(make_client):
    async with make_client() as client:
        soft = await client.post("/api/v1/payments", json={**PAYMENT, "metadata": {"sandbox_trigger": "soft_decline"}})
        hard = await client.post("/api/v1/payments", json={**PAYMENT, "metadata": {"sandbox_trigger": "decline"}})
    assert soft.status_code == hard.status_code == 201
    # both sandbox gateways read the same trigger, so both decline softly
    assert _attempts(soft.json()) == [
        ("stripe", "failed", "try_again_later", "soft"),
        ("paypal", "failed", "try_again_later", "soft"),
    ]
    assert (soft.json()["status"], soft.json()["gateway"]) == ("failed", "paypal")
    assert _attempts(hard.json()) == [("stripe", "failed", "generic_decline", "hard")]


async def test_family_payments_export_factory_gateway_auth_rate(make_client):
    async with make_client() as client:
        await client.post("/api/v1/payments", json=PAYMENT)
        await client.post("/api/v1/payments", json={**PAYMENT, "metadata": {"sandbox_trigger": "decline"}})
        metrics = (await client.get("/metrics")).text
    assert 'factory_gateway_auth_rate{gateway="stripe"} 0.5' in metrics
