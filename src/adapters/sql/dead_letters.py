"""Dead letters in SQL: one row per (consumer group, event), kept until an operator replays it."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.tables import dead_letters as table
from domain.ports import DeadLetter, DeadLetterStore
from domain.ports.dead_letters import REPLAYED, WAITING

_COLUMNS = (
    "consumer_group",
    "event_id",
    "event_type",
    "envelope",
    "error",
    "attempts",
    "status",
    "first_failed_at",
    "dead_lettered_at",
)


def _letter(row) -> DeadLetter:
    return DeadLetter(**{**row, "envelope": bytes(row["envelope"])})


class SqlaDeadLetterStore(DeadLetterStore):
    """Each call is its own short transaction (behind the SQLite write lock for writes)."""

    def __init__(self, engine: AsyncEngine, write_lock: asyncio.Lock | None = None) -> None:
        self._engine = engine
        self._write_lock = write_lock

    def _writing(self) -> contextlib.AbstractAsyncContextManager:
        return self._write_lock if self._write_lock is not None else contextlib.nullcontext()

    async def add(self, letter: DeadLetter) -> DeadLetter:
        values = {name: getattr(letter, name) for name in _COLUMNS}
        values["error"] = letter.error[:4000]
        values["status"] = WAITING
        key = (table.c.consumer_group == letter.consumer_group, table.c.event_id == letter.event_id)
        async with self._writing():
            try:
                async with self._engine.begin() as conn:
                    await conn.execute(insert(table).values(values))
            except IntegrityError:  # dead-lettered before (a redelivery, or a failed replay)
                async with self._engine.begin() as conn:
                    await conn.execute(
                        update(table)
                        .where(*key)
                        .values(
                            error=values["error"],
                            attempts=table.c.attempts + letter.attempts,
                            status=WAITING,
                            dead_lettered_at=letter.dead_lettered_at,
                        )
                    )
        async with self._engine.connect() as conn:
            row = (await conn.execute(select(table).where(*key))).mappings().one()
        return _letter(row)

    async def list(self, *, waiting_only: bool = True, limit: int = 100) -> list[DeadLetter]:
        query = select(table).order_by(table.c.id).limit(limit)
        if waiting_only:
            query = query.where(table.c.status == WAITING)
        async with self._engine.connect() as conn:
            return [_letter(row) for row in (await conn.execute(query)).mappings()]

    async def get(self, letter_id: int) -> DeadLetter | None:
        async with self._engine.connect() as conn:
            row = (await conn.execute(select(table).where(table.c.id == letter_id))).mappings().first()
        return None if row is None else _letter(row)

    async def mark_replayed(self, letter_id: int) -> None:
        await self._update(letter_id, status=REPLAYED, replayed_at=datetime.now(UTC))

    async def record_failure(self, letter_id: int, error: str) -> None:
        await self._update(letter_id, status=WAITING, error=error[:4000], attempts=table.c.attempts + 1)

    async def count_waiting(self) -> int:
        async with self._engine.connect() as conn:
            query = select(func.count()).select_from(table).where(table.c.status == WAITING)
            return int((await conn.execute(query)).scalar_one())

    async def _update(self, letter_id: int, **values: object) -> None:
        async with self._writing(), self._engine.begin() as conn:
            await conn.execute(update(table).where(table.c.id == letter_id).values(**values))
