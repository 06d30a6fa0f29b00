"""Scale-out on the whole data tier of issue 19: two app instances on two MariaDB shards, a
three-master Redis Cluster and Kafka. Clients on A get the events of payments posted to B for
users of either shard, A reads them back, and the rate limit is one count across instances."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from websockets.asyncio.client import connect

from containers import migrate_database
from domain.sharding import BucketMap
from entrypoints.settings import load_settings
from tests.e2e.databases.stores import server_database
from tests.e2e.realtime.conftest import WAIT, instance
from tests.integration.kafka.conftest import FAST, kafka_bootstrap
from tests.integration.redis.conftest import REDIS_CLUSTER_URL

pytestmark = pytest.mark.e2e
__all__ = ["kafka_bootstrap"]  # the broker check, as a fixture of this test


@pytest.fixture
async def shards() -> AsyncIterator[dict[str, str]]:
    async with server_database("mysql") as url_a, server_database("mysql") as url_b:
        yield {"a": url_a, "b": url_b}


def _settings(shards: dict[str, str], bootstrap: str):
    tag = uuid.uuid4().hex[:8]
    return load_settings(
        "test",
        overrides={
            "database": {
                "kind": "mysql",
                "url": shards["a"],
                "shards": [{"name": name, "url": url} for name, url in shards.items()],
            },
            "adapters": {"event_bus": "kafka", "cache": "redis", "rate_limiter": "redis"},
            "kafka": {
                "bootstrap_servers": bootstrap,
                "topic": f"test-shards-{tag}",
                "analytics_group": f"analytics-{tag}",
                "cache_group": f"cache-{tag}",
                **FAST,
            },
            "redis": {"url": REDIS_CLUSTER_URL, "key_prefix": f"test:{tag}:"},
            "merchant_webhooks": {"group": f"merchant-webhooks-{tag}"},
            "security": {"rate_limit": {"enabled": True, "requests": 1000}},
        },
    )


async def _until_processed(ws, payment_id: str) -> list[str]:
    """The event types the client gets for `payment_id` until its payment_processed."""
    types: list[str] = []
    async with asyncio.timeout(WAIT):
        while "payment_processed" not in types:
            message = json.loads(await ws.recv())
            if message.get("aggregate_id") == payment_id:
                types.append(message["type"])
    return types


async def test_two_instances_on_two_shards_and_a_redis_cluster(shards, kafka_bootstrap):
    settings = _settings(shards, kafka_bootstrap)
    await asyncio.to_thread(migrate_database, settings)  # both shards
    buckets = BucketMap.build(["a", "b"])
    users = {buckets.shard_of_user(f"scale-user-{n}"): f"scale-user-{n}" for n in range(20)}
    async with instance(settings) as (_, host_a), instance(settings) as (_, host_b):
        async with (
            connect(f"ws://{host_a}/ws?user_id={users['a']}&client_id=ca") as on_a,
            connect(f"ws://{host_a}/ws?user_id={users['b']}&client_id=cb") as on_b,
            httpx.AsyncClient(base_url=f"http://{host_a}") as api_a,
            httpx.AsyncClient(base_url=f"http://{host_b}") as api_b,
        ):
            assert json.loads(await on_a.recv())["type"] == "connected"
            assert json.loads(await on_b.recv())["type"] == "connected"
            posted = {}
            for shard, user in users.items():
                body = {"user_id": user, "amount": "12.34", "currency": "USD", "payment_method": "stripe"}
                response = await api_b.post("/api/v1/payments", json=body)
                assert response.status_code == 201, response.text
                posted[shard] = response.json()["id"]
                assert buckets.shard_of_id(posted[shard]) == shard
            # Each shard's relay publishes its own payment's events; A's clients each get theirs.
            assert await _until_processed(on_a, posted["a"]) == ["payment_created", "payment_processed"]
            assert await _until_processed(on_b, posted["b"]) == ["payment_created", "payment_processed"]
            for payment_id in posted.values():
                read = await api_a.get(f"/api/v1/payments/{payment_id}")
                assert read.status_code == 200 and read.json()["status"] == "succeeded"
            # One rate-limit count on the cluster: each request, on either instance, takes one.
            answers = [await api.get("/api/v1/factories") for api in (api_a, api_b, api_a, api_b)]
            remaining = [int(r.headers["ratelimit-remaining"]) for r in answers]
            assert remaining == [remaining[0] - n for n in range(4)], remaining
            health = (await api_a.get("/health")).json()
            assert {d["name"]: d["status"] for d in health["dependencies"] if d["name"].startswith("database:")} == {
                "database:mysql:a": "up",
                "database:mysql:b": "up",
            }
    for shard, url in shards.items():
        engine = create_async_engine(url)
        try:
            async with engine.connect() as conn:
                ids = [row[0] for row in await conn.execute(text("SELECT id FROM payments"))]
        finally:
            await engine.dispose()
        assert ids == [posted[shard]]
