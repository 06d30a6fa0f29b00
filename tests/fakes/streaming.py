"""Fakes for the streaming tests: a cache that is always down, a recording event handler."""

from __future__ import annotations

import asyncio

from domain.events import Event, EventType


class DownCache:
    """A Cache whose server is unreachable: every call raises."""

    def __init__(self) -> None:
        self.calls = 0

    async def get(self, key: str) -> bytes | None:
        self.calls += 1
        raise ConnectionError("cache down")

    async def set(self, key: str, value: bytes, ttl_seconds: int) -> None:
        self.calls += 1
        raise ConnectionError("cache down")

    async def delete(self, key: str) -> None:
        self.calls += 1
        raise ConnectionError("cache down")


class Recorder:
    """An EventHandler that keeps what it received and lets a test wait for a count."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self._changed = asyncio.Event()

    async def __call__(self, event: Event) -> None:
        self.events.append(event)
        self._changed.set()

    async def wait_for(self, count: int, seconds: float = 15.0) -> list[Event]:
        async with asyncio.timeout(seconds):
            while len(self.events) < count:
                self._changed.clear()
                await self._changed.wait()
        return self.events


def make_event(
    user_id: str | None = "user_a",
    aggregate_id: str = "pay_1",
    type: EventType = EventType.PAYMENT_CREATED,
    **data: object,
) -> Event:
    return Event(type=type, aggregate_id=aggregate_id, user_id=user_id, data=dict(data))


class ListOutbox:
    """An OutboxStore in a list: unsent events oldest first, marked sent by id."""

    def __init__(self, events: list[Event]) -> None:
        self.events = list(events)
        self.sent: set[str] = set()

    async def add(self, events: list[Event]) -> None:
        self.events.extend(events)

    async def unsent(self, limit: int) -> list[Event]:
        return [e for e in self.events if e.event_id not in self.sent][:limit]

    async def mark_sent(self, event_ids: list[str]) -> None:
        self.sent.update(event_ids)

    async def claim_relay(self, holder: str, ttl_seconds: float) -> bool:
        return True  # one process: its relay is the only one
