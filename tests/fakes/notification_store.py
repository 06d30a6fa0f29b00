"""In-memory fakes of the unit of work (notifications + outbox) and the idempotency store.

They keep the SQL adapters' contracts (changes visible only on commit, events to the outbox on
commit, Stripe-style keys), so use cases behave in tests as they do against SQL. State lives in
one MemoryState per test.
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
    IdempotencyKeys,
    IdempotencyStore,
    KeyClaim,
    NotificationRepository,
    OutboxStore,
    RecoveryPoint,
    StoredResponse,
    UnitOfWork,
)


@dataclass
class MemoryState:
    notifications: dict[str, Notification] = field(default_factory=dict)
    outbox: list[Event] = field(default_factory=list)
    sent_event_ids: set[str] = field(default_factory=set)
    keys: dict[tuple[str, str], _Key] = field(default_factory=dict)


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

    async def in_group(self, group_id: str) -> list[Notification]:
        found = [n for n in self._state.notifications.values() if n.group_id == group_id]
        return [copy.deepcopy(n) for n in sorted(found, key=lambda n: (n.created_at, n.id))]


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
        self.idempotency = InMemoryKeyWrites(state)

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
        for apply in self.idempotency.staged:
            apply()
        await self.rollback()

    async def rollback(self) -> None:
        self.notifications.staged.clear()
        self.outbox.staged.clear()
        self.idempotency.staged.clear()


@dataclass
class _Key:
    fingerprint: str
    expires_at: float
    holder: str
    locked: bool = True
    point: RecoveryPoint = RecoveryPoint.STARTED
    resource_id: str | None = None
    response: StoredResponse | None = None


class InMemoryKeyWrites(IdempotencyKeys):
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self.staged: list[Callable[[], None]] = []

    async def record(self, scope: str, key: str, holder: str, resource_id: str) -> None:
        record = self._state.keys.get((scope, key))
        if record is None or record.holder != holder or record.point is not RecoveryPoint.STARTED:
            raise IdempotencyKeyInFlight("another request took this Idempotency-Key over", field="Idempotency-Key")
        self.staged.append(lambda: _move(record, RecoveryPoint.RECORDED, resource_id=resource_id))

    async def finish(self, scope: str, key: str, response: StoredResponse) -> None:
        record = self._state.keys.get((scope, key))
        if record is not None:
            self.staged.append(lambda: _move(record, RecoveryPoint.FINISHED, response=response, locked=False))


def _move(record: _Key, point: RecoveryPoint, **values: object) -> None:
    record.point = point
    for name, value in values.items():
        setattr(record, name, value)


class InMemoryIdempotencyStore(IdempotencyStore):
    """Keys in a MemoryState (its units of work move their recovery points); a lock lasts until
    its request ends, as the process is the only one."""

    def __init__(
        self,
        state: MemoryState | None = None,
        ttl_seconds: float = 24 * 3600,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._keys = (state or MemoryState()).keys
        self._ttl, self._clock = ttl_seconds, clock
        self._holders = 0

    async def begin(self, scope: str, key: str, fingerprint: str) -> KeyClaim:
        now = self._clock()
        self._holders += 1
        holder = str(self._holders)
        record = self._keys.get((scope, key))
        if record is None or record.expires_at <= now:
            self._keys[(scope, key)] = _Key(fingerprint, now + self._ttl, holder)
            return KeyClaim(RecoveryPoint.STARTED, holder)
        if record.fingerprint != fingerprint:
            raise IdempotencyKeyReused(
                "this Idempotency-Key was used with a different request body", field="Idempotency-Key"
            )
        if record.point is RecoveryPoint.FINISHED:
            return KeyClaim(RecoveryPoint.FINISHED, response=record.response)
        if record.locked:
            raise IdempotencyKeyInFlight(
                "a request with this Idempotency-Key is still in progress", field="Idempotency-Key"
            )
        record.holder, record.locked = holder, True
        return KeyClaim(record.point, holder, record.resource_id)

    async def complete(self, scope: str, key: str, response: StoredResponse) -> None:
        record = self._keys.get((scope, key))
        if record is not None:
            _move(record, RecoveryPoint.FINISHED, response=response, locked=False)

    async def release(self, scope: str, key: str, holder: str) -> None:
        record = self._keys.get((scope, key))
        if record is not None and record.holder == holder and record.point is RecoveryPoint.STARTED:
            del self._keys[(scope, key)]

    async def unlock(self, scope: str, key: str, holder: str) -> None:
        record = self._keys.get((scope, key))
        if record is not None and record.holder == holder:
            record.locked = False
