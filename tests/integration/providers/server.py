"""A small real HTTP/1.1 server over TCP for provider contract tests (no framework, port 0).

It records every request and answers through a handler, so a test can check what an adapter
put on the wire and reply the way the provider documents.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

_REASONS = {
    200: "OK",
    201: "Created",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    410: "Gone",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.body.decode(), keep_blank_values=True))


@dataclass
class Reply:
    status: int
    body: Any = b""
    headers: dict[str, str] = field(default_factory=dict)

    def encode(self) -> bytes:
        body, content_type = self.body, "text/plain; charset=utf-8"
        if isinstance(body, dict | list):
            body, content_type = json.dumps(body).encode(), "application/json; charset=UTF-8"
        elif isinstance(body, str):
            body = body.encode()
        headers = {"Content-Type": content_type, **self.headers, "Content-Length": str(len(body))}
        head = f"HTTP/1.1 {self.status} {_REASONS.get(self.status, 'Status')}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        return head.encode() + b"\r\n" + body


Handler = Callable[[Request], Reply]


class ContractServer:
    """`async with ContractServer(handler) as server:` then send to `server.url`."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[Request] = []
        self._server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"

    async def __aenter__(self) -> ContractServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:  # keep-alive: the adapters' pooled clients reuse connections
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                request_line, *lines = head.decode("latin-1").split("\r\n")
                method, target, _ = request_line.split(" ", 2)
                headers = {
                    k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines if ":" in line)
                }
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                parts = urlsplit(target)
                request = Request(method, parts.path, dict(parse_qsl(parts.query)), headers, body)
                self.requests.append(request)
                writer.write(self.handler(request).encode())
                await writer.drain()
        finally:
            writer.close()
