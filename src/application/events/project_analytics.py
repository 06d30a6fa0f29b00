"""The analytics projector: every event on the bus is recorded once in the analytics store."""

from __future__ import annotations

from collections.abc import Sequence

from domain.events import Event
from domain.ports import AnalyticsStore

GROUP = "analytics"  # one shared consumer group: each event is projected by one instance


class ProjectEvent:
    """An EventBus handler; replays are harmless because the store refuses a known event_id."""

    def __init__(self, store: AnalyticsStore) -> None:
        self._store = store
        self.recorded = 0
        self.replayed = 0

    async def __call__(self, event: Event) -> None:
        """Record `event`; a failure propagates so the bus can re-deliver it.

        Args:
            event: any event from the bus.
        """
        if await self._store.record(event):
            self.recorded += 1
        else:
            self.replayed += 1

    async def many(self, events: Sequence[Event]) -> None:
        """Record a batch: one write for the lot where the store can (`record_many`)."""
        record_many = getattr(self._store, "record_many", None)
        if record_many is None:
            for event in events:
                await self(event)
            return
        recorded = await record_many(events)
        self.recorded += recorded
        self.replayed += len(events) - recorded
