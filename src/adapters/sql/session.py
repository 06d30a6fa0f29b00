"""One database transaction: writes staged and sent together, in the right mode for the engine."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Executable
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sql.engine import BEGIN_MODE
from adapters.sql.staged import execute_staged
from adapters.sql.writer import SqliteWriter
from domain.errors import Conflict

# A staged write: its statement, parameters, and a check of its rowcount (raises) or None.
Staged = tuple[Executable, Any, Callable[[int], None] | None]


def _run(conn: Connection, staged: list[Staged]) -> None:
    """On the SQLite writer thread: the staged writes, straight to the driver (see staged.py)."""
    for statement, params, check in staged:
        rowcount = execute_staged(conn, statement, params)
        if check is not None:
            check(rowcount)


class SqlSession:
    """The connection and transaction a unit of work's repositories share.

    Writes whose results nobody reads are staged (`stage`) and go to the database together,
    before the next statement or at commit: on SQLite that is one hop to the writer thread for
    the whole unit of work (see SqliteWriter), on a server one trip per statement but no waits
    in between. A read for update, or any statement after the unit's first write, runs inside
    the writer's unit on SQLite (it must see the unit's own writes and hold the write lock). A
    plain read opens a snapshot that never blocks writers.
    """

    def __init__(self, engine: AsyncEngine, write_lock: asyncio.Lock | SqliteWriter | None) -> None:
        self.engine = engine
        self.sqlite = engine.dialect.name == "sqlite"
        self._writer = write_lock if isinstance(write_lock, SqliteWriter) else None
        self._write_lock = None if self._writer is not None else write_lock
        self._staged: list[Staged] = []
        self._in_unit = False  # holding the writer's lock with a unit open in its thread
        self._locked = False
        self._writing = False
        self._conn: AsyncConnection | None = None
        self.seen: list[Any] = []  # aggregates whose recorded events go to the outbox on commit

    def track(self, aggregate: Any) -> None:
        if all(seen is not aggregate for seen in self.seen):
            self.seen.append(aggregate)

    def stage(self, statement: Executable, params: Any, check: Callable[[int], None] | None = None) -> None:
        """A write sent with the next statement or the commit; `check(rowcount)` may raise."""
        self._staged.append((statement, params, check))

    async def execute(self, statement: Executable, params: Any = None, *, write: bool = False) -> CursorResult:
        if self._writer is not None and (write or self._in_unit or self._staged):
            staged, self._staged = self._staged, []
            await self._enter_unit()

            def work(conn: Connection) -> Any:
                _run(conn, staged)
                return conn.execute(statement, params)

            return await self._writer.step(work)
        if self._staged:
            await self._flush()
        return await self._execute(statement, params, write)

    async def _enter_unit(self) -> None:
        assert self._writer is not None  # only called on the writer's path
        if not self._in_unit:
            await self._writer.acquire()
            self._in_unit = True
            await self._close_snapshot()  # reads from here on see the unit's own writes

    async def _flush(self) -> None:
        staged, self._staged = self._staged, []
        for statement, params, check in staged:
            result = await self._execute(statement, params, True)
            if check is not None:
                check(result.rowcount)

    async def _execute(self, statement: Executable, params: Any, write: bool) -> CursorResult:
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
            if self._writer is not None and (self._in_unit or self._staged):
                staged, self._staged = self._staged, []
                await self._enter_unit()
                durable = self._writer.finish(lambda conn: _run(conn, staged))
                self._leave_unit()  # the thread keeps the order: the next unit may queue now
                await durable
            elif self._staged:
                await self._flush()
            if self._conn is not None:
                await self._conn.commit()
        finally:
            await self.close()

    def _leave_unit(self) -> None:
        if self._in_unit and self._writer is not None:
            self._in_unit = False
            self._writer.release()

    async def close(self) -> None:
        self._staged = []
        if self._in_unit and self._writer is not None:
            aborted = self._writer.abort()
            self._leave_unit()
            await aborted
        await self._close_snapshot()

    async def _close_snapshot(self) -> None:
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
