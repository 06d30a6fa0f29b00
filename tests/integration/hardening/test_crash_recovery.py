"""kill -9 in the middle of keyed payments, on SQLite, MariaDB and PostgreSQL: after a restart
every key retried with its body ends 201 for the same payment, and no key is charged twice.

The server's sandbox gateway keeps its charges in a ledger file (as a provider remembers its
idempotency keys across our crash) and answers 0.6 s after charging, so the kill lands while
requests sit between their two transactions: charged at the gateway, not yet recorded by us.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from adapters.gateways.sandbox_ledger import SandboxLedger
from tests.e2e.databases.stores import server_database
from tests.fakes.payments import until
from tests.integration.hardening.real_server import ServerProfile

pytestmark = pytest.mark.integration

KEYS = [f"crash-{n:02d}" for n in range(24)]
LOCK_SECONDS, RECONCILE_SECONDS = 5, 1
# The lock, one reconciliation pass (interval + age), and room for two process starts' worth
# of a loaded machine.
DEADLINE = LOCK_SECONDS + 2 * RECONCILE_SECONDS + 20


def _body(key: str) -> dict:
    return {"user_id": f"u-{key}", "amount": "10.00", "currency": "USD", "payment_method": "stripe", "description": key}


@contextlib.asynccontextmanager
async def _database(kind: str, tmp_path: Path) -> AsyncIterator[str]:
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path}/crash.db"
        return
    async with server_database(kind) as url:
        yield url


def _profile(tmp_path: Path, kind: str, url: str) -> ServerProfile:
    return ServerProfile(
        tmp_path / "configs",
        "crash",
        {
            "database": {"kind": kind, "url": url},
            "databases": {kind: {"enabled": True, "url": url}},
            "server": {"log_file": None},
            "security": {"rate_limit": {"enabled": False}},
            "adapters": {"event_bus": "memory", "cache": "memory", "rate_limiter": "memory", "analytics": "sql"},
            "payments": {
                "idempotency_lock_seconds": LOCK_SECONDS,
                "reconcile_interval_seconds": RECONCILE_SECONDS,
                "reconcile_after_seconds": RECONCILE_SECONDS,
            },
            "sandbox": {"ledger_dir": str(tmp_path / "ledger"), "latency_seconds": 0.6},
            "receipts": {"enabled": False},
        },
    )


async def _fire(client: httpx.AsyncClient, key: str, delay: float) -> httpx.Response | None:
    """One keyed POST, sent after `delay`; None when the server died before it answered."""
    await asyncio.sleep(delay)
    try:
        return await client.post("/api/v1/payments", json=_body(key), headers={"Idempotency-Key": key})
    except httpx.TransportError:
        return None


async def _retry_until_final(client: httpx.AsyncClient, key: str, statuses: list[int]) -> httpx.Response:
    """Retries with the same key and body; 409 (the dead request's lock) is the only other answer
    allowed, and only until the deadline."""
    deadline = time.monotonic() + DEADLINE
    while True:
        response = await client.post("/api/v1/payments", json=_body(key), headers={"Idempotency-Key": key})
        statuses.append(response.status_code)
        if response.status_code != 409 or time.monotonic() > deadline:
            return response
        await asyncio.sleep(0.25)


@pytest.mark.parametrize("kind", ["sqlite", "mysql", "postgresql"])
async def test_sigkill_mid_stream_then_every_retry_ends_in_one_payment_charged_once(kind, tmp_path):
    async with _database(kind, tmp_path) as url:
        profile = _profile(tmp_path, kind, url)
        await asyncio.to_thread(profile.migrate)
        server = await asyncio.to_thread(profile.start)
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
            tasks = [asyncio.create_task(_fire(client, key, i * 0.05)) for i, key in enumerate(KEYS)]
            # Kill once three have answered: by then others sit inside the gateway, some unsent.
            await until(lambda: sum(t.done() and t.result() is not None for t in tasks) >= 3, seconds=30)
            server.kill()
            first = dict(zip(KEYS, await asyncio.gather(*tasks), strict=True))
        answered = {k: r.json()["id"] for k, r in first.items() if r is not None and r.status_code == 201}
        assert all(r is None or r.status_code == 201 for r in first.values())
        charged = {
            line.description: line.payment_id for line in SandboxLedger(str(tmp_path / "ledger"), "stripe").lines()
        }
        cut_off = set(charged) - set(answered)
        assert answered and cut_off, "the kill must land between a charge and its answer"

        server = await asyncio.to_thread(profile.start)
        try:
            async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
                statuses: list[int] = []
                retried = await asyncio.gather(*(_retry_until_final(client, k, statuses) for k in KEYS))
                finals = {k: r.json()["id"] for k, r in zip(KEYS, retried, strict=True) if r.status_code == 201}
                assert [r.status_code for r in retried] == [201] * len(KEYS), Counter(statuses)
                assert set(statuses) <= {201, 409}
                assert all(finals[k] == answered[k] for k in answered)
                assert all(finals[k] == charged[k] for k in charged)
                assert {r.json()["status"] for r in retried} == {"succeeded"}
                for key in KEYS:
                    listed = (await client.get("/api/v1/payments", params={"user_id": f"u-{key}"})).json()["items"]
                    assert [p["id"] for p in listed] == [finals[key]]
                replay = await client.post(
                    "/api/v1/payments", json=_body(KEYS[0]), headers={"Idempotency-Key": KEYS[0]}
                )
                assert replay.headers.get("idempotent-replayed") == "true" and replay.json()["id"] == finals[KEYS[0]]
        finally:
            server.kill()
        ledger = SandboxLedger(str(tmp_path / "ledger"), "stripe").lines()
        per_key = Counter(line.description for line in ledger)
        assert set(per_key) == set(KEYS) and max(per_key.values()) == 1, per_key
