"""The in-process EventBus of the local profile: groups each get every event, in order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import structlog

from domain.events import Event
from domain.ports import EventBus, EventHandler

log = structlog.get_logger("events.memory")


class InMemoryEventBus(EventBus):
    """Delivers synchronously on publish; one handler per group (a group is one consumer here).

    A failing handler is logged and does not stop the others: it is the handler's job to be
    idempotent and the outbox's job to re-deliver, as with a real broker.
    """

    def __init__(self) -> None:
        self._groups: dict[str, list[EventHandler]] = defaultdict(list)
        self.published: int = 0

    def subscribe(self, group: str, handler: EventHandler, *, from_beginning: bool = True) -> None:
        # Nothing is retained here, so every group starts at the next event either way. A group
        # is one consumer: subscribing it again (an app restarted on the same bus) replaces it.
        self._groups[group] = [handler]

    async def publish(self, events: Sequence[Event]) -> None:
        """Each group gets the whole batch in order; a handler with a `many(events)` method
        (the analytics projector) takes it in one call, the others one event at a time."""
        self.published += len(events)
        for group, handlers in self._groups.items():
            for handler in handlers:
                many = getattr(handler, "many", None)
                if many is not None:
                    try:
                        await many(events)
                    except Exception:
                        log.exception("handler_failed", group=group, events=len(events))
                    continue
                for event in events:
                    try:
                        await handler(event)
                    except Exception:
                        log.exception(
                            "handler_failed", group=group, event_id=event.event_id, event_type=str(event.type)
                        )

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def ping(self) -> None:
        return None
