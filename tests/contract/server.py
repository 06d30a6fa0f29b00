"""A real local HTTP server (uvicorn, ephemeral port, own thread) that plays a provider's API.

Each route checks every request against the provider's documented contract and answers with a
scripted sequence of replies (429 then 200, persistent 500, ...). A request that breaks the contract
gets a 400 `contract_violation` and is listed in `violations`; the fixture fails the test on any.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import uvicorn


@dataclass
class Recorded:
    """One request as the provider saw it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def form(self) -> dict[str, str]:
        """application/x-www-form-urlencoded body, one value per key (Stripe's encoding)."""
        return {k: v[-1] for k, v in parse_qs(self.body.decode(), keep_blank_values=True).items()}


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # dict/list -> JSON; bytes -> as is
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (to provoke client timeouts)


Check = Callable[[Recorded], list[str]]
Answer = Reply | Callable[[Recorded], Reply]


@dataclass
class Route:
    method: str
    pattern: re.Pattern[str]
    replies: list[Answer]
    check: Check | None
    calls: int = 0


class ContractServer:
    def __init__(self) -> None:
        self.routes: list[Route] = []
        self.requests: list[Recorded] = []
        self.violations: list[str] = []
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def route(self, method: str, path: str, *replies: Answer, check: Check | None = None) -> Route:
        """Answer `method path` (a regex matched in full) with `replies` in turn; the last repeats."""
        route = Route(method, re.compile(path), list(replies) or [Reply(404)], check)
        self.routes.insert(0, route)  # later routes override earlier ones
        return route

    def reset(self) -> None:
        """Forget routes, requests and violations, so one running server serves many tests."""
        self.routes, self.requests, self.violations = [], [], []

    def calls(self, method: str, path: str) -> list[Recorded]:
        pattern = re.compile(path)
        return [r for r in self.requests if r.method == method and pattern.fullmatch(r.path)]

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        request = Recorded(
            scope["method"],
            scope["path"],
            parse_qs(scope["query_string"].decode()),
            {k.decode().lower(): v.decode() for k, v in scope["headers"]},
            body,
        )
        self.requests.append(request)
        reply = self._answer(request)
        if reply.delay:
            await asyncio.sleep(reply.delay)
        payload = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
        headers = {"content-type": "application/json", **reply.headers}
        await send(
            {
                "type": "http.response.start",
                "status": reply.status,
                "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
            }
        )
        await send({"type": "http.response.body", "body": payload})

    def _answer(self, request: Recorded) -> Reply:
        route = next((r for r in self.routes if r.method == request.method and r.pattern.fullmatch(request.path)), None)
        if route is None:
            self.violations.append(f"unexpected request {request.method} {request.path}")
            return Reply(404, {"error": "no such route in the contract server"})
        problems = route.check(request) if route.check else []
        if problems:
            self.violations.extend(f"{request.method} {request.path}: {p}" for p in problems)
            return Reply(400, {"contract_violation": problems})
        answer = route.replies[min(route.calls, len(route.replies) - 1)]
        route.calls += 1
        return answer(request) if callable(answer) else answer

    def start(self) -> ContractServer:
        config = uvicorn.Config(
            self,
            host="127.0.0.1",
            port=0,
            lifespan="off",
            log_level="error",
            access_log=False,
            loop="asyncio",
            http="h11",
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="contract-server", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("contract server did not start")
            time.sleep(0.01)
        self.port = self._server.servers[0].sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
