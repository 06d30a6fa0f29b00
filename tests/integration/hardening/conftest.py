"""A real `factory-service serve` process on an ephemeral port, test profile, its own SQLite
file migrated by `factory-service migrate` first."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# The served app is the real one plus a WebSocket route that only this test's module adds; the
# request held in flight is the real POST /api/v1/payments.
DRAIN_APP = """
from litestar import WebSocket, websocket
from containers import build_container
from entrypoints.app import create_app
from entrypoints.logging import configure_logging

@websocket("/ws-echo")
async def ws_echo(socket: WebSocket) -> None:
    await socket.accept()
    await socket.send_text("hello")
    while True:
        await socket.receive_text()

configure_logging("info", None)
app = create_app(build_container(), extra_handlers=[ws_echo])
"""
ROOT = Path(__file__).resolve().parents[3]
RUNNING = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")


@dataclass
class Served:
    process: subprocess.Popen
    port: int
    lines: queue.Queue = field(default_factory=queue.Queue)
    seen: list[str] = field(default_factory=list)

    def output(self) -> str:
        while not self.lines.empty():
            self.seen.append(self.lines.get_nowait())
        return "".join(self.seen)

    def terminate(self) -> None:
        self.process.send_signal(signal.SIGTERM)


@pytest.fixture
def serve(tmp_path: Path) -> Iterator:
    started: list[subprocess.Popen] = []

    def start(shutdown_timeout: float) -> Served:
        (tmp_path / "drain_app.py").write_text(DRAIN_APP)
        # The source tree first: an editable install could leave a stale containers package in site-packages.
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join((str(ROOT), str(ROOT / "src"))),
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/drain.db",
            "SHUTDOWN_TIMEOUT_SECONDS": str(shutdown_timeout),
            "APP_PROFILE": "test",
        }
        migrated = subprocess.run(
            [sys.executable, "-m", "entrypoints.cli", "migrate", "--profile", "test"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert migrated.returncode == 0, migrated.stdout + migrated.stderr
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "entrypoints.cli",
                "serve",
                "--profile",
                "test",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--app",
                "drain_app:app",
            ],
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
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.2)
            except queue.Empty:
                if process.poll() is not None:
                    break  # exited before it started serving
                continue
            seen.append(line)
            if match := RUNNING.search(line):
                return Served(process, int(match.group(1)), lines, seen)
        raise AssertionError(f"server did not start: {''.join(seen)}")

    start.database = tmp_path / "drain.db"
    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()
