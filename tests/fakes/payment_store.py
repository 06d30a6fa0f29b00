"""In-memory fakes of the persistence ports: unit of work, repositories, outbox, key store."""

from __future__ import annotations

import asyncio
import copy
from datetime import UTC, datetime, timedelta
from typing import Self

from domain.errors import Conflict, IdempotencyKeyInFlight, IdempotencyKeyReused
from domain.events import Event
from domain.notification import Notification
from domain.payment import AWAITING_MERCHANT, FINAL, Payment, PaymentStatus, Refund
from domain.ports import KeyClaim, PaymentFilter, RecoveryPoint, StoredResponse


class FakeDatabase:
    """What the fake units of work share: committed copies of aggregates and the outbox."""

    def __init__(self) -> None:
        self.payments: dict[str, Payment] = {}
        self.refunds: dict[str, Refund] = {}
        self.notifications: dict[str, Notification] = {}
        self.outbox: list[Event] = []
        self.sent: set[str] = set()
        self.webhooks: set[tuple[str, str]] = set()
        self.lock = asyncio.Lock()  # the "row lock": taken by get(for_update=True) until the end
        self.fail_saves = False  # make every save() lose a race, as if another writer won
        self.keys: dict[tuple[str, str], KeyRow] = {}  # Idempotency-Key records


class FakePaymentRepository:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    async def add(self, payment: Payment) -> None:
        self._uow.stage(payment, lambda db, p: db.payments.__setitem__(p.id, p))

    async def get_many(self, payment_ids: list[str]) -> dict[str, Payment]:
        found = {pid: await self.get(pid) for pid in payment_ids}
        return {pid: payment for pid, payment in found.items() if payment is not None}

    async def get(self, payment_id: str, *, for_update: bool = False) -> Payment | None:
        if for_update:
            await self._uow.lock()
        found = self._uow.db.payments.get(payment_id)
        if found is None:
            return None
        payment = copy.deepcopy(found)
        payment.events = []
        self._uow.seen.append(payment)
        return payment

    async def save(self, payment: Payment, *, checked_at_commit: bool = False) -> None:
        stored = self._uow.db.payments.get(payment.id)
        if self._uow.db.fail_saves or stored is None or stored.version != payment.version:
            raise Conflict(f"payment {payment.id} changed")
        payment.version += 1
        self._uow.stage(payment, lambda db, p: db.payments.__setitem__(p.id, p))

    async def list(self, query: PaymentFilter) -> list[Payment]:
        found = sorted(self._uow.db.payments.values(), key=lambda p: p.id, reverse=True)
        found = [
            p
            for p in found
            if (query.user_id in (None, p.user_id))
            and (query.status in (None, str(p.status)))
            and (query.gateway in (None, p.gateway))
            and (query.cursor is None or p.id < query.cursor)
        ]
        return [copy.deepcopy(p) for p in found[: query.limit]]

    async def add_refund(self, refund: Refund) -> None:
        self._uow.stage(refund, lambda db, r: db.refunds.__setitem__(r.id, r))

    save_refund = add_refund

    async def refunds(self, payment_id: str) -> list[Refund]:
        return [copy.deepcopy(r) for r in self._uow.db.refunds.values() if r.payment_id == payment_id]

    async def refunds_for(self, payment_ids: list[str]) -> dict[str, list[Refund]]:
        return {pid: await self.refunds(pid) for pid in payment_ids}

    async def find_by_transaction(
        self, gateway: str, transaction_id: str, *, for_update: bool = False
    ) -> Payment | None:
        found = next(
            (p for p in self._uow.db.payments.values() if p.gateway == gateway and p.transaction_id == transaction_id),
            None,
        )
        return None if found is None else await self.get(found.id, for_update=for_update)

    async def remember_webhook(self, provider: str, provider_event_id: str) -> bool:
        key = (provider, provider_event_id)
        if key in self._uow.db.webhooks:
            return False
        self._uow.stage(key, lambda db, k: db.webhooks.add(k))
        return True

    async def stale(self, older_than_seconds: float, limit: int) -> list[Payment]:
        waiting = [
            p
            for p in self._uow.db.payments.values()
            if p.status not in FINAL | AWAITING_MERCHANT and not p.awaits_review
        ]
        return [copy.deepcopy(p) for p in waiting][:limit]

    async def expired_authorizations(self, older_than_seconds: float, limit: int) -> list[Payment]:
        cutoff = datetime.now(UTC) - timedelta(seconds=older_than_seconds)
        held = [
            p
            for p in self._uow.db.payments.values()
            if p.status is PaymentStatus.REQUIRES_CAPTURE and p.updated_at < cutoff
        ]
        return [copy.deepcopy(p) for p in sorted(held, key=lambda p: p.updated_at)][:limit]


