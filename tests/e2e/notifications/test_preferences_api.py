"""Preferences and per-recipient safety over HTTP: opt-outs, non-optional templates, the
hourly cap per recipient and channel, and dedupe keys."""

from __future__ import annotations

import msgspec
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select

from adapters.sql.tables import notifications, outbox
from containers import build_container
from entrypoints.app import create_app

USER = "user123"
PHONE, MAIL = "+14155550123", "ann@example.com"


async def _opt_out(client, **body) -> None:
    response = await client.put(f"/api/v1/users/{USER}/preferences", json=body)
    assert response.status_code == 200, response.text


async def _events(container, notification_id: str) -> list[str]:
    async with container.persistence.engine().connect() as conn:
        rows = await conn.execute(select(outbox.c.type).where(outbox.c.aggregate_id == notification_id))
        return [row.type for row in rows]


async def test_preferences_default_to_everything_and_are_replaced_by_put(client):
    empty = (await client.get(f"/api/v1/users/{USER}/preferences")).json()
    assert (empty["channels"], empty["categories"]) == ({}, {})
    await _opt_out(client, channels={"sms": False}, categories={"marketing": False})
    shown = (await client.get(f"/api/v1/users/{USER}/preferences")).json()
    assert shown["channels"] == {"sms": False} and shown["categories"] == {"marketing": False}
    bad = await client.put(f"/api/v1/users/{USER}/preferences", json={"channels": {"fax": False}})
    assert bad.status_code == 422 and bad.json()["field"] == "channels.fax"
    bad = await client.put(f"/api/v1/users/{USER}/preferences", json={"categories": {"Bad Name": False}})
    assert bad.status_code == 422


async def test_an_opted_out_channel_is_suppressed_stored_without_failure_and_other_channels_still_send(
    client, container, outbox
):
    """sms opted out: the sms notification is `suppressed` with the reason, stored, emits no
    notification_failed, sends nothing; email in the same multi-channel send is sent."""
    await _opt_out(client, channels={"sms": False})
    response = await client.post(
        "/api/v1/notifications/multi-channel",
        json={
            "channels": ["sms", "email"],
            "recipients": {"sms": PHONE, "email": MAIL},
            "message": "Your order shipped",
            "user_id": USER,
        },
    )
    assert response.status_code == 201
    sms, mail = response.json()["results"]
    assert (sms["status"], mail["status"], response.json()["status"]) == ("suppressed", "sent", "sent")
    assert "opted out of the sms channel" in sms["notification"]["reason"]
    stored = (await client.get(f"/api/v1/notifications/{sms['notification']['id']}")).json()
    assert stored["status"] == "suppressed" and stored["attempts"] == []
    assert await _events(container, stored["id"]) == []
    assert not (outbox / "sms").exists() and (outbox / "email").exists()


async def test_first_success_skips_a_suppressed_channel(client):
    """The chain passes over the opted-out first channel and delivers on the next."""
    await _opt_out(client, channels={"whatsapp": False})
    response = await client.post(
        "/api/v1/notifications/multi-channel",
        json={
            "channels": ["whatsapp", "sms", "email"],
            "recipients": {"whatsapp": PHONE, "sms": PHONE, "email": MAIL},
            "message": "m",
            "user_id": USER,
            "mode": "first_success",
        },
    )
    assert [r["status"] for r in response.json()["results"]] == ["suppressed", "sent", "skipped"]
    assert response.json()["status"] == "sent"


async def test_a_category_opt_out_suppresses_that_category_only(client):
    await _opt_out(client, categories={"marketing": False})
    base = {"channel": "email", "recipient": MAIL, "message": "m", "user_id": USER}
    marketing = (await client.post("/api/v1/notifications", json={**base, "category": "marketing"})).json()
    assert marketing["status"] == "suppressed" and "marketing" in marketing["reason"]
    assert (await client.post("/api/v1/notifications", json=base)).json()["status"] == "sent"


async def test_a_non_optional_transactional_template_overrides_the_opt_out(client):
    """Opted out of email: an optional template is suppressed, a non-optional one is sent."""
    await _opt_out(client, channels={"email": False})
    for name, optional in (("security_alert", False), ("newsletter_ish", True)):
        body = {"channels": {"email": {"text": "Hi {{ name }}"}}, "category": "transactional", "optional": optional}
        assert (await client.put(f"/api/v1/templates/{name}", json=body)).status_code == 200
    send = {"channel": "email", "recipient": MAIL, "data": {"name": "Ann"}, "user_id": USER}
    alert = (await client.post("/api/v1/notifications", json={**send, "template": "security_alert"})).json()
    optional = (await client.post("/api/v1/notifications", json={**send, "template": "newsletter_ish"})).json()
    assert (alert["status"], optional["status"]) == ("sent", "suppressed")


async def test_a_second_send_with_the_same_dedupe_key_is_suppressed(client):
    """Same dedupe_key to the same recipient and channel: suppressed; another key is sent."""
    base = {"channel": "sms", "recipient": PHONE, "message": "Your code is 1234"}
    first = (await client.post("/api/v1/notifications", json={**base, "dedupe_key": "otp-1"})).json()
    again = (await client.post("/api/v1/notifications", json={**base, "dedupe_key": "otp-1"})).json()
    other = (await client.post("/api/v1/notifications", json={**base, "dedupe_key": "otp-2"})).json()
    assert (first["status"], again["status"], other["status"]) == ("sent", "suppressed", "sent")
    assert "otp-1" in again["reason"]


async def test_the_recipient_cap_suppresses_sends_past_it_per_channel(settings):
    """notifications.recipient_hourly_cap 2: the third sms to one number is suppressed;
    another number and the email channel count apart."""
    capped = msgspec.structs.replace(
        settings, notifications=msgspec.structs.replace(settings.notifications, recipient_hourly_cap=2)
    )
    container = build_container(settings=capped)
    async with AsyncTestClient(app=create_app(container)) as client:
        base = {"channel": "sms", "recipient": PHONE, "message": "m"}
        statuses = [(await client.post("/api/v1/notifications", json=base)).json()["status"] for _ in range(3)]
        assert statuses == ["sent", "sent", "suppressed"]
        assert (
            "at most 2 sms messages per hour"
            in (await client.post("/api/v1/notifications", json=base)).json()["reason"]
        )
        other = await client.post("/api/v1/notifications", json={**base, "recipient": "+14155550199"})
        email = await client.post("/api/v1/notifications", json={"channel": "email", "recipient": MAIL, "message": "m"})
        assert other.json()["status"] == email.json()["status"] == "sent"
    async with container.persistence.engine().connect() as conn:
        count = await conn.scalar(select(func.count()).where(notifications.c.status == "suppressed"))
    assert count == 2
    await container.persistence.engine().dispose()
