"""Housekeeping in SQL: purges in small batches, each its own short write transaction."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime

from sqlalchemy import ColumnElement, Table, delete, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.tables import idempotency_keys, outbox, processed_webhooks, relay_leases
from domain.ports import MaintenanceStore, OutboxState


class SqlaMaintenanceStore(MaintenanceStore):
    """A purge first reads up to `limit` primary keys (a plain read, no lock), then deletes
    exactly those rows: the write lock is held for one small delete, never for a scan."""

    def __init__(self, engine: AsyncEngine, write_lock: asyncio.Lock | None = None) -> None:
        self._engine = engine
        self._write_lock = write_lock

    async def purge_sent_outbox(self, sent_before: datetime, limit: int) -> int:
        return await self._purge(outbox, outbox.c.sent_at < sent_before, limit)

    async def purge_processed_webhooks(self, received_before: datetime, limit: int) -> int:
        return await self._purge(processed_webhooks, processed_webhooks.c.received_at < received_before, limit)

    async def purge_expired_idempotency_keys(self, now: datetime, limit: int) -> int:
        return await self._purge(idempotency_keys, idempotency_keys.c.expires_at < now, limit)

    async def outbox_state(self) -> OutboxState:
        unsent = select(func.count(), func.min(outbox.c.occurred_at)).where(outbox.c.sent_at.is_(None))
        lease = select(relay_leases.c.holder, relay_leases.c.expires_at).where(relay_leases.c.name == "outbox")
        async with self._engine.connect() as conn:
            count, oldest = (await conn.execute(unsent)).one()
            holder = (await conn.execute(lease)).first()
        return OutboxState(
            unsent=int(count),
            oldest_unsent_at=oldest,  # min() keeps the column's type: an aware UTC datetime
            relay_holder=holder[0] if holder else None,
            relay_lease_expires_at=holder[1] if holder else None,
        )

    async def _purge(self, table: Table, condition: ColumnElement[bool], limit: int) -> int:
        key = tuple_(*table.primary_key.columns)
        async with self._engine.connect() as conn:
            ids = (await conn.execute(select(*table.primary_key.columns).where(condition).limit(limit))).all()
        if not ids:
            return 0
        lock = self._write_lock if self._write_lock is not None else contextlib.nullcontext()
        async with lock, self._engine.begin() as conn:
            # The condition again: a row changed since the read (re-sent, renewed) is kept.
            result = await conn.execute(delete(table).where(key.in_([tuple(row) for row in ids]), condition))
        return result.rowcount
