"""The SQL unit of work: one transaction; seen aggregates' events go to the outbox on commit."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Self

from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.idempotency import SqlaIdempotencyKeys
from adapters.sql.notifications import SqlaNotificationRepository
from adapters.sql.outbox import SqlaOutboxStore
from adapters.sql.payments import SqlaPaymentRepository
from adapters.sql.session import SqlSession
from domain.ports import UnitOfWork


class SqlaUnitOfWork(UnitOfWork):
    """Use once per transaction: `async with uow: ...; await uow.commit()`.

    Leaving the block without commit rolls back. After a commit the events the aggregates
    recorded are in the outbox, in the same transaction as the rows, and cleared from them.
    """

    def __init__(
        self,
        engine: AsyncEngine,
        write_lock: asyncio.Lock | None = None,
        *,
        on_events: Callable[[], None] | None = None,
    ) -> None:
        self._on_events = on_events  # after a commit that wrote events: wakes the outbox relay
        self._session = SqlSession(engine, write_lock)
        self.payments = SqlaPaymentRepository(self._session)
        self.notifications = SqlaNotificationRepository(self._session)
        self.outbox = SqlaOutboxStore(self._session)
        self.idempotency = SqlaIdempotencyKeys(self._session)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._session.close()

    async def commit(self) -> None:
        seen = self._session.seen
        events = [event for aggregate in seen for event in aggregate.events]
        await self.outbox.add(events)
        await self._session.commit()
        for aggregate in seen:
            aggregate.events.clear()
        seen.clear()
        if events and self._on_events is not None:
            self._on_events()

    async def rollback(self) -> None:
        self._session.seen.clear()
        await self._session.close()
