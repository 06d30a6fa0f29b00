"""The app on a Redis Cluster of three masters: instances share the rate limit through it, and a
master killed mid-run (in a cluster of this test's own) leaves /health degraded and payments
answering without a 5xx, since Idempotency-Key records and payments live in SQL."""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import signal
import socket
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from entrypoints.settings import load_settings
from tests.e2e.cache.conftest import serving
from tests.e2e.payments.conftest import SEED
from tests.integration.redis.conftest import REDIS_CLUSTER_URL

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "servers" / "redis-cluster.sh"


def _free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_base() -> int:
    """Three consecutive free ports whose cluster-bus ports (+10000) are free as well."""
    for _ in range(200):
        base = random.randrange(20_000, 40_000)
        if all(_free(base + i) and _free(base + i + 10_000) for i in range(3)):
            return base
    raise RuntimeError("no three consecutive free ports for a Redis Cluster")


@pytest.fixture
def own_cluster() -> Iterator[tuple[str, list[int]]]:
    """A three-master cluster of this test only, started and removed by the test-server script;
    yields its URL and the masters' process ids."""
    base = _free_base()
    try:
        subprocess.run(["bash", str(SCRIPT), "start", str(base)], check=True, timeout=60)
        node_dir = ROOT / "var" / f"redis-cluster-{base}"
        pids = [int((node_dir / f"{base + i}.pid").read_text()) for i in range(3)]
        yield f"redis+cluster://127.0.0.1:{base}", pids
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", str(base)], check=False, timeout=60)


def _settings(tmp_path: Path, template: Path, url: str, prefix: str):
    """Cache and rate limiter on Redis at `url`; a database file copied from the template."""
    database = tmp_path / f"{prefix.strip(':').replace(':', '-')}.db"
    shutil.copyfile(template, database)
    return load_settings(
        "test",
        env={"DATABASE_URL": f"sqlite+aiosqlite:///{database}", "OUTBOX_DIR": str(tmp_path / "outbox")},
        overrides={
            "adapters": {"cache": "redis", "rate_limiter": "redis"},
            "redis": {"url": url, "socket_timeout_seconds": 0.5, "key_prefix": prefix},
            "security": {"rate_limit": {"enabled": True, "requests": 3}},
        },
    )


async def test_two_instances_share_one_rate_limit_through_the_cluster(tmp_path, migrated_template):
    """A limit of 3 requests: alternating between two app instances on the shared cluster, the
    fourth request is refused, whichever instance gets it."""
    settings = _settings(tmp_path, migrated_template, REDIS_CLUSTER_URL, f"test:{uuid.uuid4().hex[:10]}:")
    async with serving(settings) as (_, a), serving(settings) as (_, b):
        answers = [await api.get("/api/v1/factories") for api in (a, b, a, b)]
    assert [r.status_code for r in answers] == [200, 200, 200, 429]
    assert [r.headers["ratelimit-remaining"] for r in answers] == ["2", "1", "0", "0"]


async def test_a_killed_master_degrades_health_and_payments_still_answer(tmp_path, migrated_template, own_cluster):
    """Cache and rate limiter on the cluster; one master of three is killed: /health says degraded
    with cache:redis down, and keyed payments, reads, refunds and replays answer without a 5xx."""
    url, pids = own_cluster
    settings = _settings(tmp_path, migrated_template, url, "test:killed:")
    settings.security.rate_limit.requests = 1000
    async with serving(settings) as (_, api):
        health = await api.get("/health")
        assert health.json()["status"] == "ok"
        before = await api.post("/api/v1/payments", json=SEED, headers={"Idempotency-Key": "before"})
        assert before.status_code == 201 and before.headers.get("ratelimit-limit") == "1000"
        assert (await api.get(f"/api/v1/payments/{before.json()['id']}")).status_code == 200  # cached

        os.kill(pids[1], signal.SIGKILL)

        statuses: list[int] = []
        for n in range(6):  # payment ids hash to slots all over the cluster, the dead master's too
            created = await api.post("/api/v1/payments", json=SEED, headers={"Idempotency-Key": f"after-{n}"})
            pid = created.json()["id"]
            read = await api.get(f"/api/v1/payments/{pid}")
            refund = await api.post(f"/api/v1/payments/{pid}/refund", json={"amount": "0.50"})
            again = await api.get(f"/api/v1/payments/{pid}")
            statuses += [created.status_code, read.status_code, refund.status_code, again.status_code]
            assert (read.json()["id"], again.json()["refunded"]) == (pid, "0.50")
        replay = await api.post("/api/v1/payments", json=SEED, headers={"Idempotency-Key": "before"})
        assert replay.headers.get("idempotent-replayed") == "true" and replay.json() == before.json()
        assert set(statuses) == {200, 201}
        # /health caches an all-up answer for a second (readiness caching): ask until it is stale.
        for _ in range(30):
            health = await api.get("/health")
            if health.json()["status"] != "ok":
                break
            await asyncio.sleep(0.2)
        status = {d["name"]: d["status"] for d in health.json()["dependencies"]}
        assert health.status_code == 200 and health.json()["status"] == "degraded"
        assert status["cache:redis"] == "down" and status["database:sqlite"] == "up"
