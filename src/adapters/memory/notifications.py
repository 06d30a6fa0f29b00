"""In-memory unit of work (notifications + outbox) and idempotency store.

Stand-ins until the SQL unit of work and idempotency store are wired: they keep the same
contracts (changes visible only on commit, events to the outbox on commit, Stripe-style keys) so
use cases and tests behave as they will against SQL. State lives in one MemoryState per process.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Self

from domain.errors import IdempotencyKeyInFlight, IdempotencyKeyReused
from domain.events import Event
from domain.notification import Notification, NotificationStatus
from domain.ports import (
    IdempotencyStore,
    NotificationRepository,
    OutboxStore,
    StoredResponse,
    UnitOfWork,
)


@dataclass
class MemoryState:
    notifications: dict[str, Notification] = field(default_factory=dict)
    outbox: list[Event] = field(default_factory=list)
    sent_event_ids: set[str] = field(default_factory=set)


class InMemoryNotificationRepository(NotificationRepository):
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self.staged: dict[str, Notification] = {}

    async def add(self, notification: Notification) -> None:
        self.staged[notification.id] = notification

    async def get(self, notification_id: str) -> Notification | None:
        found = self.staged.get(notification_id) or self._state.notifications.get(notification_id)
        return copy.deepcopy(found) if found is not None else None

    async def save(self, notification: Notification) -> None:
        self.staged[notification.id] = notification

    async def find_by_provider_id(self, channel: str, provider_message_id: str) -> Notification | None:
        found = next(
            (
                n
                for n in self._state.notifications.values()
                if n.channel == channel and n.provider_message_id == provider_message_id
            ),
            None,
        )
        return copy.deepcopy(found) if found is not None else None

    async def has_due(self, now: datetime) -> bool:
        return any(
            n.status is NotificationStatus.SCHEDULED and n.send_at and n.send_at <= now
            for n in self._state.notifications.values()
        )

    async def claim_due(self, now: datetime, limit: int) -> list[Notification]:
        due = sorted(
            (n for n in self._state.notifications.values() if n.status is NotificationStatus.SCHEDULED and n.send_at),
            key=lambda n: n.send_at or now,
        )
        claimed = []
        for stored in [n for n in due if n.send_at and n.send_at <= now][:limit]:
            notification = copy.deepcopy(stored)
            notification.claim()
            self.staged[notification.id] = notification
            claimed.append(notification)
        return claimed


class InMemoryOutbox(OutboxStore):
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self.staged: list[Event] = []

    async def add(self, events: list[Event]) -> None:
        self.staged.extend(events)

    async def unsent(self, limit: int) -> list[Event]:
        return [e for e in self._state.outbox if e.event_id not in self._state.sent_event_ids][:limit]

    async def mark_sent(self, event_ids: list[str]) -> None:
        self._state.sent_event_ids.update(event_ids)

    async def claim_relay(self, holder: str, ttl_seconds: float) -> bool:
        return True  # one process: its relay is the only one


class InMemoryUnitOfWork(UnitOfWork):
    """Notifications and outbox only; payments are served by the SQL unit of work."""

    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self.notifications = InMemoryNotificationRepository(state)
        self.outbox = InMemoryOutbox(state)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.rollback()

    async def commit(self) -> None:
        # The aggregates' recorded events go to the outbox in the same "transaction".
        for notification in self.notifications.staged.values():
            self.outbox.staged.extend(notification.events)
            notification.events.clear()
            self._state.notifications[notification.id] = copy.deepcopy(notification)
        self._state.outbox.extend(self.outbox.staged)
        await self.rollback()

    async def rollback(self) -> None:
        self.notifications.staged.clear()
        self.outbox.staged.clear()


@dataclass
class _Key:
    fingerprint: str
    expires_at: float
    response: StoredResponse | None = None


class InMemoryIdempotencyStore(IdempotencyStore):
    def __init__(self, ttl_seconds: float = 24 * 3600, clock: Callable[[], float] = time.monotonic):
        self._ttl, self._clock = ttl_seconds, clock
        self._keys: dict[tuple[str, str], _Key] = {}

    async def begin(self, scope: str, key: str, fingerprint: str) -> StoredResponse | None:
        now = self._clock()
        record = self._keys.get((scope, key))
        if record is None or record.expires_at <= now:
            self._keys[(scope, key)] = _Key(fingerprint, now + self._ttl)
            return None
        if record.fingerprint != fingerprint:
            raise IdempotencyKeyReused(
                "this Idempotency-Key was used with a different request body", field="Idempotency-Key"
            )
        if record.response is None:
            raise IdempotencyKeyInFlight(
                "a request with this Idempotency-Key is still in progress", field="Idempotency-Key"
            )
        return record.response

    async def complete(self, scope: str, key: str, response: StoredResponse) -> None:
        record = self._keys.get((scope, key))
        if record is not None:
            record.response = response

    async def release(self, scope: str, key: str) -> None:
        self._keys.pop((scope, key), None)
