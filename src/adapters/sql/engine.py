"""Every AsyncEngine: the transactional store's (pooled for MySQL/PostgreSQL, durable WAL for
SQLite) and the database factory members' (catalog reads only)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import msgspec
from sqlalchemy import NullPool, event, make_url
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.util.concurrency import await_

from adapters.sql.writer import SqliteWriter

# Execution option a unit of work sets to open its SQLite transaction with the write lock held.
BEGIN_MODE = "factory_sqlite_begin"
SQLITE_BUSY_TIMEOUT_MS = 10_000
# A checkpoint copies each page changed since the last one once, however often it changed: the
# fewer of them, the less work. One runs after MANY_COMMITS commits (the WAL file keeps its size
# after a restart, so its size says nothing), QUIET_ROUNDS rounds after a burst of at least
# BUSY_COMMITS commits ended, or (a trickle, the relay's lease) IDLE_CHECKPOINT_ROUNDS after the last.
MANY_COMMITS = 500
BUSY_COMMITS = 20
QUIET_ROUNDS = 3
IDLE_CHECKPOINT_ROUNDS = 30
log = logging.getLogger("sql.engine")


def _json_dumps(value: Any) -> str:
    return msgspec.json.encode(value).decode()


# Each driver names its connect timeout differently.
_CONNECT_TIMEOUT = {"aiomysql": "connect_timeout", "asyncpg": "timeout", "aiosqlite": "timeout"}
_POOL = ("pool_size", "max_overflow", "pool_timeout", "pool_recycle")


def create_engine(
    url: str,
    *,
    pool_size: int | None = 10,
    max_overflow: int | None = 10,
    pool_timeout: float | None = 10.0,
    pool_recycle: int | None = 1800,
    echo: bool = False,
    connect_timeout: float | None = None,
    durable: bool = True,
) -> AsyncEngine:
    """The one way to open an async SQLAlchemy engine, for every dialect.

    durable (the transactional store): msgspec JSON; SQLite files get WAL, synchronous=FULL and
    explicit BEGINs. Not durable (a database factory member, catalog reads only): a pre-ping on
    every dialect, the driver's connect timeout, SQLAlchemy's pool defaults where none is given.
    SQLite files get their directory either way.
    """
    parsed = make_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    memory = parsed.database in (None, "", ":memory:")
    if sqlite and parsed.database and not memory:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    sizes = {"pool_size": pool_size, "max_overflow": max_overflow, "pool_timeout": pool_timeout}
    pool = {key: value for key, value in {**sizes, "pool_recycle": pool_recycle}.items() if value is not None}
    # hide_parameters: a failed statement's error (and so any log of it) never shows its values.
    options: dict[str, Any] = {"echo": echo, "hide_parameters": True}
    if not durable:
        timeout_arg = _CONNECT_TIMEOUT.get(parsed.get_driver_name())
        if timeout_arg and connect_timeout is not None:
            options["connect_args"] = {timeout_arg: connect_timeout}
        # :memory: uses a StaticPool, which takes no pool sizes.
        return create_async_engine(parsed, pool_pre_ping=True, **({} if sqlite and memory else pool), **options)
    options.update(json_serializer=_json_dumps, json_deserializer=msgspec.json.decode)
    if not sqlite:
        engine = create_async_engine(parsed, pool_pre_ping=True, **pool, **options)
        if engine.dialect.driver == "asyncpg":
            _one_trip_ping(engine)
        return engine
    # Every session ends in an explicit commit or rollback, so the pool's own reset (another
    # ROLLBACK, another trip to the driver's thread) has nothing left to do.
    # No server drops a SQLite connection left idle, so none is recycled.
    pool.pop("pool_recycle", None)
    engine = create_async_engine(parsed, pool_reset_on_return=None, **pool, **options)
    _sqlite_transactions(engine.sync_engine)
    return engine


def member_engine(url: str, options: Mapping[str, Any] | None = None) -> AsyncEngine:
    """A database factory member's engine from its config slice (pool sizes, connect_timeout, echo)."""
    options = options or {}
    pool = {key: options.get(key) for key in _POOL}
    return create_engine(
        url,
        **pool,
        echo=bool(options.get("echo", False)),
        connect_timeout=options.get("connect_timeout"),
        durable=False,
    )


def _one_trip_ping(engine: AsyncEngine) -> None:
    """SQLAlchemy's asyncpg ping wraps its `;` in BEGIN and ROLLBACK (for PgBouncer's
    transaction mode, sqlalchemy#10226): three round trips on every checkout from the pool, so
    four of a payment's fourteen. The service talks to PostgreSQL directly; one trip is enough,
    and a dropped connection still fails it (and is replaced) the same way."""

    def do_ping(dbapi_connection: Any) -> bool:
        try:
            await_(dbapi_connection._connection.fetchrow(";"))
        except Exception as error:
            dbapi_connection._handle_exception(error)  # as the driver's errors, for is_disconnect
        return True

    engine.dialect.do_ping = do_ping  # type: ignore[method-assign]


