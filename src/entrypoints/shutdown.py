"""The WebSockets this process holds open, so a draining server can close them with 1001."""

from __future__ import annotations

import asyncio
import contextlib

from litestar.types import ASGIApp, Message, Receive, Scope, Send

GOING_AWAY = 1001


class _Connection:
    __slots__ = ("closed", "send")

    def __init__(self, send: Send) -> None:
        self.send = send
        self.closed = False


class OpenWebSockets:
    """Tracks accepted WebSockets at the ASGI level, whatever route or hub serves them.

    uvicorn closes WebSockets with 1012 (service restart) during its own shutdown; clients
    should instead hear 1001 (going away) so they reconnect to another instance. The server
    calls `close_all` after it stops accepting and before uvicorn's connection shutdown.
    """

    def __init__(self) -> None:
        self._open: set[_Connection] = set()

    def __len__(self) -> int:
        return len(self._open)

    def middleware(self, app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "websocket":
                await app(scope, receive, send)
                return
            connection = _Connection(send)

            async def tracked_send(message: Message) -> None:
                if connection.closed:
                    return  # closed by the drain; the handler learns it from websocket.disconnect
                if message["type"] == "websocket.accept":
                    self._open.add(connection)
                elif message["type"] == "websocket.close":
                    connection.closed = True
                    self._open.discard(connection)
                await send(message)

            try:
                await app(scope, receive, tracked_send)
            finally:
                self._open.discard(connection)

        return middleware

    async def close_all(
        self, code: int = GOING_AWAY, reason: str = "server shutting down", grace_seconds: float = 2.0
    ) -> int:
        """Send a close frame to every open WebSocket; returns how many were open."""
        connections = list(self._open)
        self._open.clear()

        async def close(connection: _Connection) -> None:
            connection.closed = True
            with contextlib.suppress(Exception):
                await connection.send({"type": "websocket.close", "code": code, "reason": reason})

        if connections:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.gather(*(close(c) for c in connections)), grace_seconds)
        return len(connections)


# One per process, like the listening socket it belongs with: the server that drains and the
# app that accepts WebSockets meet here.
open_websockets = OpenWebSockets()
