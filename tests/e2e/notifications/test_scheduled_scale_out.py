"""Scheduled sends across real server processes: two `factory-service serve` processes on
free ports share one MariaDB database; one is restarted between scheduling and the due time.
Every scheduled notification is sent exactly once, and a canceled one never is.

Each process writes to its own outbox directory, so a notification sent by two processes
would leave two files: counting files across every directory is how "once" is checked."""

from __future__ import annotations

import asyncio
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from adapters.sql.tables import outbox
from tests.e2e.realtime.conftest import shared_database

ROOT = Path(__file__).resolve().parents[3]
RUNNING = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")
PROFILE = """
database: {kind: mysql, url: "%(url)s"}
server: {log_file: null}
security: {rate_limit: {enabled: false}}
adapters: {event_bus: memory, cache: memory, rate_limiter: memory, analytics: sql}
receipts: {enabled: false}
"""
__all__ = ["shared_database"]


@dataclass
class Instance:
    process: subprocess.Popen
    url: str
    outbox: Path


@pytest.fixture
def launch(tmp_path: Path, shared_database: str) -> Iterator:
    """start(name) runs one server process on the shared database; all are killed at the end."""
    configs = tmp_path / "configs"
    shutil.copytree(ROOT / "configs", configs)
    (configs / "scaleout.yaml").write_text(PROFILE % {"url": shared_database})
    started: list[subprocess.Popen] = []

    def start(name: str) -> Instance:
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join((str(ROOT), str(ROOT / "src"))),
            "APP_CONFIG_DIR": str(configs),
            "APP_PROFILE": "scaleout",
            "OUTBOX_DIR": str(tmp_path / f"outbox-{name}"),
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "entrypoints.cli", "serve", "--host", "127.0.0.1", "--port", "0"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        started.append(process)
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
        seen: list[str] = []
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and process.poll() is None:
            try:
                seen.append(lines.get(timeout=0.2))
            except queue.Empty:
                continue
            if match := RUNNING.search(seen[-1]):
                return Instance(process, f"http://127.0.0.1:{match.group(1)}", tmp_path / f"outbox-{name}")
        raise AssertionError(f"server {name} did not start: {''.join(seen)[-2000:]}")

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def _stop(instance: Instance) -> None:
    instance.process.send_signal(signal.SIGTERM)
    assert instance.process.wait(timeout=60) == 0


async def _schedule(url: str, n: int, seconds: float) -> list[str]:
    send_at = (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat()
    async with httpx.AsyncClient(base_url=url, timeout=30) as api:
        ids = []
        for i in range(n):
            body = {"channel": "email", "recipient": f"u{i}@example.com", "message": f"hi {i}", "send_at": send_at}
            response = await api.post("/api/v1/notifications", json=body)
            assert response.status_code == 201 and response.json()["status"] == "scheduled", response.text
            ids.append(response.json()["id"])
        return ids


async def _settled(url: str, ids: list[str], seconds: float = 60) -> dict[str, dict]:
    async with httpx.AsyncClient(base_url=url, timeout=30) as api, asyncio.timeout(seconds):
        while True:
            shown = {i: (await api.get(f"/api/v1/notifications/{i}")).json() for i in ids}
            if all(n["status"] in ("sent", "failed") for n in shown.values()):
                return shown
            await asyncio.sleep(0.2)


async def test_scheduled_sends_go_out_once_across_two_instances_and_a_restart(launch, shared_database, tmp_path):
    """Ten notifications due in 2 s are scheduled through A and B; B is restarted before they
    are due; ten more are scheduled through the new B. Each of the twenty is sent by exactly
    one process (one file in all outboxes, one attempt, one notification_sent), and the one
    canceled through A is never sent. Three more scheduled through A, which then stops, are
    sent by B."""
    a, b = launch("a"), launch("b")
    first = await _schedule(a.url, 5, 2.0) + await _schedule(b.url, 5, 2.0)
    [canceled] = await _schedule(b.url, 1, 2.0)
    async with httpx.AsyncClient(base_url=a.url) as api:
        assert (await api.delete(f"/api/v1/notifications/{canceled}")).json()["status"] == "canceled"
    _stop(b)
    b = launch("b2")
    second = await _schedule(b.url, 10, 2.0)
    shown = await _settled(a.url, first + second)
    await asyncio.sleep(1.0)  # a second chance for any double send to show up
    files = [p.stem for p in tmp_path.glob("outbox-*/email/*.eml")]
    assert sorted(files) == sorted(first + second)
    assert all(n["status"] == "sent" and len(n["attempts"]) == 1 for n in shown.values())
    async with httpx.AsyncClient(base_url=b.url) as api:
        assert (await api.get(f"/api/v1/notifications/{canceled}")).json()["status"] == "canceled"
    engine = create_async_engine(shared_database)
    async with engine.connect() as conn:
        sent = (await conn.execute(select(outbox.c.aggregate_id).where(outbox.c.type == "notification_sent"))).all()
    await engine.dispose()
    assert sorted(row.aggregate_id for row in sent) == sorted(first + second)
    senders = {p.parent.parent.name for p in tmp_path.glob("outbox-*/email/*.eml")}
    lateness = [
        (datetime.fromisoformat(n["attempts"][0]["at"]) - datetime.fromisoformat(n["send_at"])).total_seconds()
        for n in shown.values()
    ]
    print(
        f"\nscheduled sends: 20 sent by {sorted(senders)}; lateness after send_at "
        f"min {min(lateness):.3f} s, max {max(lateness):.3f} s"
    )
    # Scheduled through A, which then stops: the database holds them, B sends them.
    orphans = await _schedule(a.url, 3, 2.0)
    _stop(a)
    await _settled(b.url, orphans)
    assert {p.stem for p in (tmp_path / "outbox-b2" / "email").glob("*.eml")} >= set(orphans)
    assert len(list(tmp_path.glob("outbox-*/email/*.eml"))) == 23
    _stop(b)
