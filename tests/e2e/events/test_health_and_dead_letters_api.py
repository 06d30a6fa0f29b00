"""/health/live, /health/ready and /health; GET /api/v1/dead-letters; the operator commands."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager

from containers import build_container
from entrypoints.app import create_app
from entrypoints.settings import load_settings
from tests.integration.kafka.conftest import FAST

CLI = Path(sys.executable).with_name("factory-service")
PAYMENT = {"user_id": "user123", "amount": "10.00", "currency": "USD", "payment_method": "stripe"}


class CountingCheck:
    def __init__(self) -> None:
        self.pings = 0

    async def ping(self) -> None:
        self.pings += 1


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _settings(tmp_path: Path, template: Path, overrides: dict | None = None, env: dict | None = None):
    shutil.copyfile(template, tmp_path / "app.db")
    return load_settings(
        "test", env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/app.db", **(env or {})}, overrides=overrides
    )


def _client(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def test_live_asks_nothing_and_ready_caches_its_pings_for_about_a_second(tmp_path, migrated_template):
    """Liveness pings no dependency; readiness is 200 once the bus is started and reuses one
    round of pings for repeated probes; /health keeps its combined body."""
    container = build_container(settings=_settings(tmp_path, migrated_template))
    check = CountingCheck()
    container.persistence.health.override(check)
    app = create_app(container)
    async with LifespanManager(app), _client(app) as client:
        live = await client.get("/health/live")
        assert (live.status_code, live.json(), check.pings) == (200, {"status": "ok"}, 0)
        first, second = await client.get("/health/ready"), await client.get("/health/ready")
        assert (first.status_code, second.status_code) == (200, 200)
        assert first.json()["status"] == "ready" and first.json()["waiting_groups"] == []
        assert check.pings == 1
        combined = await client.get("/health")
        assert combined.status_code == 200 and set(combined.json()) == {"status", "dependencies"}


async def test_ready_is_503_while_consumer_groups_wait_though_health_says_degraded(tmp_path, migrated_template):
    """With the broker unreachable the instance's groups never get partitions: /health/ready
    answers 503 naming them, /health stays 200 (degraded), /health/live 200."""
    overrides = {
        "adapters": {"event_bus": "kafka"},
        "kafka": {"bootstrap_servers": f"127.0.0.1:{_closed_port()}", "topic": "nowhere", **FAST},
    }
    app = create_app(build_container(settings=_settings(tmp_path, migrated_template, overrides)))
    async with LifespanManager(app, startup_timeout=30), _client(app) as client:
        ready = await client.get("/health/ready")
        assert ready.status_code == 503
        body = ready.json()
        assert body["status"] == "not_ready" and "analytics" in body["waiting_groups"]
        assert any(group.startswith("realtime-") for group in body["waiting_groups"])
        assert (await client.get("/health")).json()["status"] == "degraded"
        assert (await client.get("/health/live")).status_code == 200


async def test_a_failing_group_fills_dead_letters_that_the_api_and_the_cli_list(tmp_path, migrated_template):
    """A handler that always fails: after its retries the payment's events are dead letters,
    listed by GET /api/v1/dead-letters (API key required) and `factory-service dead-letters
    list`; replay with no handler here skips them; `outbox status` shows nothing unsent."""
    key = f"key-{uuid.uuid4().hex[:8]}"
    settings = _settings(tmp_path, migrated_template, {"security": {"require_api_key": True}}, {"API_KEYS": key})
    container = build_container(settings=settings)

    async def broken(event) -> None:
        raise RuntimeError("merchant endpoint refuses")

    container.infrastructure.event_bus().subscribe("always-failing", broken)
    app = create_app(container)
    async with LifespanManager(app), _client(app) as client:
        created = await client.post("/api/v1/payments", json=PAYMENT, headers={"X-API-Key": key})
        assert created.status_code == 201, created.text
        await container.events.outbox_relay().relay_once()
        assert (await client.get("/api/v1/dead-letters")).status_code == 401
        listed = await client.get("/api/v1/dead-letters", headers={"X-API-Key": key})
        bad = await client.get("/api/v1/dead-letters?limit=0", headers={"X-API-Key": key})
    assert listed.status_code == 200, listed.text
    page = listed.json()
    assert [item["event_type"] for item in page["items"]] == ["payment_created", "payment_processed"]
    assert page["waiting"] == 2 and page["items"][0]["envelope"]["aggregate_id"] == created.json()["id"]
    item = page["items"][0]
    assert item["consumer_group"] == "always-failing" and item["error"] == "RuntimeError: merchant endpoint refuses"
    assert item["attempts"] > 1
    assert bad.status_code == 422 and bad.json()["field"] == "limit"

    env = {**os.environ, "DATABASE_URL": settings.database.url}
    run = lambda *args: subprocess.run(  # noqa: E731
        [str(CLI), *args, "--profile", "test"], env=env, capture_output=True, text=True, timeout=60
    )
    listing = run("dead-letters", "list")
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout.count("always-failing") == 2 and "2 waiting" in listing.stdout
    replay = run("dead-letters", "replay", "--id", str(item["id"]))
    assert replay.returncode == 0 and "skipped" in replay.stdout and "no handler" in replay.stdout
    assert run("dead-letters", "replay", "--id", "999").returncode == 1
    every = run("dead-letters", "replay", "--all")
    assert every.returncode == 0 and every.stdout.rstrip().endswith("0 replayed, 0 failed, 2 skipped")
    status = run("outbox", "status")
    assert status.returncode == 0 and "unsent: 0" in status.stdout and "relay lease:" in status.stdout
