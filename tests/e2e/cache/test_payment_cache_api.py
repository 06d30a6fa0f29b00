"""GET /api/v1/payments/{id} through the Redis cache (one node and a Redis Cluster): fresh after
writes, alive without Redis."""

import msgspec

from adapters.redis.client import RedisClient
from tests.e2e.cache.conftest import redis_settings, serving
from tests.e2e.payments.conftest import SEED


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_reads_are_cached_in_redis_and_a_refund_is_visible_on_the_next_read(
    tmp_path, migrated_template, redis: RedisClient, redis_url: str, prefix: str
):
    """The first read stores the view under payment:{id}; the refund's commit deletes it, so
    the next read shows the refund although no event has been relayed."""
    async with serving(redis_settings(tmp_path, migrated_template, redis_url, prefix)) as (_, api):
        pid = (await api.post("/api/v1/payments", json=SEED)).json()["id"]
        key = f"{prefix}cache:payment:{pid}"
        first = await api.get(f"/api/v1/payments/{pid}")
        assert first.status_code == 200 and await redis.exists(key) == 1
        cached = await api.get(f"/api/v1/payments/{pid}")
        assert cached.content == first.content  # the cached view encodes to the same bytes
        assert 0 < await redis.ttl(key) <= 60
        refund = await api.post(f"/api/v1/payments/{pid}/refund", json={"amount": "40.00"})
        assert refund.status_code == 201
        after = (await api.get(f"/api/v1/payments/{pid}")).json()
        assert (after["refunded"], after["refundable"]) == ("40.00", "60.50")
        assert [r["amount"] for r in after["refunds"]] == ["40.00"]


async def test_a_stale_entry_is_replaced_after_a_write(
    tmp_path, migrated_template, redis: RedisClient, redis_url: str, prefix: str
):
    """Even an entry that differs from the database is gone after the payment's next write."""
    async with serving(redis_settings(tmp_path, migrated_template, redis_url, prefix)) as (_, api):
        pid = (await api.post("/api/v1/payments", json=SEED)).json()["id"]
        await api.get(f"/api/v1/payments/{pid}")
        key = f"{prefix}cache:payment:{pid}"
        await redis.set(key, msgspec.msgpack.encode({"not": "a view"}))
        assert (await api.get(f"/api/v1/payments/{pid}")).json()["id"] == pid  # undecodable: DB
        await api.post(f"/api/v1/payments/{pid}/refund", json={})
        assert (await api.get(f"/api/v1/payments/{pid}")).json()["status"] == "refunded"


async def test_reads_and_writes_work_and_health_is_degraded_when_redis_is_unreachable(tmp_path, migrated_template):
    """Redis on a closed port: create, read and refund answer correctly from the database,
    and /health says degraded with cache:redis down."""
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    async with serving(redis_settings(tmp_path, migrated_template, url, "test:down:")) as (_, api):
        created = await api.post("/api/v1/payments", json=SEED)
        assert created.status_code == 201
        pid = created.json()["id"]
        read = await api.get(f"/api/v1/payments/{pid}")
        assert read.status_code == 200
        assert (read.json()["id"], read.json()["amount"], read.json()["status"]) == (pid, "100.50", "succeeded")
        assert (await api.post(f"/api/v1/payments/{pid}/refund", json={"amount": "0.50"})).status_code == 201
        assert (await api.get(f"/api/v1/payments/{pid}")).json()["refunded"] == "0.50"
        health = await api.get("/health")
        assert health.status_code == 200
        status = {d["name"]: d["status"] for d in health.json()["dependencies"]}
        assert health.json()["status"] == "degraded" and status["cache:redis"] == "down"
        assert status["database:sqlite"] == "up"
