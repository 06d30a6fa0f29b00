"""Idempotency-Key over HTTP: twenty concurrent duplicates make one payment and one charge."""

import asyncio

from dependency_injector import providers

from tests.e2e.payments.conftest import SEED
from tests.fakes.payments import FakeGateway, until


async def test_twenty_concurrent_requests_with_one_key_make_one_payment(container, api):
    """While the first request sits in the gateway the other 19 get 409; afterwards the key
    replays the first response byte for byte. One payment, one charge."""
    fake = FakeGateway("stripe")
    fake.gate = asyncio.Event()
    container.gateways.stripe.override(providers.Object(fake))
    headers = {"Idempotency-Key": "order-42"}
    tasks = [asyncio.create_task(api.post("/api/v1/payments", json=SEED, headers=headers)) for _ in range(20)]
    await until(lambda: fake.waiting == 1 and sum(t.done() for t in tasks) == 19)
    fake.gate.set()
    responses = await asyncio.gather(*tasks)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * 19
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {"idempotency_key_in_flight"}
    # The first request's lock (payments.idempotency_lock_seconds) bounds the wait.
    assert all(0 < int(r.headers["retry-after"]) <= 120 for r in responses if r.status_code == 409)
    first = next(r for r in responses if r.status_code == 201)
    replay = await api.post("/api/v1/payments", json=SEED, headers=headers)
    assert replay.status_code == 201 and replay.content == first.content
    assert replay.headers["idempotent-replayed"] == "true"
    assert len(fake.charges) == 1
    assert len((await api.get("/api/v1/payments")).json()["items"]) == 1


async def test_same_key_with_a_different_body_is_422(api):
    """A key is bound to its first request's body."""
    await api.post("/api/v1/payments", json=SEED, headers={"Idempotency-Key": "k-body"})
    response = await api.post(
        "/api/v1/payments", json={**SEED, "amount": "1.00"}, headers={"Idempotency-Key": "k-body"}
    )
    assert response.status_code == 422 and response.json()["code"] == "idempotency_key_reused"


async def test_keys_are_per_endpoint_and_requests_without_keys_are_independent(api):
    """Two keyless POSTs are two payments; a refund key is separate from a payment key."""
    first = (await api.post("/api/v1/payments", json=SEED)).json()
    second = (await api.post("/api/v1/payments", json=SEED)).json()
    assert first["id"] != second["id"]
    path = f"/api/v1/payments/{first['id']}/refund"
    one = await api.post(path, json={"amount": "1.00"}, headers={"Idempotency-Key": "k-re"})
    two = await api.post(path, json={"amount": "1.00"}, headers={"Idempotency-Key": "k-re"})
    assert one.status_code == two.status_code == 201 and one.content == two.content
    assert (await api.get(f"/api/v1/payments/{first['id']}")).json()["refunded"] == "1.00"


async def test_rejected_request_does_not_burn_its_key(api):
    """A 422 is not stored: the same key then works for a valid request... of the same body."""
    bad = {**SEED, "amount": "1.005"}
    assert (await api.post("/api/v1/payments", json=bad, headers={"Idempotency-Key": "k-bad"})).status_code == 422
    assert (await api.post("/api/v1/payments", json=bad, headers={"Idempotency-Key": "k-bad"})).status_code == 422
    ok = await api.post("/api/v1/payments", json=SEED, headers={"Idempotency-Key": "k-bad"})
    assert ok.status_code == 201
