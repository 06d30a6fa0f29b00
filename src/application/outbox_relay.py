"""Publish committed outbox events through the EventBus, in order, and mark them sent."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from domain.ports import EventBus, UnitOfWork


class OutboxRelay:
    """At least once, in commit order (so in order per aggregate): events are marked sent only
    after the bus accepted them; a crash in between publishes them again, and consumers
    de-duplicate by event_id. One relay runs per process; the lock keeps `relay_once` callers
    (the background loop, tests) from publishing the same batch twice."""

    def __init__(self, uow: Callable[[], UnitOfWork], bus: EventBus, batch_size: int = 500) -> None:
        self._uow = uow
        self._bus = bus
        self._batch = batch_size
        self._lock = asyncio.Lock()

    async def relay_once(self) -> int:
        """Publish everything unsent right now; returns how many events went out."""
        sent = 0
        async with self._lock:
            while True:
                async with self._uow() as uow:
                    events = await uow.outbox.unsent(self._batch)
                if not events:
                    return sent
                await self._bus.publish(events)
                async with self._uow() as uow:
                    await uow.outbox.mark_sent([event.event_id for event in events])
                    await uow.commit()
                sent += len(events)
                if len(events) < self._batch:
                    return sent
