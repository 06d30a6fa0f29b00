"""Persistence ports: repositories, outbox and idempotency behind one unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Self, runtime_checkable

from domain.events import Event
from domain.notification import Notification
from domain.payment import Payment, Refund


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

    async def refunds(self, payment_id: str) -> list[Refund]: ...

    async def refunds_for(self, payment_ids: list[str]) -> dict[str, list[Refund]]:
        """The refunds of several payments in one query (for listings)."""

    async def stale(self, older_than_seconds: float, limit: int) -> list[Payment]:
        """Payments in a non-final state untouched for longer than the given age."""

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

    async def __aenter__(self) -> Self: ...

    async def __aexit__(self, *exc: object) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status: int
    body: bytes


@runtime_checkable
class IdempotencyStore(Protocol):
    """Stripe-style Idempotency-Key records, scoped per endpoint, kept for a TTL."""

    async def begin(self, scope: str, key: str, fingerprint: str) -> StoredResponse | None:
        """Claim the key. Returns the stored response for a completed replay; raises
        IdempotencyKeyInFlight while another request holds it and IdempotencyKeyReused when the
        fingerprint differs."""

    async def complete(self, scope: str, key: str, response: StoredResponse) -> None: ...

    async def release(self, scope: str, key: str) -> None:
        """Forget a claimed key whose request failed before anything moved."""
