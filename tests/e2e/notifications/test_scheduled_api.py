"""Scheduled sends in one app: send_at stores `scheduled`, the scheduler sends it when due,
DELETE cancels it, and bad send_at values are 422s naming the field."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

SEND = {"channel": "email", "recipient": "ann@example.com", "subject": "Later", "message": "Scheduled hello"}


def _at(seconds: float) -> str:
    return (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat()


async def _status_after(client, notification_id: str, wanted: str, seconds: float = 15.0) -> dict:
    async with asyncio.timeout(seconds):
        while True:
            body = (await client.get(f"/api/v1/notifications/{notification_id}")).json()
            if body["status"] == wanted:
                return body
            await asyncio.sleep(0.05)


async def test_a_scheduled_notification_is_stored_then_sent_when_due(client, outbox):
    """201 `scheduled` with its send_at and nothing written; once due the scheduler sends it
    (one attempt, the .eml written)."""
    response = await client.post("/api/v1/notifications", json={**SEND, "send_at": _at(1.0)})
    assert response.status_code == 201
    created = response.json()
    assert created["status"] == "scheduled" and created["send_at"] and created["attempts"] == []
    assert not (outbox / "email" / f"{created['id']}.eml").exists()
    sent = await _status_after(client, created["id"], "sent")
    assert len(sent["attempts"]) == 1
    assert datetime.fromisoformat(sent["updated_at"]) >= datetime.fromisoformat(created["send_at"])
    assert (outbox / "email" / f"{created['id']}.eml").exists()


async def test_a_canceled_notification_is_never_sent(client, outbox):
    """DELETE before it is due: `canceled`; after its time has passed it is still canceled,
    with no attempt and no file; canceling again is a 409."""
    created = (await client.post("/api/v1/notifications", json={**SEND, "send_at": _at(0.5)})).json()
    canceled = await client.delete(f"/api/v1/notifications/{created['id']}")
    assert canceled.status_code == 200 and canceled.json()["status"] == "canceled"
    await asyncio.sleep(1.5)  # well past send_at: the scheduler had its chances
    shown = (await client.get(f"/api/v1/notifications/{created['id']}")).json()
    assert shown["status"] == "canceled" and shown["attempts"] == []
    assert not (outbox / "email").exists()
    again = await client.delete(f"/api/v1/notifications/{created['id']}")
    assert again.status_code == 409


async def test_only_a_scheduled_notification_can_be_canceled(client):
    sent = (await client.post("/api/v1/notifications", json=SEND)).json()
    assert (await client.delete(f"/api/v1/notifications/{sent['id']}")).status_code == 409
    assert (await client.delete("/api/v1/notifications/ntf_nothing")).status_code == 404


async def test_send_at_must_be_rfc3339_with_an_offset_and_within_30_days(client):
    cases = [
        "2030-01-01T10:00:00",  # no offset
        "tomorrow",
        (datetime.now(UTC) + timedelta(days=31)).isoformat(),
        (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
    ]
    for send_at in cases:
        response = await client.post("/api/v1/notifications", json={**SEND, "send_at": send_at})
        assert (response.status_code, response.json().get("field")) == (422, "send_at"), send_at
    ok = await client.post("/api/v1/notifications", json={**SEND, "send_at": _at(29 * 86400)})
    assert ok.status_code == 201 and ok.json()["status"] == "scheduled"


async def test_a_multi_channel_send_can_be_scheduled(client):
    response = await client.post(
        "/api/v1/notifications/multi-channel",
        json={
            "channels": ["email", "sms"],
            "recipients": {"email": "ann@example.com", "sms": "+14155550123"},
            "message": "m",
            "send_at": _at(0.5),
        },
    )
    assert response.status_code == 201 and response.json()["status"] == "scheduled"
    for result in response.json()["results"]:
        await _status_after(client, result["notification"]["id"], "sent")
