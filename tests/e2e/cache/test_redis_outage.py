"""Redis stopped mid-run (a redis-server of this test's own, on a free port): keyed payments,
refunds and notifications never answer 5xx and their replays still work, because Idempotency-Key
records live in the SQL database; the cache and the rate limiter step aside."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from entrypoints.settings import load_settings
from tests.e2e.cache.conftest import serving

pytestmark = pytest.mark.e2e
PAYMENT = {"user_id": "u-outage", "amount": "25.00", "currency": "USD", "payment_method": "stripe"}
NOTE = {"channel": "email", "recipient": "ada@example.com", "subject": "Hi", "message": "Hello"}


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """A throwaway redis-server (no persistence) on a port nobody else uses."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    client.close()
    yield f"redis://127.0.0.1:{port}/0", process
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)


async def test_redis_down_mid_run_gives_no_5xx_and_replays_still_work(tmp_path, migrated_template, redis_server):
    url, process = redis_server
    shutil.copyfile(migrated_template, tmp_path / "outage.db")
    settings = load_settings(
        "test",
        env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/outage.db", "OUTBOX_DIR": str(tmp_path / "outbox")},
        overrides={
            "adapters": {"cache": "redis", "rate_limiter": "redis"},
            "redis": {"url": url, "socket_timeout_seconds": 0.5},
            "security": {"rate_limit": {"enabled": True, "requests": 1000}},
        },
    )
    async with serving(settings) as (_, client):
        statuses: list[int] = []

        async def post(path: str, body: dict, key: str):
            response = await client.post(path, json=body, headers={"Idempotency-Key": key})
            statuses.append(response.status_code)
            return response

        before = await post("/api/v1/payments", PAYMENT, "up-pay")
        assert before.headers.get("ratelimit-limit") == "1000"  # Redis was serving the limiter
        refund_before = await post(f"/api/v1/payments/{before.json()['id']}/refund", {"amount": "1.00"}, "up-re")
        note_before = await post("/api/v1/notifications", NOTE, "up-note")

        process.terminate()
        process.wait(timeout=10)

        payment = await post("/api/v1/payments", PAYMENT, "down-pay")
        refund = await post(f"/api/v1/payments/{payment.json()['id']}/refund", {"amount": "2.00"}, "down-re")
        note = await post("/api/v1/notifications", NOTE, "down-note")
        assert [payment.status_code, refund.status_code, note.status_code] == [201, 201, 201]
        for path, body, key, first in (
            ("/api/v1/payments", PAYMENT, "up-pay", before),
            (f"/api/v1/payments/{before.json()['id']}/refund", {"amount": "1.00"}, "up-re", refund_before),
            ("/api/v1/notifications", NOTE, "up-note", note_before),
            ("/api/v1/payments", PAYMENT, "down-pay", payment),
            (f"/api/v1/payments/{payment.json()['id']}/refund", {"amount": "2.00"}, "down-re", refund),
            ("/api/v1/notifications", NOTE, "down-note", note),
        ):
            replay = await post(path, body, key)
            assert replay.headers.get("idempotent-replayed") == "true"
            assert replay.json() == first.json()
        read = await client.get(f"/api/v1/payments/{payment.json()['id']}")
        statuses.append(read.status_code)
        assert read.json()["refunded"] == "2.00"
        assert all(status < 500 for status in statuses) and set(statuses) == {200, 201}
