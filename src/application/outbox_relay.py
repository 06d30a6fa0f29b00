"""Publish committed outbox events through the EventBus, in order, and mark them sent."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime

from domain.ports import EventBus, Metrics, NoMetrics, UnitOfWork


class OutboxRelay:
    """At least once, in commit order (so in order per aggregate): events are marked sent only
    after the bus accepted them; a crash in between publishes them again, and consumers
    de-duplicate by event_id. One relay runs per process; the lock keeps `relay_once` callers
    (the background loop, tests) from publishing the same batch twice, and the relay lease keeps
    the relays of other instances on the same database from publishing it too (a crashed
    holder's lease expires after `lease_seconds`, then another instance takes over)."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        bus: EventBus,
        batch_size: int = 500,
        *,
        metrics: Metrics | None = None,
        holder: str = "local",
        lease_seconds: float = 10.0,
    ) -> None:
        self._uow = uow
        self._holder = holder
        self._lease = lease_seconds
        self._metrics = metrics or NoMetrics()
        self._bus = bus
        self._batch = batch_size
        self._lock = asyncio.Lock()

    async def relay_once(self) -> int:
        """Publish everything unsent, including events that handlers committed meanwhile (a
        receipt's notification_sent), so a flush at shutdown leaves nothing behind; returns how
        many events went out."""
        sent = 0
        async with self._lock:
            while True:
                async with self._uow() as uow:
                    events = await uow.outbox.unsent(self._batch)
                oldest = events[0].occurred_at if events else None
                self._metrics.outbox_lag((datetime.now(UTC) - oldest).total_seconds() if oldest else 0.0)
                if not events or not await self._hold_lease():
                    return sent
                try:
                    await self._bus.publish(events)
                except Exception:
                    self._metrics.publish_failure()
                    raise
                async with self._uow() as uow:
                    await uow.outbox.mark_sent([event.event_id for event in events])
                    await uow.commit()
                sent += len(events)

    async def _hold_lease(self) -> bool:
        async with self._uow() as uow:
            held = await uow.outbox.claim_relay(self._holder, self._lease)
            await uow.commit()
        return held
