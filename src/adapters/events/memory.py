"""The in-process EventBus of the local profile: groups each get every event, in order."""

from __future__ import annotations

from collections.abc import Sequence

import structlog

from adapters.events.delivery import HandlerDelivery
from domain.events import Event
from domain.ports import EventBus, EventHandler

log = structlog.get_logger("events.memory")


class InMemoryEventBus(EventBus):
    """Delivers synchronously on publish; one handler per group (a group is one consumer here).

    No gap: every group the app subscribes is in place before start(), and publish returns only
    after each group handled the event or dead-lettered it (see HandlerDelivery), so an event
    published once the bus is ready reaches every group. If even dead-lettering fails, publish
    raises and the outbox relay publishes the event again later; groups that had already
    handled it de-duplicate by event_id, as with a real broker.
    """

    def __init__(self, delivery: HandlerDelivery | None = None) -> None:
        self._groups: dict[str, EventHandler] = {}
        self.delivery = delivery or HandlerDelivery()
        self.published: int = 0
        self._started = False

    def subscribe(self, group: str, handler: EventHandler, *, from_beginning: bool = True) -> None:
        # Nothing is retained here, so every group starts at the next event either way. A group
        # is one consumer: subscribing it again (an app restarted on the same bus) replaces it.
        self._groups[group] = handler

    async def publish(self, events: Sequence[Event]) -> None:
        """Each group gets the whole batch in order. A handler with a `many(events)` method (the
        analytics projector, receipts) takes it in one call; if that call fails, the batch goes
        to it again one event at a time, each retried and dead-lettered as any handler's."""
        self.published += len(events)
        for group, handler in list(self._groups.items()):
            many = getattr(handler, "many", None)
            if many is not None:
                try:
                    await many(events)
                    continue
                except Exception as exc:
                    log.warning("batch_handler_failed", group=group, events=len(events), error=repr(exc)[:200])
            for event in events:
                await self.delivery.deliver(group, handler, event)

    def waiting_groups(self) -> list[str]:
        return [] if self._started else ["(not started)"]

    async def start(self) -> None:
        self._started = True

    async def stop(self) -> None:
        self._started = False

    async def ping(self) -> None:
        return None
