"""The RealtimeHub of one instance: WebSocket connections by user, each with a bounded queue."""

from __future__ import annotations

import asyncio
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

import structlog

from domain.events import Event
from domain.ports import Metrics, NoMetrics, RealtimeHub

log = structlog.get_logger("realtime")


@dataclass(eq=False)
class Connection:
    user_id: str
    client_id: str
    queue: asyncio.Queue[Event | None]
    dropped: bool = field(default=False)


class InMemoryRealtimeHub(RealtimeHub):
    """Holds this instance's connections; every instance receives every event from the bus
    (its own consumer group), so a client sees events caused on any instance.

    broadcast never waits for a client: a connection whose queue is full is dropped (its
    queue is emptied and ends with None, so its handler closes it) and the others go on.

    Delivery on the bus is at least once (the relays of several instances on one database can
    publish an event twice), so the last `remember` event ids are kept and a repeat is skipped.
    """

    def __init__(self, queue_size: int = 256, remember: int = 4096, *, metrics: Metrics | None = None) -> None:
        self._metrics = metrics or NoMetrics()
        self._queue_size = queue_size
        self._by_user: dict[str, set[Connection]] = defaultdict(set)
        self._recent: OrderedDict[str, None] = OrderedDict()
        self._remember = remember

    def connect(self, user_id: str, client_id: str) -> Connection:
        # One slot kept free for the None that tells a dropped connection to close.
        connection = Connection(user_id, client_id, asyncio.Queue(self._queue_size + 1))
        self._by_user[user_id].add(connection)
        log.info("ws_connected", user_id=user_id, client_id=client_id, connections=len(self._by_user[user_id]))
        return connection

    def disconnect(self, handle: object) -> None:
        assert isinstance(handle, Connection)
        connections = self._by_user.get(handle.user_id)
        if connections is not None:
            connections.discard(handle)
            if not connections:
                del self._by_user[handle.user_id]

    def connections(self, user_id: str) -> int:
        return len(self._by_user.get(user_id, ()))

    async def broadcast(self, event: Event) -> None:
        if event.user_id is None or self._seen(event.event_id):
            return
        connections = self._by_user.get(event.user_id)
        if not connections:
            return
        for connection in list(connections):
            if connection.queue.qsize() >= self._queue_size:
                self._drop(connection)
            else:
                connection.queue.put_nowait(event)
        self._metrics.event_pushed((datetime.now(UTC) - event.occurred_at).total_seconds())

    def _seen(self, event_id: str) -> bool:
        if event_id in self._recent:
            return True
        self._recent[event_id] = None
        if len(self._recent) > self._remember:
            self._recent.popitem(last=False)
        return False

    def _drop(self, connection: Connection) -> None:
        self.disconnect(connection)
        connection.dropped = True
        while not connection.queue.empty():
            connection.queue.get_nowait()
        connection.queue.put_nowait(None)
        log.warning(
            "ws_dropped_slow_client",
            user_id=connection.user_id,
            client_id=connection.client_id,
            queue_size=self._queue_size,
        )