class FakeOutbox:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._db = uow.db

    async def add(self, events: list[Event]) -> None:
        self._db.outbox.extend(events)

    async def unsent(self, limit: int) -> list[Event]:
        return [e for e in self._db.outbox if e.event_id not in self._db.sent][:limit]

    async def mark_sent(self, event_ids: list[str]) -> None:
        self._db.sent.update(event_ids)

    async def claim_relay(self, holder: str, ttl_seconds: float) -> bool:
        return True  # one process: its relay is the only one


class FakeUnitOfWork:
    """Stages copies and applies them on commit, with the seen aggregates' events to the outbox."""

    def __init__(self, db: FakeDatabase) -> None:
        self.db = db
        self.seen: list = []
        self._staged: list = []
        self._locked = False
        self.payments = FakePaymentRepository(self)
        self.notifications = None
        self.outbox = FakeOutbox(self)
        self.idempotency = FakeKeyWrites(self)

    def stage(self, aggregate, apply) -> None:
        if all(a is not aggregate for a in self.seen) and hasattr(aggregate, "events"):
            self.seen.append(aggregate)
        self._staged.append((copy.deepcopy(aggregate), apply))

    async def lock(self) -> None:
        if not self._locked:
            await self.db.lock.acquire()
            self._locked = True

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.rollback()

    async def commit(self) -> None:
        for aggregate, apply in self._staged:
            if hasattr(aggregate, "events"):
                aggregate.events = []
            apply(self.db, aggregate)
        self.db.outbox.extend(e for a in self.seen for e in a.events)
        for aggregate in self.seen:
            aggregate.events.clear()
        await self.rollback()

    async def rollback(self) -> None:
        self._staged.clear()
        self.seen.clear()
        if self._locked:
            self._locked = False
            self.db.lock.release()


class KeyRow:
    def __init__(self, fingerprint: str, holder: str) -> None:
        self.fingerprint, self.holder, self.locked = fingerprint, holder, True
        self.point, self.resource_id, self.response = RecoveryPoint.STARTED, None, None


class FakeKeyWrites:
    """The key record's moves in a fake unit of work: applied on commit, like the rows."""

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    async def record(self, scope: str, key: str, holder: str, resource_id: str) -> None:
        row = self._uow.db.keys.get((scope, key))
        if row is None or row.holder != holder or row.point is not RecoveryPoint.STARTED:
            raise IdempotencyKeyInFlight("taken over", field="Idempotency-Key")
        self._uow.stage((row, resource_id), lambda db, _: _move(row, RecoveryPoint.RECORDED, resource_id=resource_id))

    async def finish(self, scope: str, key: str, response: StoredResponse) -> None:
        row = self._uow.db.keys.get((scope, key))
        if row is not None:
            self._uow.stage(response, lambda db, _: _move(row, RecoveryPoint.FINISHED, response=response))


def _move(row: KeyRow, point: RecoveryPoint, **values: object) -> None:
    row.point = point
    for name, value in values.items():
        setattr(row, name, value)


class FakeIdempotencyStore:
    """The key records of a FakeDatabase; `expire_locks()` plays the holder's death."""

    def __init__(self, db: FakeDatabase | None = None) -> None:
        self.rows = db.keys if db is not None else {}
        self._holders = 0

    async def begin(self, scope: str, key: str, fingerprint: str) -> KeyClaim:
        self._holders += 1
        holder = f"h{self._holders}"
        row = self.rows.get((scope, key))
        if row is None:
            self.rows[(scope, key)] = KeyRow(fingerprint, holder)
            return KeyClaim(RecoveryPoint.STARTED, holder)
        if row.fingerprint != fingerprint:
            raise IdempotencyKeyReused("different body", field="Idempotency-Key")
        if row.point is RecoveryPoint.FINISHED:
            return KeyClaim(RecoveryPoint.FINISHED, response=row.response)
        if row.locked:
            raise IdempotencyKeyInFlight("in flight", field="Idempotency-Key")
        row.holder, row.locked = holder, True
        return KeyClaim(row.point, holder, row.resource_id)

    async def complete(self, scope: str, key: str, response: StoredResponse) -> None:
        _move(self.rows[(scope, key)], RecoveryPoint.FINISHED, response=response)

    async def release(self, scope: str, key: str, holder: str) -> None:
        row = self.rows.get((scope, key))
        if row is not None and row.holder == holder and row.point is RecoveryPoint.STARTED:
            del self.rows[(scope, key)]

    async def unlock(self, scope: str, key: str, holder: str) -> None:
        row = self.rows.get((scope, key))
        if row is not None and row.holder == holder:
            row.locked = False

    def expire_locks(self) -> None:
        for row in self.rows.values():
            row.locked = False
