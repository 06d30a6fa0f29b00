"""One database transaction, opened lazily and in the right SQLite mode for what it will do."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sql.engine import BEGIN_MODE
from domain.errors import Conflict


class SqlSession:
    """The connection and transaction a unit of work's repositories share.

    The first statement decides the mode: a write (or a read for update) opens the transaction
    holding the write lock (BEGIN IMMEDIATE behind this process's asyncio lock on SQLite); a read
    opens a plain snapshot that never blocks writers.
    """

    def __init__(self, engine: AsyncEngine, write_lock: asyncio.Lock | None) -> None:
        self.engine = engine
        self.sqlite = engine.dialect.name == "sqlite"
        self._write_lock = write_lock
        self._locked = False
        self._writing = False
        self._conn: AsyncConnection | None = None
        self.seen: list[Any] = []  # aggregates whose recorded events go to the outbox on commit

    def track(self, aggregate: Any) -> None:
        if all(seen is not aggregate for seen in self.seen):
            self.seen.append(aggregate)

    async def execute(self, statement: Executable, params: Any = None, *, write: bool = False) -> CursorResult:
        upgrading = write and self._conn is not None and not self._writing
        conn = await self._connection(write)
        try:
            return await conn.execute(statement, params)
        except OperationalError as exc:
            if upgrading and self.sqlite:
                # A SQLite snapshot cannot become a writer once another writer has committed
                # after it was taken (SQLITE_BUSY_SNAPSHOT): a lost race, like a version conflict.
                raise Conflict("the data changed while this request read it; retry") from exc
            raise

    async def _connection(self, write: bool) -> AsyncConnection:
        if write and self._write_lock is not None and not self._locked:
            await self._write_lock.acquire()
            self._locked = True
        if self._conn is None:
            conn = await self.engine.connect()
            try:
                if write and self.sqlite:
                    conn = await conn.execution_options(**{BEGIN_MODE: "IMMEDIATE"})
                await conn.begin()
            except BaseException:
                await conn.close()
                await self.close()
                raise
            self._conn = conn
        self._writing = self._writing or write
        return self._conn

    async def commit(self) -> None:
        try:
            if self._conn is not None:
                await self._conn.commit()
        finally:
            await self.close()

    async def close(self) -> None:
        conn, self._conn, self._writing = self._conn, None, False
        try:
            if conn is not None and conn.in_transaction():
                await conn.rollback()
        finally:
            self._unlock()  # before returning the connection: the next writer need not wait
            if conn is not None:
                await conn.close()

    def _unlock(self) -> None:
        if self._locked and self._write_lock is not None:
            self._locked = False
            self._write_lock.release()
