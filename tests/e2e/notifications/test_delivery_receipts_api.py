"""Delivery receipts end to end: SMS through a Twilio contract server and WhatsApp through a
Cloud API contract server; their signed status callbacks move the notification to delivered
or undelivered; forged or replayed ones change nothing."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy import select

from adapters.sql.tables import outbox
from containers import Container, build_container
from entrypoints.app import create_app
from entrypoints.settings import load_settings
from tests.integration.providers.contracts import TwilioStub, WhatsAppStub
from tests.integration.providers.server import ContractServer

CALLBACK = "https://factory.example.com/api/v1/webhooks/twilio"  # the public URL Twilio calls
PHONE = "+14155550123"


@dataclass
class Live:
    api: httpx.AsyncClient
    container: Container
    twilio: TwilioStub
    whatsapp: WhatsAppStub
    twilio_server: ContractServer


@pytest.fixture
async def live(tmp_path, migrated_template) -> AsyncIterator[Live]:
    shutil.copyfile(migrated_template, tmp_path / "t.db")
    twilio, whatsapp = TwilioStub(), WhatsAppStub()
    async with ContractServer(twilio) as twilio_server, ContractServer(whatsapp) as whatsapp_server:
        settings = load_settings(
            "test",
            env={
                "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/t.db",
                "TWILIO_BASE_URL": twilio_server.url,
                "TWILIO_ACCOUNT_SID": twilio.sid,
                "TWILIO_AUTH_TOKEN": twilio.token,
                "TWILIO_FROM_NUMBER": twilio.sender,
                "TWILIO_STATUS_CALLBACK_URL": CALLBACK,
                "WHATSAPP_BASE_URL": f"{whatsapp_server.url}/{whatsapp.version}",
                "WHATSAPP_ACCESS_TOKEN": whatsapp.token,
                "WHATSAPP_PHONE_NUMBER_ID": whatsapp.phone_number_id,
                "WHATSAPP_APP_SECRET": whatsapp.app_secret,
                "WHATSAPP_VERIFY_TOKEN": whatsapp.verify_token,
            },
            overrides={"notification_channels": {"sms": {"mode": "live"}, "whatsapp": {"mode": "live"}}},
        )
        container = build_container(settings=settings)
        app = create_app(container)
        async with (
            LifespanManager(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://internal:8080") as api,
        ):
            yield Live(api, container, twilio, whatsapp, twilio_server)
        assert twilio.violations == whatsapp.violations == []


async def _send(live: Live, channel: str) -> dict:
    response = await live.api.post(
        "/api/v1/notifications", json={"channel": channel, "recipient": PHONE, "message": "Your code is 1234"}
    )
    assert response.status_code == 201 and response.json()["status"] == "sent"
    return response.json()


async def _event_types(container: Container, notification_id: str) -> list[str]:
    async with container.persistence.engine().connect() as conn:
        rows = await conn.execute(select(outbox.c.type).where(outbox.c.aggregate_id == notification_id))
        return [row.type for row in rows]


async def test_a_signed_twilio_callback_moves_an_sms_to_delivered_once(live):
    """The send asked Twilio for our StatusCallback; Twilio's signed `delivered` callback makes
    the notification delivered with a time and emits notification_delivered; the same
    callback again is a duplicate that changes nothing."""
    sent = await _send(live, "sms")
    assert live.twilio_server.requests[0].form()["StatusCallback"] == CALLBACK
    headers, body = live.twilio.status_callback(CALLBACK, sent["provider_message_id"], "delivered")
    response = await live.api.post("/api/v1/webhooks/twilio", headers=headers, content=body)
    assert response.status_code == 200 and response.json()["applied"] == 1
    shown = (await live.api.get(f"/api/v1/notifications/{sent['id']}")).json()
    assert shown["status"] == "delivered" and shown["delivered_at"] is not None
    replay = await live.api.post("/api/v1/webhooks/twilio", headers=headers, content=body)
    assert replay.status_code == 200 and replay.json()["duplicates"] == 1 and replay.json()["applied"] == 0
    assert await _event_types(live.container, sent["id"]) == ["notification_sent", "notification_delivered"]


async def test_an_undelivered_twilio_callback_keeps_the_providers_reason(live):
    """`undelivered` with Twilio's ErrorCode: status undelivered, the reason names the code."""
    sent = await _send(live, "sms")
    headers, body = live.twilio.status_callback(CALLBACK, sent["provider_message_id"], "undelivered", "30003")
    assert (await live.api.post("/api/v1/webhooks/twilio", headers=headers, content=body)).status_code == 200
    shown = (await live.api.get(f"/api/v1/notifications/{sent['id']}")).json()
    assert shown["status"] == "undelivered" and "30003" in shown["reason"] and shown["delivered_at"]


