"""A real `factory-service serve` (local profile, its own logging config): no line in logs/app.log
or on stdout carries a configured API key, whether it came in a header, a WebSocket query or a
request's query string, accepted or refused."""

from __future__ import annotations

import json
import logging
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from entrypoints.logging import configure_logging

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[3]
RUNNING = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")
KEY = "live-key-0f3c9a1b7e5d4c2a"
WRONG = "wrong-key-9d8c7b6a5f4e3d2c"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[int, Path, list[str]]]:
    """The packaged app (entrypoints.asgi:app) as `make run` starts it, cwd = a scratch dir."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join((str(ROOT), str(ROOT / "src"))),
        "APP_PROFILE": "local",
        "API_KEYS": KEY,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/redact.db",
        "SQLITE_URL": f"sqlite+aiosqlite:///{tmp_path}/redact.db",
    }
    cli = [sys.executable, "-m", "entrypoints.cli"]
    migrated = subprocess.run(
        [*cli, "migrate", "--profile", "local"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    process = subprocess.Popen(
        [*cli, "serve", "--profile", "local", "--host", "127.0.0.1", "--port", "0"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    seen: list[str] = []
    try:
        deadline, port = time.monotonic() + 60, None
        while port is None and time.monotonic() < deadline and process.poll() is None:
            try:
                seen.append(lines.get(timeout=0.2))
            except queue.Empty:
                continue
            if match := RUNNING.search(seen[-1]):
                port = int(match.group(1))
        assert port is not None, "".join(seen)
        yield port, tmp_path / "logs" / "app.log", seen
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        while not lines.empty():
            seen.append(lines.get_nowait())


def test_no_request_or_websocket_line_carries_the_api_key(server):
    """Accepted and refused WebSockets and HTTP requests with the key in the query log it redacted."""
    port, log_file, stdout = server
    with connect(f"ws://127.0.0.1:{port}/ws?user_id=u1&api_key={KEY}", open_timeout=10) as ws:
        ws.send(json.dumps({"action": "ping"}))
    with pytest.raises(InvalidStatus):
        connect(f"ws://127.0.0.1:{port}/ws?user_id=u1&api_key={WRONG}", open_timeout=10).close()
    base = f"http://127.0.0.1:{port}"
    assert httpx.get(f"{base}/api/v1/payments?api_key={KEY}&token={KEY}", headers={"X-API-Key": KEY}).status_code == 200
    assert httpx.get(f"{base}/api/v1/payments", headers={"X-API-Key": WRONG}).status_code == 401
    deadline = time.monotonic() + 10  # the access line is written just after the response
    while time.monotonic() < deadline and log_file.read_text().count('"event": "request"') < 2:
        time.sleep(0.1)
    text = log_file.read_text()
    websocket_lines = [line for line in text.splitlines() if "WebSocket /ws" in line]
    assert any("[accepted]" in line for line in websocket_lines), text
    assert any("api_key=[REDACTED]" in line for line in websocket_lines), text
    assert sum(1 for line in text.splitlines() if '"event": "request"' in line) >= 2, text
    for secret in (KEY, WRONG):
        assert secret not in text
        assert secret not in "".join(stdout)


def test_uvicorn_access_lines_are_redacted_too(tmp_path):
    """With uvicorn's access log on (`uvicorn --access-log`), its request lines lose secret query values."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    # Another test's uvicorn may have configured (and so disabled or detached) these loggers.
    loggers = [logging.getLogger(name) for name in ("uvicorn", "uvicorn.access", "uvicorn.error")]
    states = [(lg.disabled, lg.propagate, lg.level, list(lg.handlers)) for lg in loggers]
    for lg in loggers:
        lg.disabled, lg.propagate, lg.level, lg.handlers = False, True, logging.NOTSET, []
    path = tmp_path / "app.log"
    configure_logging("info", str(path))
    try:
        access = logging.getLogger("uvicorn.access")
        access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", f"/api/v1/payments?api_key={KEY}", "1.1", 200)
        access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", f"/x?client_secret={KEY}&page=2", "1.1", 200)
        logging.getLogger("uvicorn.error").info(
            '%s - "WebSocket %s" [accepted]', "127.0.0.1:5000", f"/ws?user_id=u1&api_key={KEY}"
        )
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
            handler.close()
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
        for lg, (disabled, propagate, level, handlers) in zip(loggers, states, strict=True):
            lg.disabled, lg.propagate, lg.level, lg.handlers = disabled, propagate, level, handlers
    text = path.read_text()
    assert text.count("[REDACTED]") == 3 and "page=2" in text and "user_id=u1" in text, text
    assert KEY not in text
