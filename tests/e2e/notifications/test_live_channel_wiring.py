"""The live wiring end to end: settings -> container -> adapter -> a provider contract server."""

from __future__ import annotations

import shutil

import httpx
from asgi_lifespan import LifespanManager

from containers import build_container
from entrypoints.app import create_app
from entrypoints.settings import load_settings
from tests.integration.providers.contracts import SlackStub, TwilioStub
from tests.integration.providers.server import ContractServer


async def test_live_mode_posts_through_the_configured_provider_and_closes_clients(tmp_path, migrated_template):
    """With mode live and provider URLs from the environment, the app's POST reaches each
    provider as its contract says; the app's shutdown closes the HTTP clients."""
    shutil.copyfile(migrated_template, tmp_path / "t.db")
    slack, twilio = SlackStub(), TwilioStub()
    async with ContractServer(slack) as slack_server, ContractServer(twilio) as twilio_server:
        settings = load_settings(
            "test",
            env={
                "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/t.db",
                "SLACK_WEBHOOK_URL": f"{slack_server.url}{slack.path}",
                "TWILIO_BASE_URL": twilio_server.url,
                "TWILIO_ACCOUNT_SID": twilio.sid,
                "TWILIO_AUTH_TOKEN": twilio.token,
                "TWILIO_FROM_NUMBER": twilio.sender,
            },
            overrides={"notification_channels": {"slack": {"mode": "live"}, "sms": {"mode": "live"}}},
        )
        container = build_container(settings=settings)
        app = create_app(container)
        # Everything in this test's event loop, so the contract servers can answer the app.
        async with (
            LifespanManager(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://app") as client,
        ):
            response = await client.post(
                "/api/v1/notifications/multi-channel",
                json={
                    "channels": ["slack", "sms"],
                    "message": "deploy done",
                    "recipients": {"slack": "", "sms": "+14155550123"},
                },
            )
            members = (await client.get("/api/v1/notification-channels")).json()["items"]
    body = response.json()
    assert response.status_code == 201 and body["status"] == "sent"
    assert body["results"][1]["notification"]["provider_message_id"].startswith("SM")
    assert len(slack_server.requests) == len(twilio_server.requests) == 1
    assert slack.violations == twilio.violations == []
    adapters = {m["name"]: m["adapter"] for m in members}
    assert (adapters["slack"], adapters["sms"], adapters["email"]) == (
        "SlackWebhookChannel",
        "TwilioSmsChannel",
        "FileChannel",
    )
    assert container.channels.slack_http().is_closed and container.channels.sms_http().is_closed
