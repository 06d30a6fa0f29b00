"""A master of a three-master Redis Cluster (this test's own) killed under a sharded store: the
cache reports degraded in /health while payments of users on either shard answer without a 5xx."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from containers import migrate_database
from domain.sharding import BucketMap
from entrypoints.settings import load_settings
from tests.e2e.cache.conftest import serving
from tests.e2e.cache.test_redis_cluster import own_cluster

pytestmark = pytest.mark.e2e
__all__ = ["own_cluster"]  # this module's fixture too


async def test_a_killed_master_leaves_both_shards_serving_payments(tmp_path, own_cluster):
    url, pids = own_cluster
    shards = [{"name": name, "url": f"sqlite+aiosqlite:///{tmp_path / name}.db"} for name in ("a", "b")]
    settings = load_settings(
        "test",
        env={"OUTBOX_DIR": str(tmp_path / "outbox")},
        overrides={
            "database": {"kind": "sqlite", "shards": shards},
            "adapters": {"cache": "redis", "rate_limiter": "redis"},
            "redis": {"url": url, "socket_timeout_seconds": 0.5, "key_prefix": "test:shards-killed:"},
            "security": {"rate_limit": {"enabled": True, "requests": 1000}},
        },
    )
    await asyncio.to_thread(migrate_database, settings)
    buckets = BucketMap.build(["a", "b"])
    users = [f"outage-user-{n}" for n in range(8)]
    assert {buckets.shard_of_user(u) for u in users} == {"a", "b"}
    async with serving(settings) as (_, api):
        assert (await api.get("/health")).json()["status"] == "ok"
        os.kill(pids[0], signal.SIGKILL)
        statuses: list[int] = []
        for n, user in enumerate(users):
            body = {"user_id": user, "amount": "20.00", "currency": "USD", "payment_method": "stripe"}
            created = await api.post("/api/v1/payments", json=body, headers={"Idempotency-Key": f"outage-{n}"})
            pid = created.json()["id"]
            read = await api.get(f"/api/v1/payments/{pid}")
            refund = await api.post(f"/api/v1/payments/{pid}/refund", json={"amount": "1.00"})
            listed = await api.get("/api/v1/payments", params={"user_id": user})
            statuses += [created.status_code, read.status_code, refund.status_code, listed.status_code]
            assert read.json()["user_id"] == user and [p["id"] for p in listed.json()["items"]] == [pid]
        assert set(statuses) == {200, 201}
        for _ in range(30):  # /health caches an all-up answer for about a second
            health = await api.get("/health")
            if health.json()["status"] != "ok":
                break
            await asyncio.sleep(0.2)
        status = {d["name"]: d["status"] for d in health.json()["dependencies"]}
        assert health.status_code == 200 and health.json()["status"] == "degraded"
        assert status["cache:redis"] == "down"
        assert (status["database:sqlite:a"], status["database:sqlite:b"]) == ("up", "up")
