"""Authorize now, capture later over HTTP on the sandbox: capture part, cancel, races, bad input."""

import asyncio

import pytest
from dependency_injector import providers

from application.payments.reconcile_payments import ReconcilePayments
from tests.e2e.payments.conftest import SEED
from tests.fakes.payments import FakeGateway, timeout, until

MANUAL = {**SEED, "amount": "100.00", "capture_method": "manual"}


async def _authorized(api, **changes) -> dict:
    response = await api.post("/api/v1/payments", json={**MANUAL, **changes})
    assert response.status_code == 201, response.text
    return response.json()


async def test_authorize_100_capture_60_succeeds_with_60_captured_and_refundable(api, events, relay):
    """The sandbox holds 100.00; capturing 60.00 ends succeeded, 60.00 captured and refundable,
    and only payment_processed follows (a refund over 60.00 is refused)."""
    held = await _authorized(api)
    assert (held["status"], held["capture_method"], held["amount_captured"]) == ("requires_capture", "manual", "0.00")
    assert held["refundable"] == "0.00"
    captured = await api.post(f"/api/v1/payments/{held['id']}/capture", json={"amount": "60.00"})
    assert captured.status_code == 200, captured.text
    body = captured.json()
    assert (body["status"], body["amount_captured"], body["refundable"]) == ("succeeded", "60.00", "60.00")
    assert body["amount"] == "100.00"
    over = await api.post(f"/api/v1/payments/{held['id']}/refund", json={"amount": "60.01"})
    assert over.status_code == 422 and over.json()["refundable"] == "60.00"
    refunded = await api.post(f"/api/v1/payments/{held['id']}/refund")
    assert refunded.json()["payment"]["status"] == "refunded"
    assert refunded.json()["refund"]["amount"] == "60.00"
    await relay()
    mine = [e for e in events if e.aggregate_id == held["id"]]
    processed = [e.data for e in mine if e.type == "payment_processed"]
    assert [d["status"] for d in processed] == ["requires_capture", "succeeded"]
    assert processed[-1]["amount_captured"] == "60.00"


async def test_capture_without_an_amount_takes_all_that_was_authorized(api):
    held = await _authorized(api)
    body = (await api.post(f"/api/v1/payments/{held['id']}/capture")).json()
    assert (body["status"], body["amount_captured"], body["refundable"]) == ("succeeded", "100.00", "100.00")


async def test_cancel_voids_the_authorization_and_nothing_more_can_be_captured(api, events, relay):
    """Cancel ends canceled with payment_canceled; a capture afterwards is 409 not_capturable."""
    held = await _authorized(api)
    canceled = await api.post(f"/api/v1/payments/{held['id']}/cancel", json={"reason": "out of stock"})
    assert canceled.status_code == 200, canceled.text
    assert (canceled.json()["status"], canceled.json()["failure_reason"]) == ("canceled", "out of stock")
    late = await api.post(f"/api/v1/payments/{held['id']}/capture")
    assert late.status_code == 409 and late.json()["code"] == "not_capturable"
    again = await api.post(f"/api/v1/payments/{held['id']}/cancel")
    assert again.status_code == 409
    await relay()
    assert [e.type for e in events if e.aggregate_id == held["id"]][-1] == "payment_canceled"


async def test_twenty_concurrent_captures_capture_once(container, api):
    """All twenty are in flight together; the row lock lets one reserve the capture, the gateway
    is asked once, the other nineteen get 409."""
    held = await _authorized(api)
    fake = FakeGateway("stripe")
    fake.gate = asyncio.Event()
    container.gateways.stripe.override(providers.Object(fake))
    tasks = [
        asyncio.create_task(api.post(f"/api/v1/payments/{held['id']}/capture", json={"amount": "60.00"}))
        for _ in range(20)
    ]
    await until(lambda: fake.waiting + sum(t.done() for t in tasks) == 20)
    fake.gate.set()
    responses = await asyncio.gather(*tasks)
    assert sorted(r.status_code for r in responses) == [200] + [409] * 19
    assert len(fake.captures) == 1 and fake.captures[0].amount.minor == 6000
    payment = (await api.get(f"/api/v1/payments/{held['id']}")).json()
    assert (payment["status"], payment["amount_captured"]) == ("succeeded", "60.00")


async def test_idempotency_key_replays_a_capture_and_binds_its_body(api):
    held = await _authorized(api)
    url, headers = f"/api/v1/payments/{held['id']}/capture", {"Idempotency-Key": "cap-1"}
    first = await api.post(url, json={"amount": "60.00"}, headers=headers)
    replay = await api.post(url, json={"amount": "60.00"}, headers=headers)
    assert replay.status_code == 200 and replay.content == first.content
    assert replay.headers["idempotent-replayed"] == "true"
    other = await api.post(url, json={"amount": "10.00"}, headers=headers)
    assert other.status_code == 422


