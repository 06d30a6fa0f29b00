"""The AnalyticsStore on SQL (the local profile's SQLite, or MySQL/PostgreSQL): analytics_events."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.analytics.projection import facts, utc
from adapters.sql.analytics_queries import CATALOG
from adapters.sql.engine import member_engine
from adapters.sql.staged import execute_staged
from adapters.sql.tables import analytics_events
from adapters.sql.writer import SqliteWriter
from domain.events import Event
from domain.ports import AnalyticsStore

_INSERT = insert(analytics_events)  # built once: values come at execute time (compiled cache)


class SqlAnalyticsStore(AnalyticsStore):
    """One row per event, keyed by event_id, so a replayed event is refused by the primary key
    and rollups, computed by GROUP BY at query time, cannot count it twice."""

    def __init__(
        self,
        url: str | None = None,
        options: Mapping[str, Any] | None = None,
        *,
        engine: AsyncEngine | None = None,
        write_lock: asyncio.Lock | SqliteWriter | None = None,
    ) -> None:
        if engine is None and url is None:
            raise ValueError("SqlAnalyticsStore needs a url or an engine")
        self._url = url
        self._options = dict(options or {})
        self._engine = engine
        self._owns_engine = engine is None
        # Sharing the transactional engine on SQLite: queue behind its writers, not on SQLITE_BUSY.
        self._write_lock = write_lock

    @property
    def engine(self) -> AsyncEngine:
        if self._engine is None:
            assert self._url is not None  # __init__ requires a url or an engine
            self._engine = member_engine(self._url, self._options)
        return self._engine

    async def record(self, event: Event) -> bool:
        try:
            await self._insert([_row(event)])
        except IntegrityError:
            if await self._recorded(event.event_id):
                return False
            raise
        return True

    async def record_many(self, events: Sequence[Event]) -> int:
        """One transaction for the batch; a batch holding a replayed event goes one by one."""
        try:
            await self._insert([_row(event) for event in events])
        except IntegrityError:
            return sum([await self.record(event) for event in events])
        return len(events)

    async def _insert(self, rows: list[dict[str, Any]]) -> None:
        if isinstance(self._write_lock, SqliteWriter):  # one hop, committed with its group
            await self._write_lock.run(lambda conn: execute_staged(conn, _INSERT, rows))
            return
        async with self._write_lock or contextlib.nullcontext(), self.engine.begin() as conn:
            await conn.execute(_INSERT, rows)

    async def _recorded(self, event_id: str) -> bool:
        async with self.engine.connect() as conn:
            found = await conn.execute(
                select(analytics_events.c.event_id).where(analytics_events.c.event_id == event_id)
            )
            return found.first() is not None

    async def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return await CATALOG.run(self.engine, query, params, "analytics")

    async def close(self) -> None:
        if self._engine is not None and self._owns_engine:
            await self._engine.dispose()


def _row(event: Event) -> dict[str, Any]:
    f = facts(event)
    return {
        "event_id": event.event_id,
        "type": str(event.type),
        "aggregate_id": event.aggregate_id,
        "user_id": event.user_id,
        "occurred_at": utc(event.occurred_at),
        "day": f.day,
        "gateway": f.gateway,
        "channel": f.channel,
        "currency": f.currency,
        "status": f.status,
        "amount_minor": f.amount_minor,
        "data": event.data,
    }
