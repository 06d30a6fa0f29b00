"""The EventBus port: ordered-per-key publishing and consumer-group subscriptions."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol, runtime_checkable

from domain.events import Event

EventHandler = Callable[[Event], Awaitable[None]]


@runtime_checkable
class EventBus(Protocol):
    async def publish(self, events: Sequence[Event]) -> None:
        """Publish in order; returns once the bus has durably accepted every event."""

    def subscribe(self, group: str, handler: EventHandler, *, from_beginning: bool = True) -> None:
        """Register a handler; handlers sharing a group split the events, groups each get all.

        A group the bus has never seen starts at the oldest retained event, or, with
        `from_beginning=False`, at the next one published (live fan-out has no use for history).
        """

    def waiting_groups(self) -> list[str]:
        """Subscriptions not yet positioned to receive events (readiness); none once every
        group will get each event published from now on."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...
