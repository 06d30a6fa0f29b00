"""A local merchant receiver: answers each POST as scripted (a status code, or "timeout") and
records what it was sent."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WAIT = 20.0  # generous: this is not a latency test


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    script: list[str | int]
    hang_seconds: float
    received: list[Received] = field(default_factory=list)

    async def wait_for(self, count: int) -> list[Received]:
        """The first `count` requests, waiting up to WAIT seconds (the HTTP server is a thread)."""
        async with asyncio.timeout(WAIT):
            while len(self.received) < count:  # noqa: ASYNC110 - filled by another thread
                await asyncio.sleep(0.02)
        return list(self.received)


@contextmanager
def receiver(script: list[str | int], *, hang_seconds: float = 2.0) -> Iterator[Receiver]:
    """Answers the n-th POST with script[n] (the last entry repeats); "timeout" answers nothing
    for `hang_seconds`, longer than the sender waits."""
    state = Receiver(url="", script=script, hang_seconds=hang_seconds)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with lock:
                n = len(state.received)
                state.received.append(Received({k.lower(): v for k, v in self.headers.items()}, body))
            answer = state.script[min(n, len(state.script) - 1)]
            if answer == "timeout":
                time.sleep(state.hang_seconds)
                return  # the connection closes with no response
            self.send_response(int(answer))
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