async def test_a_forged_twilio_callback_is_refused_and_changes_nothing(live):
    """Signed with another token, or its body altered after signing: 400, still `sent`."""
    sent = await _send(live, "sms")
    forger = TwilioStub()
    forger.token = "not-the-auth-token"
    headers, body = forger.status_callback(CALLBACK, sent["provider_message_id"], "delivered")
    forged = await live.api.post("/api/v1/webhooks/twilio", headers=headers, content=body)
    assert forged.status_code == 400 and forged.json()["code"] == "webhook_signature_invalid"
    headers, body = live.twilio.status_callback(CALLBACK, sent["provider_message_id"], "undelivered")
    altered = body.replace(b"undelivered", b"delivered")
    assert (await live.api.post("/api/v1/webhooks/twilio", headers=headers, content=altered)).status_code == 400
    unsigned = await live.api.post(
        "/api/v1/webhooks/twilio", content=body, headers={"Content-Type": headers["Content-Type"]}
    )
    assert unsigned.status_code == 400
    assert (await live.api.get(f"/api/v1/notifications/{sent['id']}")).json()["status"] == "sent"
    assert await _event_types(live.container, sent["id"]) == ["notification_sent"]


async def test_a_signed_whatsapp_status_webhook_moves_a_message_to_delivered_or_undelivered(live):
    """Meta's signed statuses: `delivered` with its timestamp; a `failed` one with its error
    makes another message undelivered with that reason."""
    first, second = await _send(live, "whatsapp"), await _send(live, "whatsapp")
    headers, body = live.whatsapp.status_webhook(first["provider_message_id"], "delivered", 1_767_225_600)
    response = await live.api.post("/api/v1/webhooks/whatsapp", headers=headers, content=body)
    assert response.status_code == 200 and response.json()["applied"] == 1
    shown = (await live.api.get(f"/api/v1/notifications/{first['id']}")).json()
    assert shown["status"] == "delivered" and shown["delivered_at"].startswith("2026-01-01T00:00:00")
    failed = live.whatsapp.status_webhook(
        second["provider_message_id"], "failed", 1_767_225_601, (131026, "Message undeliverable")
    )
    assert (await live.api.post("/api/v1/webhooks/whatsapp", headers=failed[0], content=failed[1])).status_code == 200
    shown = (await live.api.get(f"/api/v1/notifications/{second['id']}")).json()
    assert shown["status"] == "undelivered" and shown["reason"] == "131026 Message undeliverable"


async def test_a_forged_whatsapp_webhook_is_refused_and_changes_nothing(live):
    """A body signed with another secret: 400, the message stays `sent`, no event."""
    sent = await _send(live, "whatsapp")
    forger = WhatsAppStub()
    forger.app_secret = "someone-else"
    headers, body = forger.status_webhook(sent["provider_message_id"], "delivered", 1_767_225_600)
    forged = await live.api.post("/api/v1/webhooks/whatsapp", headers=headers, content=body)
    assert forged.status_code == 400 and forged.json()["field"] == "X-Hub-Signature-256"
    assert (await live.api.get(f"/api/v1/notifications/{sent['id']}")).json()["status"] == "sent"
    assert await _event_types(live.container, sent["id"]) == ["notification_sent"]


async def test_the_whatsapp_subscription_handshake_echoes_the_challenge_only_for_our_token(live):
    """GET with hub.mode=subscribe and our verify token answers hub.challenge as text; a
    wrong token is 403."""
    query = {"hub.mode": "subscribe", "hub.verify_token": live.whatsapp.verify_token, "hub.challenge": "1158201444"}
    ok = await live.api.get("/api/v1/webhooks/whatsapp", params=query)
    assert ok.status_code == 200 and ok.text == "1158201444" and ok.headers["content-type"].startswith("text/plain")
    wrong = await live.api.get("/api/v1/webhooks/whatsapp", params={**query, "hub.verify_token": "guess"})
    assert wrong.status_code == 403 and "1158201444" not in wrong.text


async def test_payment_webhooks_still_route_by_gateway_name(live):
    """The receipt routes sit beside /api/v1/webhooks/{gateway}: an unknown gateway is still 404."""
    response = await live.api.post("/api/v1/webhooks/nosuchgateway", content=b"{}")
    assert response.status_code == 404
