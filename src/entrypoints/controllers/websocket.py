"""GET /ws?user_id=...&client_id=... (or ?token=...): live events of one user, narrowed by subscribe messages."""

from __future__ import annotations

import asyncio
import contextlib

import msgspec
import structlog
from litestar import WebSocket, websocket
from litestar.di import NamedDependency
from litestar.exceptions import WebSocketDisconnect

from application.system.client_tokens import ClientTokenSigner
from domain.errors import DomainError
from domain.events import EventType, encode_event
from domain.ids import new_id
from domain.ports import RealtimeHub
from entrypoints.settings import Realtime

log = structlog.get_logger("realtime")

CLOSE_MISSING_USER = 4400  # 4000-4999 are the application's; 4400 mirrors HTTP 400
CLOSE_BAD_TOKEN = 4401  # mirrors HTTP 401: the client token is tampered, foreign or expired
CLOSE_OTHER_USER = 4403  # mirrors HTTP 403: a valid token, but for another user
CLOSE_TOO_SLOW = 1013  # "try again later": the client fell behind and was dropped
KNOWN_TYPES = frozenset(t.value for t in EventType)


class ClientMessage(msgspec.Struct, forbid_unknown_fields=True):
    action: str
    types: list[str] | None = None


class Session:
    """One connection's state: the event types it wants (None: all of them)."""

    def __init__(self, socket: WebSocket) -> None:
        self.socket = socket
        self.types: set[str] | None = None

    async def send(self, message: dict) -> None:
        await self.socket.send_text(msgspec.json.encode(message).decode())

    async def handle(self, raw: str) -> None:
        try:
            message = msgspec.json.decode(raw, type=ClientMessage)
        except msgspec.ValidationError as exc:
            await self.send({"type": "error", "code": "invalid_message", "detail": str(exc)})
            return
        except msgspec.DecodeError:
            await self.send({"type": "error", "code": "invalid_message", "detail": "not JSON"})
            return
        unknown = sorted(set(message.types or ()) - KNOWN_TYPES)
        if unknown:
            await self.send(
                {
                    "type": "error",
                    "code": "unknown_event_type",
                    "field": "types",
                    "detail": f"unknown: {', '.join(unknown)}",
                    "known": sorted(KNOWN_TYPES),
                }
            )
        elif message.action == "subscribe":
            self.types = set(message.types) if message.types else None
            await self._ack()
        elif message.action == "unsubscribe":
            self.types = (self.types or set(KNOWN_TYPES)) - set(message.types or KNOWN_TYPES)
            await self._ack()
        elif message.action == "ping":
            await self.send({"type": "pong"})
        elif message.action != "pong":
            await self.send(
                {
                    "type": "error",
                    "code": "unknown_action",
                    "field": "action",
                    "known": ["subscribe", "unsubscribe", "ping", "pong"],
                }
            )

    async def _ack(self) -> None:
        types = KNOWN_TYPES if self.types is None else self.types
        await self.send({"type": "subscribed", "types": sorted(types)})


async def _receive(session: Session) -> None:
    while True:
        await session.handle(await session.socket.receive_text())


async def _push(session: Session, queue: asyncio.Queue, ping_interval: float) -> None:
    while True:
        try:
            event = await asyncio.wait_for(queue.get(), ping_interval)
        except TimeoutError:
            await session.send({"type": "ping"})
            continue
        if event is None:
            await session.socket.close(CLOSE_TOO_SLOW, "too slow: events were dropped")
            return
        if session.types is None or event.type in session.types:
            await session.socket.send_text(encode_event(event).decode())


async def _user_of(socket: WebSocket, signer: ClientTokenSigner) -> str | None:
    """The user this connection may follow, or None after closing it with the reason."""
    user_id = socket.query_params.get("user_id")
    token = socket.query_params.get("token")
    if token is not None:
        try:
            token_user = signer.verify(token)
        except DomainError as exc:  # invalid, expired, or tokens not configured
            await socket.close(CLOSE_BAD_TOKEN, exc.detail)
            return None
        if user_id and user_id != token_user:
            await socket.close(CLOSE_OTHER_USER, "the client token is for another user")
            return None
        return token_user
    if not user_id:
        await socket.close(CLOSE_MISSING_USER, "user_id query parameter is required")
    return user_id or None


@websocket("/ws", name="events-ws")
async def events_socket(
    socket: WebSocket,
    realtime_hub: NamedDependency[RealtimeHub],
    realtime_settings: NamedDependency[Realtime],
    client_token_signer: NamedDependency[ClientTokenSigner],
) -> None:
    """Pushes every event of `user_id` (or the client token's user) as the event envelope JSON;
    see README "WebSocket"."""
    await socket.accept()
    user_id = await _user_of(socket, client_token_signer)
    if user_id is None:
        return
    client_id = socket.query_params.get("client_id") or new_id("client")
    session = Session(socket)
    handle = realtime_hub.connect(user_id, client_id)
    tasks: set[asyncio.Task] = set()
    try:
        await session.send(
            {
                "type": "connected",
                "user_id": user_id,
                "client_id": client_id,
                "ping_interval_seconds": realtime_settings.ping_interval_seconds,
                "types": sorted(KNOWN_TYPES),
            }
        )
        tasks = {
            asyncio.create_task(_receive(session)),
            asyncio.create_task(_push(session, handle.queue, realtime_settings.ping_interval_seconds)),
        }
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if not isinstance(task.exception(), WebSocketDisconnect | None):
                log.warning("ws_failed", user_id=user_id, error=repr(task.exception()))
    except WebSocketDisconnect:
        pass
    finally:
        for task in tasks:
            task.cancel()
        with contextlib.suppress(BaseException):
            await asyncio.gather(*tasks, return_exceptions=True)
        realtime_hub.disconnect(handle)
        log.info("ws_disconnected", user_id=user_id, client_id=client_id)