def _sqlite_transactions(engine: Engine) -> None:
    """SQLAlchemy emits BEGIN itself (the sqlite3 module's implicit BEGIN skips SELECTs)."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # WAL lets readers run beside the writer; FULL syncs the WAL on every commit, so a
        # committed payment survives power loss (NORMAL could lose the last commits).
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # Checkpoints (copying the WAL into the database file, with an fsync) would otherwise run
        # inside whichever commit crosses 1000 pages, stalling every queued writer; the
        # checkpointer Resource runs them in the background instead.
        cursor.execute("PRAGMA wal_autocheckpoint=0")
        # Checkpoints come in bursts, so the WAL can grow large between them; once a checkpoint
        # has reset it, the file is cut back to this size instead of keeping its high-water mark.
        cursor.execute("PRAGMA journal_size_limit=16777216")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(BEGIN_MODE)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if mode == "IMMEDIATE" else "BEGIN")


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


def write_lock_for(engine: AsyncEngine) -> SqliteWriter | asyncio.Lock | None:
    """SQLite has one writer at a time: this process's writes go to one writer thread, units
    of work queued first come first served and group-committed (see SqliteWriter), instead of
    spinning on SQLITE_BUSY. An in-memory database (one per connection) keeps a plain lock.
    Server databases lock rows instead."""
    if not is_sqlite(engine):
        return None
    if engine.url.database in (None, "", ":memory:"):
        return asyncio.Lock()
    sync = create_sync_engine(
        engine.url.set(drivername="sqlite+pysqlite"),
        poolclass=NullPool,
        json_serializer=_json_dumps,
        json_deserializer=msgspec.json.decode,
        execution_options={BEGIN_MODE: "IMMEDIATE"},
    )
    _sqlite_transactions(sync)
    writer = SqliteWriter(sync)
    event.listen(engine.sync_engine, "engine_disposed", lambda *_: writer.close())
    return writer


async def engine_lifespan(
    engine: AsyncEngine, write_lock: asyncio.Lock | None = None, checkpoint_seconds: float = 1.0
) -> AsyncIterator[AsyncEngine]:
    """The engine as a Resource: connections open lazily; the pool is closed on shutdown.
    For SQLite it also checkpoints the WAL in the background (see `_checkpoints`)."""
    task = None
    if is_sqlite(engine):
        task = asyncio.create_task(_checkpoints(engine, write_lock, checkpoint_seconds), name="sqlite-checkpoint")
    try:
        yield engine
    finally:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            if isinstance(write_lock, SqliteWriter):
                await asyncio.to_thread(write_lock.close)  # its last group committed
            with contextlib.suppress(Exception):
                await _checkpoint(engine, "TRUNCATE", patience_ms=200)
        await engine.dispose()


async def _checkpoint(engine: AsyncEngine, mode: str, patience_ms: int | None = None) -> None:
    async with engine.connect() as conn:
        raw = await conn.get_raw_connection()  # outside any transaction, as SQLite requires
        assert raw.driver_connection is not None  # a pooled connection that is open
        if patience_ms is not None:  # at shutdown: a reader still open must not hold the stop up
            await raw.driver_connection.execute(f"PRAGMA busy_timeout={patience_ms}")
        async with raw.driver_connection.execute(f"PRAGMA wal_checkpoint({mode})") as cursor:
            await cursor.fetchall()


async def _checkpoints(engine: AsyncEngine, write_lock: asyncio.Lock | None, every: float) -> None:
    """Copy the WAL into the database file without ever stalling a commit.

    PASSIVE does the copying and the fsync beside running writers. Under steady writes it can
    never let the WAL start over, though, so a RESTART follows, taken while this process's
    writers wait on their lock: only the frames committed meanwhile are left to copy by then.
    Under load that happens every MANY_COMMITS commits; after a load, once the writes have
    stopped for QUIET_ROUNDS rounds.
    """
    done_at, rounds = None, 0  # the writer's commit count at the last checkpoint, rounds since
    seen, quiet = 0, 0  # the commit count at the last round, rounds without a commit since
    while True:
        await asyncio.sleep(every)
        rounds += 1
        if isinstance(write_lock, SqliteWriter):
            commits = write_lock.commits
            quiet, seen = (quiet + 1 if commits == seen else 0), commits
            if commits == done_at:
                continue  # an idle second costs nothing
            fresh = commits - (done_at or 0)
            settled = quiet >= QUIET_ROUNDS and fresh >= BUSY_COMMITS
            if not (fresh >= MANY_COMMITS or settled or rounds >= IDLE_CHECKPOINT_ROUNDS):
                continue
            if not settled and rounds < IDLE_CHECKPOINT_ROUNDS:
                await asyncio.sleep(every / 10)
                if write_lock.commits == commits:
                    # The burst has just ended: the quiet round copies its pages once, where a
                    # checkpoint now would copy most of them and that one the rest again.
                    continue
            done_at, rounds = commits, 0
        try:
            await _checkpoint(engine, "PASSIVE")
            async with write_lock or contextlib.nullcontext():
                await _checkpoint(engine, "RESTART")
        except Exception:  # the next round tries again; the WAL only grows meanwhile
            log.exception("sqlite_checkpoint_failed")
