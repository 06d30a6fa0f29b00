"""Sharding tried locally: two SQLite files as shards. Payments and notifications of a user go to
that user's file, each shard's outbox is relayed by its own relay, and one shard entry (or none)
keeps today's ids."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager

from containers import build_container, migrate_database
from domain.sharding import BucketMap, bucket_of_id
from entrypoints.app import create_app
from entrypoints.operator_commands import outbox_status
from entrypoints.settings import load_settings
from tests.e2e.sharding.relays import other_relays

pytestmark = pytest.mark.e2e
USERS = [f"local-user-{n}" for n in range(12)]


async def _api(settings) -> AsyncIterator[tuple[httpx.AsyncClient, object]]:
    await asyncio.to_thread(migrate_database, settings)
    container = build_container(settings=settings)
    app = create_app(container)
    async with (
        LifespanManager(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as api,
    ):
        yield api, container


def _settings(tmp_path: Path, *names: str):
    shards = [{"name": name, "url": f"sqlite+aiosqlite:///{tmp_path / name}.db"} for name in names]
    return load_settings(
        "test",
        env={"OUTBOX_DIR": str(tmp_path / "outbox")},
        overrides={"database": {"kind": "sqlite", "shards": shards}, "payments": {"reconcile_after_seconds": 0}},
    )


def _recorder(published: list):
    async def record(event) -> None:
        published.append(event)

    return record


def _ids(path: Path, table: str) -> set[str]:
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute(f"SELECT id FROM {table}")}


async def test_two_sqlite_shards_route_payments_notifications_and_events(tmp_path):
    buckets = BucketMap.build(["a", "b"])
    async for api, container in _api(_settings(tmp_path, "a", "b")):
        published: list = []
        container.infrastructure.event_bus().subscribe("shard-test", _recorder(published))
        payments, notifications = {}, {}
        for user in USERS:
            body = {"user_id": user, "amount": "10.00", "currency": "USD", "payment_method": "stripe"}
            created = await api.post("/api/v1/payments", json=body)
            assert created.status_code == 201, created.text
            payments[created.json()["id"]] = buckets.shard_of_user(user)
            sent = await api.post(
                "/api/v1/notifications",
                json={
                    "recipient": "u@example.com",
                    "subject": "Hi",
                    "message": "Hi",
                    "channel": "email",
                    "user_id": user,
                },
            )
            assert sent.status_code in (200, 201), sent.text
            notifications[sent.json()["id"]] = buckets.shard_of_user(user)
        # A scheduled send's answer is stored under its Idempotency-Key on the user's shard too.
        user_b = next(u for u in USERS if buckets.shard_of_user(u) == "b")
        later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
        scheduled = {"recipient": "b@example.com", "message": "Later", "channel": "email", "user_id": user_b}
        first = await api.post(
            "/api/v1/notifications", json={**scheduled, "send_at": later}, headers={"Idempotency-Key": "sched-b"}
        )
        again = await api.post(
            "/api/v1/notifications", json={**scheduled, "send_at": later}, headers={"Idempotency-Key": "sched-b"}
        )
        assert first.json()["status"] == "scheduled" and again.headers.get("idempotent-replayed") == "true"
        assert again.content == first.content
        notifications[first.json()["id"]] = "b"
        document = (await api.get("/schema/openapi.json")).json()
        variants = document["components"]["schemas"]["QueryRequest"]["oneOf"]
        assert all(v["properties"]["shard"]["enum"] == ["a", "b"] for v in variants)
        one = await api.post(
            "/api/v1/databases/query",
            json={"database": "sqlite", "query": "payments_by_user", "params": {"user_id": USERS[0]}, "shard": "b"},
        )
        assert one.status_code == 200 and one.json()["shard"] == "b"
        assert one.json()["row_count"] == (buckets.shard_of_user(USERS[0]) == "b")
        for notification_id in notifications:
            assert (await api.get(f"/api/v1/notifications/{notification_id}")).status_code == 200
        for relay in [container.events.outbox_relay(), *await other_relays(container)]:  # each shard's own relay
            while await relay.relay_once():
                pass
        # `reconcile --now` checks the transfers left pending on either shard, each shard's own pass.
        for user in {buckets.shard_of_user(u): u for u in USERS}.values():
            body = {"user_id": user, "amount": "30.00", "currency": "EUR", "payment_method": "bank_transfer"}
            transfer = (await api.post("/api/v1/payments", json=body)).json()
            assert transfer["status"] == "pending"
            payments[transfer["id"]] = buckets.shard_of_user(user)
        report = await container.payments.reconcile_every_shard()()
        assert (report.checked, report.failed) == (2, 0)
        text, code = await outbox_status(container)
        assert code == 0 and text.count("unsent: 0") == 2, text  # each shard's own outbox
        assert text.startswith("shard a\n") and "\nshard b\n" in text
    assert set(payments.values()) == {"a", "b"}
    for shard in ("a", "b"):
        path = tmp_path / f"{shard}.db"
        assert _ids(path, "payments") == {p for p, s in payments.items() if s == shard}
        assert _ids(path, "notifications") == {n for n, s in notifications.items() if s == shard}
    created = {e.aggregate_id for e in published if e.type == "payment_created"}
    assert created == set(payments)  # both shards' outboxes were relayed


async def test_one_shard_entry_keeps_todays_ids(tmp_path):
    async for api, container in _api(_settings(tmp_path, "only")):
        body = {"user_id": "u1", "amount": "10.00", "currency": "USD", "payment_method": "stripe"}
        payment = (await api.post("/api/v1/payments", json=body)).json()
        assert bucket_of_id(payment["id"]) is None and len(payment["id"]) == len("pay_") + 26
        assert container.persistence.shards().sharded is False and await other_relays(container) == []
