"""The RealtimeHub port: fan-out of events to the WebSocket connections of their user."""

from __future__ import annotations

import asyncio
from typing import Protocol, runtime_checkable

from domain.events import Event


class RealtimeConnection(Protocol):
    """A connection's handle: the queue its WebSocket handler drains."""

    queue: asyncio.Queue[Event | None]


@runtime_checkable
class RealtimeHub(Protocol):
    def connect(self, user_id: str, client_id: str) -> RealtimeConnection:
        """Register a connection; returns a handle whose `queue` receives the user's events.

        A `None` in the queue means the hub dropped the connection (it fell too far behind) and
        the connection should be closed.
        """

    def disconnect(self, handle: object) -> None: ...

    async def broadcast(self, event: Event) -> None:
        """Deliver to every connection of `event.user_id`, never to another user's."""
