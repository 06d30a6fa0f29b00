"""Persistence ports: repositories, outbox and idempotency behind one unit of work."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, Self, runtime_checkable

from domain.events import Event
from domain.notification import Notification
from domain.payment import Payment, Refund
from domain.ports.idempotency import IdempotencyKeys


@dataclass(frozen=True, slots=True)
class PaymentFilter:
    user_id: str | None = None
    status: str | None = None
    gateway: str | None = None
    limit: int = 50
    cursor: str | None = None  # the last id of the previous page; newer first


@runtime_checkable
class PaymentRepository(Protocol):
    async def add(self, payment: Payment) -> None: ...

    async def get(self, payment_id: str, *, for_update: bool = False) -> Payment | None:
        """Load one payment; `for_update` locks its row until the unit of work ends."""

    async def get_many(self, payment_ids: list[str]) -> dict[str, Payment]:
        """Load several payments in one read (no lock); missing ids are left out."""

    async def save(self, payment: Payment, *, checked_at_commit: bool = False) -> None:
        """Write a changed payment; raises Conflict if its version moved underneath (with
        `checked_at_commit`, the unit of work's commit raises it: one round trip fewer)."""

    async def list(self, query: PaymentFilter) -> list[Payment]: ...

    async def add_refund(self, refund: Refund) -> None: ...

    async def save_refund(self, refund: Refund) -> None: ...

    async def refunds(self, payment_id: str) -> builtins.list[Refund]: ...

    async def refunds_for(self, payment_ids: builtins.list[str]) -> dict[str, builtins.list[Refund]]:
        """The refunds of several payments in one query (for listings)."""

    async def stale(self, older_than_seconds: float, limit: int) -> builtins.list[Payment]:
        """Payments in a non-final state untouched for longer than the given age (not those
        waiting for the merchant's capture: see expired_authorizations)."""

    async def expired_authorizations(self, older_than_seconds: float, limit: int) -> builtins.list[Payment]:
        """Payments in requires_capture since longer than the given age, oldest first."""

    async def find_by_transaction(
        self, gateway: str, transaction_id: str, *, for_update: bool = False
    ) -> Payment | None:
        """The payment a gateway knows by `transaction_id` (webhooks that lack our id)."""

    async def remember_webhook(self, provider: str, provider_event_id: str) -> bool:
        """Record a provider event in this transaction; False when it was already recorded."""


@runtime_checkable
class NotificationRepository(Protocol):
    async def add(self, notification: Notification) -> None: ...

    async def get(self, notification_id: str) -> Notification | None: ...

    async def save(self, notification: Notification) -> None: ...

    async def find_by_provider_id(self, channel: str, provider_message_id: str) -> Notification | None:
        """The notification a provider knows by its message id (delivery receipts), locked."""

    async def has_due(self, now: datetime) -> bool:
        """Whether any scheduled notification is due (a plain read: no lock, no write)."""

    async def claim_due(self, now: datetime, limit: int) -> list[Notification]:
        """Scheduled notifications due by `now`, moved to queued in this transaction. Each row
        is claimed by a conditional update, so two schedulers never claim the same one."""

    async def in_group(self, group_id: str) -> list[Notification]:
        """A multi-channel send's notifications, oldest first (read without locks)."""


@runtime_checkable
class OutboxStore(Protocol):
    async def add(self, events: list[Event]) -> None: ...

    async def unsent(self, limit: int) -> list[Event]:
        """Committed events not yet published, oldest first."""

    async def mark_sent(self, event_ids: list[str]) -> None: ...

    async def claim_relay(self, holder: str, ttl_seconds: float) -> bool:
        """Take or renew the relay lease; only its holder publishes, so instances do not race."""


@runtime_checkable
class UnitOfWork(Protocol):
    """One database transaction; events of the aggregates it saw go to the outbox on commit."""

    payments: PaymentRepository
    notifications: NotificationRepository
    outbox: OutboxStore
    idempotency: IdempotencyKeys

    async def __aenter__(self) -> Self: ...

    async def __aexit__(self, *exc: object) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...
