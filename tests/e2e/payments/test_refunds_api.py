"""Refunds over HTTP: partial, over-refund, not refundable, and twenty at once."""

import asyncio

import pytest
from dependency_injector import providers

from tests.e2e.payments.conftest import SEED
from tests.fakes.payments import FakeGateway, until


async def _paid(api, amount="100.00") -> str:
    return (await api.post("/api/v1/payments", json={**SEED, "amount": amount})).json()["id"]


async def test_twenty_concurrent_ten_percent_refunds_succeed_exactly_ten_times(container, api, events, relay):
    """All twenty requests are in flight together (the gateway holds the ones it receives);
    the row lock lets exactly ten reserve 10.00 of 100.00; the rest are refused."""
    pid = await _paid(api)
    fake = FakeGateway("stripe")
    fake.gate = asyncio.Event()
    container.gateways.stripe.override(providers.Object(fake))
    tasks = [
        asyncio.create_task(api.post(f"/api/v1/payments/{pid}/refund", json={"amount": "10.00"})) for _ in range(20)
    ]
    await until(lambda: fake.waiting + sum(t.done() for t in tasks) == 20)
    fake.gate.set()
    responses = await asyncio.gather(*tasks)
    assert sorted(r.status_code for r in responses) == [201] * 10 + [409] * 10
    payment = (await api.get(f"/api/v1/payments/{pid}")).json()
    assert (payment["status"], payment["refunded"], payment["refundable"]) == ("refunded", "100.00", "0.00")
    assert [r["status"] for r in payment["refunds"]] == ["succeeded"] * 10
    assert len(fake.refunds) == 10
    await relay()
    assert sum(e.type == "refund_processed" for e in events if e.aggregate_id == pid) == 10


async def test_partial_refunds_up_to_the_remainder_then_422(api):
    """30 + 70 refunds fully; anything more is refused; the default refunds the rest."""
    pid = await _paid(api)
    first = await api.post(f"/api/v1/payments/{pid}/refund", json={"amount": "30.00", "reason": "dup"})
    assert first.status_code == 201
    assert first.json()["payment"]["status"] == "partially_refunded"
    assert first.json()["refund"]["reason"] == "dup"
    over = await api.post(f"/api/v1/payments/{pid}/refund", json={"amount": "70.01"})
    assert over.status_code == 422 and over.json()["field"] == "amount"
    assert over.json()["refundable"] == "70.00"
    rest = await api.post(f"/api/v1/payments/{pid}/refund")
    assert rest.status_code == 201 and rest.json()["refund"]["amount"] == "70.00"
    assert rest.json()["payment"]["status"] == "refunded"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"amount": "abc"}, "amount"),
        ({"amount": "0"}, "amount"),
        ({"amount": "1.001"}, "amount"),
        ({"amount": "-5"}, "amount"),
    ],
)
async def test_bad_refund_amounts_are_422(api, body, field):
    """Refund amounts follow the payment currency's rules."""
    pid = await _paid(api)
    response = await api.post(f"/api/v1/payments/{pid}/refund", json=body)
    assert response.status_code == 422 and response.json()["field"] == field


async def test_declined_or_pending_payments_are_not_refundable(api):
    """A failed payment cannot be refunded (409); an unknown one is 404."""
    pid = await _paid(api, "100.02")
    response = await api.post(f"/api/v1/payments/{pid}/refund")
    assert response.status_code == 409 and response.json()["code"] == "not_refundable"
    assert (await api.post("/api/v1/payments/pay_nope/refund")).status_code == 404


async def test_refund_the_sandbox_refuses_is_failed_and_released(api):
    """The sandbox refuses refunds ending in .05: the refund is failed, nothing is refunded."""
    pid = await _paid(api)
    body = (await api.post(f"/api/v1/payments/{pid}/refund", json={"amount": "10.05"})).json()
    assert body["refund"]["status"] == "failed"
    assert (body["payment"]["status"], body["payment"]["refundable"]) == ("succeeded", "100.00")
