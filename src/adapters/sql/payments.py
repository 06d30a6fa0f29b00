"""Payments and their refunds in SQL, with optimistic versioning and row locks."""

from __future__ import annotations

import builtins
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from adapters.sql.rows import (
    payment_from_row,
    payment_values,
    refund_from_row,
    refund_values,
)
from adapters.sql.session import SqlSession
from adapters.sql.tables import payments, processed_webhooks, refunds
from domain.errors import Conflict
from domain.payment import AMOUNT_MISMATCH, AWAITING_MERCHANT, FINAL, Payment, PaymentStatus, Refund
from domain.ports import PaymentFilter, PaymentRepository

NON_FINAL = sorted(str(s) for s in PaymentStatus if s not in FINAL | AWAITING_MERCHANT)
# Built once, values passed at execute time: SQLAlchemy's compiled cache then does all the work
# (a statement built per call with .values() costs about a millisecond more each time).
_ADD = insert(payments)
_GET = select(payments).where(payments.c.id == bindparam("b_id"))
_GET_MANY = select(payments).where(payments.c.id.in_(bindparam("b_ids", expanding=True)))
_SAVE = update(payments).where(payments.c.id == bindparam("b_id"), payments.c.version == bindparam("b_version"))
_BY_TRANSACTION = select(payments).where(
    payments.c.gateway == bindparam("b_gateway"), payments.c.transaction_id == bindparam("b_tx")
)
_REMEMBER = insert(processed_webhooks)
_ADD_REFUND = insert(refunds)
_SAVE_REFUND = update(refunds).where(refunds.c.id == bindparam("b_id"))
_REFUNDS = (
    select(refunds)
    .where(refunds.c.payment_id == bindparam("b_payment_id"))
    .order_by(refunds.c.created_at, refunds.c.id)
)


