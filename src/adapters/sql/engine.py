"""The transactional store's AsyncEngine: pooled for MySQL/PostgreSQL, durable WAL for SQLite."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import msgspec
from sqlalchemy import event, make_url
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

# Execution option a unit of work sets to open its SQLite transaction with the write lock held.
BEGIN_MODE = "factory_sqlite_begin"
SQLITE_BUSY_TIMEOUT_MS = 10_000


def _json_dumps(value: Any) -> str:
    return msgspec.json.encode(value).decode()


def create_engine(url: str, *, pool_size: int = 10, max_overflow: int = 10,
                  pool_timeout: float = 10.0, pool_recycle: int = 1800,
                  echo: bool = False) -> AsyncEngine:
    """An engine for `url`; SQLite files get their directory, WAL and synchronous=FULL."""
    parsed = make_url(url)
    options: dict[str, Any] = {"echo": echo, "json_serializer": _json_dumps,
                               "json_deserializer": msgspec.json.decode}
    if parsed.get_backend_name() != "sqlite":
        engine = create_async_engine(parsed, pool_size=pool_size, max_overflow=max_overflow,
                                     pool_timeout=pool_timeout, pool_recycle=pool_recycle,
                                     pool_pre_ping=True, **options)
        return engine
    if parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    # Every session ends in an explicit commit or rollback, so the pool's own reset (another
    # ROLLBACK, another trip to the driver's thread) has nothing left to do.
    engine = create_async_engine(parsed, pool_size=pool_size, max_overflow=max_overflow,
                                 pool_timeout=pool_timeout, pool_reset_on_return=None, **options)
    _sqlite_transactions(engine)
    return engine


def _sqlite_transactions(engine: AsyncEngine) -> None:
    """SQLAlchemy emits BEGIN itself (the sqlite3 module's implicit BEGIN skips SELECTs)."""

    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # WAL lets readers run beside the writer; FULL syncs the WAL on every commit, so a
        # committed payment survives power loss (NORMAL could lose the last commits).
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(BEGIN_MODE)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if mode == "IMMEDIATE" else "BEGIN")


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


def write_lock_for(engine: AsyncEngine) -> asyncio.Lock | None:
    """SQLite has one writer at a time: queue this process's writers here, first come first
    served, instead of letting them spin on SQLITE_BUSY. Server databases lock rows instead."""
    return asyncio.Lock() if is_sqlite(engine) else None


async def engine_lifespan(engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    """The engine as a Resource: connections open lazily; the pool is closed on shutdown."""
    try:
        yield engine
    finally:
        await engine.dispose()
