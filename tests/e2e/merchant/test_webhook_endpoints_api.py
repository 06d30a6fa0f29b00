"""Webhooks to the merchant over HTTP: endpoints, signed at-least-once delivery with backoff, the
attempt log, redeliver, and subscriptions by event type."""

from __future__ import annotations

import asyncio
import json

import pytest

from domain.webhook_signature import HEADER, SignatureInvalid, verify
from tests.e2e.hardening.conftest import KEY
from tests.e2e.merchant.receiver import receiver

# Small backoff, so four attempts take well under a second plus one sender timeout.
FAST = {
    "merchant_webhooks": {
        "poll_interval_seconds": 0.05,
        "timeout_seconds": 0.5,
        "retry_base_seconds": 0.05,
        "retry_max_seconds": 0.2,
    }
}
PAYMENT = {"user_id": "merchant-user", "amount": "25.00", "currency": "USD", "gateway": "stripe"}


async def _endpoint(client, url: str, events: list[str]) -> dict:
    response = await client.post("/api/v1/webhook-endpoints", json={"url": url, "events": events, "description": "t"})
    assert response.status_code == 201, response.text
    return response.json()


async def _attempt_log(client, endpoint_id: str, attempts: int) -> list[dict]:
    """The endpoint's deliveries once the newest has `attempts` attempts recorded (up to 20 s)."""
    async with asyncio.timeout(20):
        while True:
            deliveries = (await client.get(f"/api/v1/webhook-endpoints/{endpoint_id}/deliveries")).json()["data"]
            if deliveries and len(deliveries[0]["attempts"]) >= attempts:
                return deliveries
            await asyncio.sleep(0.05)


async def test_500_500_timeout_200_delivers_a_signed_event_logs_four_attempts_and_redelivers(make_client):
    """The receiver fails twice, times out once, then accepts: it got the payment_processed
    envelope with a valid signature, the log shows all four attempts, and redeliver sends it
    a fifth time; payment_created, not subscribed to, never reaches it."""
    with receiver([500, 500, "timeout", 200]) as merchant, receiver([200]) as refunds_only:
        async with make_client(FAST) as client:
            endpoint = await _endpoint(client, merchant.url, ["payment_processed"])
            other = await _endpoint(client, refunds_only.url, ["refund_processed"])
            payment = (await client.post("/api/v1/payments", json=PAYMENT)).json()
            assert payment["status"] == "succeeded"

            deliveries = await _attempt_log(client, endpoint["id"], 4)
            assert len(deliveries) == 1
            delivery = deliveries[0]
            assert (delivery["event_type"], delivery["status"], delivery["attempt_count"]) == (
                "payment_processed",
                "succeeded",
                4,
            )
            codes = [a["status_code"] for a in delivery["attempts"]]
            assert codes == [500, 500, None, 200]
            assert "timeout" in delivery["attempts"][2]["error"]
            assert all(isinstance(a["latency_ms"], int) and a["latency_ms"] >= 0 for a in delivery["attempts"])

            seen = await merchant.wait_for(4)
            last = seen[3]
            verify(last.headers[HEADER.lower()], last.body, endpoint["secret"])  # raises if invalid
            with pytest.raises(SignatureInvalid):
                verify(last.headers[HEADER.lower()], last.body, "whsec_wrong")
            envelope = json.loads(last.body)
            assert envelope["type"] == "payment_processed" and envelope["aggregate_id"] == payment["id"]
            assert envelope["event_id"] == delivery["event_id"] == last.headers["factory-event-id"]
            assert {json.loads(r.body)["type"] for r in seen} == {"payment_processed"}

            redelivered = await client.post(f"/api/v1/webhook-endpoints/deliveries/{delivery['id']}/redeliver")
            assert redelivered.status_code == 202
            again = (await _attempt_log(client, endpoint["id"], 5))[0]
            assert [a["status_code"] for a in again["attempts"]] == [500, 500, None, 200, 200]
            fifth = (await merchant.wait_for(5))[4]
            assert json.loads(fifth.body)["event_id"] == delivery["event_id"]
            verify(fifth.headers[HEADER.lower()], fifth.body, endpoint["secret"])

            assert refunds_only.received == []
            assert (await client.get(f"/api/v1/webhook-endpoints/{other['id']}/deliveries")).json()["data"] == []


async def test_the_secret_is_shown_once_rotates_and_the_endpoint_can_be_deleted(make_client):
    async with make_client(FAST) as client:
        created = await _endpoint(client, "https://merchant.example/hooks", ["payment_failed", "payment_processed"])
        assert created["secret"].startswith("whsec_") and created["status"] == "enabled"
        read = (await client.get(f"/api/v1/webhook-endpoints/{created['id']}")).json()
        listed = (await client.get("/api/v1/webhook-endpoints")).json()["data"]
        assert "secret" not in read and all("secret" not in e for e in listed)
        assert [e["id"] for e in listed] == [created["id"]]
        assert read["events"] == ["payment_failed", "payment_processed"]

        rotated = (await client.post(f"/api/v1/webhook-endpoints/{created['id']}/rotate-secret")).json()
        assert rotated["secret"].startswith("whsec_") and rotated["secret"] != created["secret"]

        assert (await client.delete(f"/api/v1/webhook-endpoints/{created['id']}")).status_code == 204
        assert (await client.get(f"/api/v1/webhook-endpoints/{created['id']}")).status_code == 404
        assert (await client.delete(f"/api/v1/webhook-endpoints/{created['id']}")).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "ftp://merchant.example/x", "events": ["payment_processed"]}, "url"),
        ({"url": "not a url", "events": ["payment_processed"]}, "url"),
        ({"url": "https://merchant.example/x", "events": ["payment_teleported"]}, "events"),
        ({"url": "https://merchant.example/x", "events": []}, "events"),
        ({"events": ["payment_processed"]}, "url"),
    ],
)
async def test_bad_endpoints_are_422_naming_the_field(make_client, body, field):
    async with make_client() as client:
        response = await client.post("/api/v1/webhook-endpoints", json=body)
    assert response.status_code == 422
    assert response.json()["field"] == field


async def test_unknown_ids_are_404_and_managing_endpoints_needs_a_key_when_keys_exist(make_client):
    async with make_client(env={"API_KEYS": KEY}) as client:
        anonymous = await client.get("/api/v1/webhook-endpoints")
        keyed = {"X-API-Key": KEY}
        missing = await client.get("/api/v1/webhook-endpoints/we_nothing/deliveries", headers=keyed)
        redeliver = await client.post("/api/v1/webhook-endpoints/deliveries/wd_nothing/redeliver", headers=keyed)
    assert (anonymous.status_code, missing.status_code, redeliver.status_code) == (401, 404, 404)