class SqlaPaymentRepository(PaymentRepository):
    def __init__(self, session: SqlSession) -> None:
        self._session = session

    async def add(self, payment: Payment) -> None:
        values = payment_values(payment)
        values.update(id=payment.id, created_at=payment.created_at, version=payment.version)
        self._session.stage(_ADD, values)
        self._session.track(payment)

    async def get(self, payment_id: str, *, for_update: bool = False) -> Payment | None:
        """`for_update`: SELECT ... FOR UPDATE on MySQL/PostgreSQL; on SQLite the transaction
        already holds the database's write lock (BEGIN IMMEDIATE), which serializes the same way."""
        query = _GET.with_for_update() if for_update and not self._session.sqlite else _GET
        row = (await self._session.execute(query, {"b_id": payment_id}, write=for_update)).mappings().first()
        if row is None:
            return None
        payment = payment_from_row(row)
        self._session.track(payment)
        return payment

    async def get_many(self, payment_ids: list[str]) -> dict[str, Payment]:
        """The receipts' read for each batch the relay publishes: on SQLite it is read as a
        writer would (one hop to the writer thread, no snapshot to open), like the relay's own."""
        if not payment_ids:
            return {}
        rows = (await self._session.execute(_GET_MANY, {"b_ids": payment_ids}, write=True)).mappings().all()
        return {row["id"]: payment_from_row(row) for row in rows}

    async def find_by_transaction(
        self, gateway: str, transaction_id: str, *, for_update: bool = False
    ) -> Payment | None:
        query = _BY_TRANSACTION.with_for_update() if for_update and not self._session.sqlite else _BY_TRANSACTION
        row = (
            (await self._session.execute(query, {"b_gateway": gateway, "b_tx": transaction_id}, write=for_update))
            .mappings()
            .first()
        )
        if row is None:
            return None
        payment = payment_from_row(row)
        self._session.track(payment)
        return payment

    async def remember_webhook(self, provider: str, provider_event_id: str) -> bool:
        """The primary key decides: a concurrent replay waits for, then collides with, the first.
        After a collision the transaction is unusable on PostgreSQL; the caller only rolls back."""
        try:
            await self._session.execute(
                _REMEMBER,
                {"provider": provider, "provider_event_id": provider_event_id, "received_at": datetime.now(UTC)},
                write=True,
            )
        except IntegrityError:
            return False
        return True

    async def save(self, payment: Payment, *, checked_at_commit: bool = False) -> None:
        """Version-checked: a payment changed since it was read raises Conflict, here or (staged,
        `checked_at_commit`) from the commit, which then writes nothing of the unit."""
        values = payment_values(payment)
        values.update(version=payment.version + 1, b_id=payment.id, b_version=payment.version)
        conflict = f"payment {payment.id} was changed by another request; retry"
        if checked_at_commit:

            def check(rowcount: int) -> None:
                if rowcount != 1:
                    raise Conflict(conflict)

            self._session.stage(_SAVE, values, check)
        elif (await self._session.execute(_SAVE, values, write=True)).rowcount != 1:
            raise Conflict(conflict)
        payment.version += 1
        self._session.track(payment)

    async def list(self, query: PaymentFilter) -> list[Payment]:
        statement = select(payments).order_by(payments.c.id.desc()).limit(query.limit)
        for column, value in (("user_id", query.user_id), ("status", query.status), ("gateway", query.gateway)):
            if value is not None:
                statement = statement.where(payments.c[column] == value)
        if query.cursor:
            statement = statement.where(payments.c.id < query.cursor)
        rows = (await self._session.execute(statement)).mappings().all()
        return [payment_from_row(row) for row in rows]

    async def add_refund(self, refund: Refund) -> None:
        self._session.stage(_ADD_REFUND, refund_values(refund, refund.created_at))

    async def save_refund(self, refund: Refund) -> None:
        self._session.stage(
            _SAVE_REFUND,
            {
                "b_id": refund.id,
                "status": str(refund.status),
                "gateway_refund_id": refund.gateway_refund_id,
                "updated_at": datetime.now(UTC),
            },
        )

    async def refunds(self, payment_id: str) -> builtins.list[Refund]:
        rows = (await self._session.execute(_REFUNDS, {"b_payment_id": payment_id})).mappings().all()
        return [refund_from_row(row) for row in rows]

    async def refunds_for(self, payment_ids: builtins.list[str]) -> dict[str, builtins.list[Refund]]:
        found: dict[str, builtins.list[Refund]] = {payment_id: [] for payment_id in payment_ids}
        if payment_ids:
            rows = (
                (
                    await self._session.execute(
                        select(refunds)
                        .where(refunds.c.payment_id.in_(payment_ids))
                        .order_by(refunds.c.created_at, refunds.c.id)
                    )
                )
                .mappings()
                .all()
            )
            for row in rows:
                found[row["payment_id"]].append(refund_from_row(row))
        return found

    async def stale(self, older_than_seconds: float, limit: int) -> builtins.list[Payment]:
        cutoff = datetime.now(UTC) - timedelta(seconds=older_than_seconds)
        rows = (
            (
                await self._session.execute(
                    select(payments)
                    .where(payments.c.status.in_(NON_FINAL), payments.c.updated_at < cutoff)
                    # awaiting an operator's review: the provider's answer is not ours to apply
                    .where(func.coalesce(payments.c.failure_code, "") != AMOUNT_MISMATCH)
                    .order_by(payments.c.updated_at)
                    .limit(limit)
                )
            )
            .mappings()
            .all()
        )
        return [payment_from_row(row) for row in rows]

    async def expired_authorizations(self, older_than_seconds: float, limit: int) -> builtins.list[Payment]:
        cutoff = datetime.now(UTC) - timedelta(seconds=older_than_seconds)
        rows = (
            (
                await self._session.execute(
                    select(payments)
                    .where(payments.c.status == str(PaymentStatus.REQUIRES_CAPTURE), payments.c.updated_at < cutoff)
                    .order_by(payments.c.updated_at)
                    .limit(limit)
                )
            )
            .mappings()
            .all()
        )
        return [payment_from_row(row) for row in rows]