async def test_a_gateway_that_does_not_answer_leaves_the_capture_for_the_retry_to_finish(container, api):
    """A timeout: 502, the payment stays processing; the retry with the same key resumes and the
    gateway sees the same provider key both times."""
    held = await _authorized(api)
    fake = FakeGateway("stripe")
    fake.capture_error = timeout()
    container.gateways.stripe.override(providers.Object(fake))
    url, headers = f"/api/v1/payments/{held['id']}/capture", {"Idempotency-Key": "cap-timeout"}
    first = await api.post(url, json={"amount": "60.00"}, headers=headers)
    assert first.status_code == 502
    assert (await api.get(f"/api/v1/payments/{held['id']}")).json()["status"] == "processing"
    fake.capture_error = None
    retry = await api.post(url, json={"amount": "60.00"}, headers=headers)
    assert retry.status_code == 200 and retry.json()["amount_captured"] == "60.00"
    assert len({c.idempotency_key for c in fake.captures}) == 1 and len(fake.captures) == 2


async def test_a_refused_capture_keeps_the_authorization(api):
    """The sandbox refuses captures ending in .05: requires_capture again, and a new capture works."""
    held = await _authorized(api)
    refused = await api.post(f"/api/v1/payments/{held['id']}/capture", json={"amount": "10.05"})
    assert refused.status_code == 200
    assert (refused.json()["status"], refused.json()["failure_code"]) == ("requires_capture", "capture_declined")
    ok = await api.post(f"/api/v1/payments/{held['id']}/capture", json={"amount": "10.00"})
    assert (ok.json()["status"], ok.json()["amount_captured"]) == ("succeeded", "10.00")


async def test_an_expired_authorization_is_canceled_by_the_reconciler(container, api, events, relay):
    held = await _authorized(api)
    fresh = await _authorized(api)
    reconcile = ReconcilePayments(
        container.persistence.uow,
        container.factories.gateway_factory(),
        container.payments.payment_cache(),
        authorization_ttl_seconds=3600,
    )
    assert (await reconcile()).expired == 0
    expire_now = ReconcilePayments(
        container.persistence.uow,
        container.factories.gateway_factory(),
        container.payments.payment_cache(),
        authorization_ttl_seconds=0,
    )
    assert (await expire_now()).expired == 2
    for pid in (held["id"], fresh["id"]):
        payment = (await api.get(f"/api/v1/payments/{pid}")).json()
        assert (payment["status"], payment["failure_reason"]) == ("canceled", "the authorization expired uncaptured")
    await relay()
    assert sum(e.type == "payment_canceled" for e in events) == 2


@pytest.mark.parametrize(
    ("path", "body", "status", "field"),
    [
        ("capture", {"amount": "100.01"}, 422, "amount"),
        ("capture", {"amount": "0"}, 422, "amount"),
        ("capture", {"amount": "-5"}, 422, "amount"),
        ("capture", {"amount": "1.001"}, 422, "amount"),
        ("capture", {"amount": "60", "extra": 1}, 422, "extra"),
        ("capture", {"amount": "ten"}, 422, "amount"),
        ("cancel", {"reason": "bad\u0000reason"}, 422, "reason"),
        ("cancel", {"why": "x"}, 422, "why"),
    ],
)
async def test_bad_capture_and_cancel_input_is_a_4xx_naming_the_field(api, path, body, status, field):
    held = await _authorized(api)
    response = await api.post(f"/api/v1/payments/{held['id']}/{path}", json=body)
    assert response.status_code == status, response.text
    assert response.json()["field"] == field
    assert (await api.get(f"/api/v1/payments/{held['id']}")).json()["status"] == "requires_capture"


async def test_capture_of_an_automatic_or_unknown_payment_is_refused(api):
    paid = (await api.post("/api/v1/payments", json={**SEED, "amount": "100.00"})).json()
    assert paid["status"] == "succeeded" and paid["amount_captured"] == "100.00"
    response = await api.post(f"/api/v1/payments/{paid['id']}/capture")
    assert response.status_code == 409 and response.json()["code"] == "not_capturable"
    assert (await api.post(f"/api/v1/payments/{paid['id']}/cancel")).status_code == 409
    assert (await api.post("/api/v1/payments/pay_missing/capture")).status_code == 404


@pytest.mark.parametrize(
    "changes",
    [
        {"capture_method": "later"},
        {"payment_method": "bank_transfer"},
        {"payment_method": "digital_wallet", "wallet_details": {"wallet_id": "w1", "provider": "paytm"}},
    ],
)
async def test_a_capture_method_that_cannot_be_honoured_is_422_naming_it(api, changes):
    response = await api.post("/api/v1/payments", json={**MANUAL, **changes})
    assert response.status_code == 422, response.text
    assert response.json()["field"] == "capture_method"
    assert (await api.get("/api/v1/payments")).json()["items"] == []


async def test_a_family_holds_through_a_member_that_can_and_refuses_when_none_can(api):
    """payment_system global (stripe > paypal) authorizes; bank (bank_transfer only) cannot."""
    body = {key: value for key, value in MANUAL.items() if key != "payment_method"}
    held = await api.post("/api/v1/payments", json={**body, "payment_system": "global"})
    assert held.status_code == 201 and held.json()["status"] == "requires_capture"
    refused = await api.post("/api/v1/payments", json={**body, "payment_system": "bank"})
    assert refused.status_code == 422 and refused.json()["field"] == "capture_method"
