"""Smoke test: the production profile runs on MySQL (MariaDB) plus MongoDB, with Redis and Kafka,
against the machine's real servers; only the gateways are sandboxed (no live provider here)."""

from __future__ import annotations

import asyncio
import itertools
import os
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager

from containers import build_container, migrate_database
from entrypoints.app import create_app
from entrypoints.settings import load_settings
from tests.e2e.databases.stores import mongo_database, server_database

pytestmark = pytest.mark.e2e
KAFKA = os.environ.get("KAFKA_TEST_BOOTSTRAP", "127.0.0.1:19092")
REDIS = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
KEY = {"X-API-Key": "smoke-key"}
# Tansu joins a group in about half the session timeout: short timeouts keep the test quick.
FAST_KAFKA = {"request_timeout_ms": 3000, "session_timeout_ms": 3000, "heartbeat_interval_ms": 500}


@pytest.fixture
def data() -> None:
    """This module brings its own databases: no SQLite data set (the folder's autouse fixture)."""


@pytest.fixture
async def api() -> AsyncIterator[httpx.AsyncClient]:
    """The production profile's own YAML, configured only through its environment variables
    (plus test-only names: a unique topic, group and key prefix, and sandbox gateways)."""
    run = uuid.uuid4().hex[:8]
    async with server_database("mysql") as url, mongo_database() as (mongo_url, mongo_db):
        env = {
            "DATABASE_URL": url,
            "MONGODB_URL": mongo_url,
            "MONGODB_DATABASE": mongo_db,
            "REDIS_URL": REDIS,
            "KAFKA_BOOTSTRAP_SERVERS": KAFKA,
            "KAFKA_TOPIC": f"smoke-{run}",
            "API_KEYS": "smoke-key",
        }
        overrides = {
            "server": {"log_file": None},
            "redis": {"key_prefix": f"smoke-{run}:"},
            # The Tansu test broker serves no idempotent producer (on by default for Apache Kafka).
            "kafka": {"analytics_group": f"analytics-{run}", "enable_idempotence": False, **FAST_KAFKA},
            "payment_gateways": {"stripe": {"mode": "sandbox"}},
        }
        settings = load_settings("production", env=env, overrides=overrides)
        assert (settings.database.kind, settings.adapters.analytics) == ("mysql", "mongodb")
        await asyncio.to_thread(migrate_database, settings)  # Alembic runs its own loop
        app = create_app(build_container(settings=settings))
        async with (
            LifespanManager(app, startup_timeout=30),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client,
        ):
            yield client


async def _rows(api: httpx.AsyncClient, user_id: str) -> dict[str, list[dict]]:
    response = await api.post(
        "/api/v1/databases/query-all", headers=KEY, json={"query": "payments_by_user", "params": {"user_id": user_id}}
    )
    assert response.status_code == 200, response.text
    return {r["database"]: r["rows"] for r in response.json()["results"]}


async def test_production_profile_serves_a_payment_into_mysql_and_mongodb(api):
    """Health is ok with every dependency up; the database factory shows MySQL transactional and
    MongoDB analytics, both reachable; a payment succeeds, is in MySQL at once and in
    MongoDB once its events went through Kafka to the projector."""
    health = await api.get("/health")
    assert health.status_code == 200, health.text
    report = health.json()
    assert {d["name"] for d in report["dependencies"]} == {
        "database:mysql",
        "analytics:mongodb",
        "events:kafka",
        "cache:redis",
    }
    assert report["status"] == "ok", report
    assert (await api.post("/api/v1/payments", json={})).status_code == 401  # key required
    listed = (await api.get("/api/v1/databases", headers=KEY)).json()["items"]
    roles = {d["name"]: (d["role"], d["reachable"]) for d in listed if d["configured"]}
    assert roles == {"mysql": ("transactional", True), "mongodb": ("analytics", True)}

    user = f"smoke-{uuid.uuid4().hex[:6]}"
    created = await api.post(
        "/api/v1/payments",
        headers=KEY,
        json={"user_id": user, "amount": 100.50, "currency": "USD", "payment_method": "stripe"},
    )
    assert created.status_code == 201, created.text
    payment = created.json()
    assert payment["status"] == "succeeded"
    rows = await _rows(api, user)
    assert [(r["payment_id"], r["status"]) for r in rows["mysql"]] == [(payment["id"], "succeeded")]

    async with asyncio.timeout(30):  # the relay publishes to Kafka; the projector consumes
        for _ in itertools.count():
            if (rows := await _rows(api, user)).get("mongodb"):
                break
            await asyncio.sleep(0.2)
    assert [(r["payment_id"], r["status"]) for r in rows["mongodb"]] == [(payment["id"], "succeeded")]
