"""The notification endpoints over HTTP on the test profile (file channels, in-memory store)."""

from __future__ import annotations

import email
import json
from email import policy

from dependency_injector import providers

from tests.fakes.notifications import ScriptedChannel, permanent, transient

SEED = {"recipient": "user@example.com", "subject": "Test", "message": "Test message", "channel": "email"}


async def test_the_seed_body_sends_an_email_written_as_an_eml_file(client, outbox):
    """The seed's exact body: 201, sent, one attempt, and a real .eml under the outbox."""
    response = await client.post("/api/v1/notifications", json=SEED)
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["channel"], body["recipient"]) == ("sent", "email", "user@example.com")
    assert [a["outcome"] for a in body["attempts"]] == ["sent"] and body["error"] is None
    assert response.headers["location"] == f"/api/v1/notifications/{body['id']}"
    eml = email.message_from_bytes((outbox / "email" / f"{body['id']}.eml").read_bytes(), policy=policy.default)
    assert (eml["To"], eml["Subject"], eml.get_content().strip()) == ("user@example.com", "Test", "Test message")
    assert eml["From"] == "no-reply@factory.local" and eml["Message-ID"]


async def test_get_returns_the_status_and_attempts_of_a_sent_notification(client):
    """GET by id shows what POST created."""
    created = (await client.post("/api/v1/notifications", json={**SEED, "user_id": "u1"})).json()
    response = await client.get(f"/api/v1/notifications/{created['id']}")
    assert response.status_code == 200 and response.json() == created
    assert created["user_id"] == "u1"


async def test_get_of_an_unknown_id_is_a_404_problem(client):
    """No such notification: problem+json 404."""
    response = await client.get("/api/v1/notifications/ntf_nothing")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_bad_requests_are_422_problems_naming_the_field(client):
    """Unknown channel (with the known names), bad recipient and missing message name the field."""
    unknown = await client.post("/api/v1/notifications", json={**SEED, "channel": "fax"})
    assert unknown.status_code == 422 and unknown.json()["field"] == "channel"
    assert unknown.json()["known"] == ["email", "sms", "push", "whatsapp", "slack"]
    recipient = await client.post("/api/v1/notifications", json={**SEED, "channel": "sms"})
    assert recipient.status_code == 422 and recipient.json()["field"] == "recipient"
    missing = await client.post("/api/v1/notifications", json={"recipient": "a@b.co", "channel": "email"})
    assert missing.status_code == 422 and missing.json()["field"] == "message"


async def test_a_failed_delivery_is_recorded_and_emits_notification_failed(container, client):
    """A provider refusing the message: 201 with status failed, stored, event in the outbox."""
    container.channels.sms.override(providers.Object(ScriptedChannel("sms", [permanent("400 no")])))
    response = await client.post(
        "/api/v1/notifications", json={"recipient": "+14155550123", "message": "hi", "channel": "sms"}
    )
    body = response.json()
    assert response.status_code == 201 and body["status"] == "failed" and body["error"] == "400 no"
    assert (await client.get(f"/api/v1/notifications/{body['id']}")).json()["status"] == "failed"
    async with container.persistence.uow() as uow:  # through the port, whichever store is wired
        events = await uow.outbox.unsent(100)
    assert [(str(e.type), e.aggregate_id) for e in events] == [("notification_failed", body["id"])]


async def test_a_transient_failure_is_retried_within_the_request(container, client):
    """A 5xx-like failure then success: two attempts in the response."""
    container.channels.sms.override(providers.Object(ScriptedChannel("sms", [transient()])))
    body = (
        await client.post(
            "/api/v1/notifications", json={"recipient": "+14155550123", "message": "hi", "channel": "sms"}
        )
    ).json()
    assert [a["outcome"] for a in body["attempts"]] == ["transient_error", "sent"]


async def test_idempotency_key_replays_and_refuses_a_different_body(client):
    """Same key and body: the first response again with Idempotent-Replayed; other body: 422."""
    headers = {"Idempotency-Key": "order-42-receipt"}
    first = await client.post("/api/v1/notifications", json=SEED, headers=headers)
    again = await client.post("/api/v1/notifications", json=SEED, headers=headers)
    assert again.status_code == 201 and again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    other = await client.post("/api/v1/notifications", json={**SEED, "message": "x"}, headers=headers)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"


async def test_multi_channel_sends_each_channel_and_writes_each_providers_body(client, outbox):
    """Object shape: one result per channel, each written as its provider's request body."""
    response = await client.post(
        "/api/v1/notifications/multi-channel",
        json={
            "channels": [
                {"channel": "email", "recipient": "user@example.com"},
                {"channel": "sms", "recipient": "+14155550123"},
                {"channel": "slack", "recipient": "#alerts"},
            ],
            "subject": "Shipped",
            "message": "Your order shipped",
            "user_id": "user123",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "sent" and body["mode"] == "all" and body["delivered"] == 3
    sms_id, slack_id = body["results"][1]["notification"]["id"], body["results"][2]["notification"]["id"]
    sms = json.loads((outbox / "sms" / f"{sms_id}.json").read_text())
    assert sms["To"] == "+14155550123" and sms["Body"] == "Shipped\nYour order shipped"
    slack = json.loads((outbox / "slack" / f"{slack_id}.json").read_text())
    assert slack == {"text": "*Shipped*\nYour order shipped", "channel": "#alerts"}


async def test_multi_channel_simple_shape_with_first_success(container, client):
    """`channels` as names with `recipients`: the chain stops at the first channel delivering."""
    container.channels.whatsapp.override(
        providers.Object(ScriptedChannel("whatsapp", [permanent("131026 undeliverable")]))
    )
    response = await client.post(
        "/api/v1/notifications/multi-channel",
        json={
            "channels": ["whatsapp", "sms", "email"],
            "mode": "first_success",
            "message": "Code 1234",
            "recipients": {"whatsapp": "+14155550123", "sms": "+14155550123", "email": "user@example.com"},
        },
    )
    body = response.json()
    assert response.status_code == 201 and body["status"] == "sent"
    assert [r["status"] for r in body["results"]] == ["failed", "sent", "skipped"]


async def test_multi_channel_validation_names_the_field(client):
    """A name without a recipient, or a bad recipient, is a 422 naming where it is."""
    missing = await client.post(
        "/api/v1/notifications/multi-channel",
        json={"channels": ["email", "sms"], "recipients": {"email": "a@b.co"}, "message": "m"},
    )
    assert missing.status_code == 422 and missing.json()["field"] == "recipients.sms"
    bad = await client.post(
        "/api/v1/notifications/multi-channel",
        json={"channels": [{"channel": "email", "recipient": "nope"}], "message": "m"},
    )
    assert bad.status_code == 422 and bad.json()["field"] == "channels.0.recipient"
    mode = await client.post(
        "/api/v1/notifications/multi-channel",
        json={"channels": ["email"], "recipients": {"email": "a@b.co"}, "message": "m", "mode": "any"},
    )
    assert mode.status_code == 422 and mode.json()["field"] == "mode"


async def test_the_openapi_document_describes_the_notification_endpoints(client):
    """The three endpoints and the Idempotency-Key header are in the OpenAPI document."""
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    assert {
        "/api/v1/notifications",
        "/api/v1/notifications/multi-channel",
        "/api/v1/notifications/{notification_id}",
    } <= set(paths)
    parameters = paths["/api/v1/notifications"]["post"]["parameters"]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in parameters)
