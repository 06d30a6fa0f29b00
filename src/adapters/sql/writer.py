"""SQLite's single writer: one thread, one connection, every unit of work in its own savepoint,
and one transaction (one fsync) for all the units that arrive while the last commit runs."""

from __future__ import annotations

import asyncio
import collections
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, Result

Work = Callable[[Connection], Any]
log = logging.getLogger("sql.writer")
_STOP = object()


class SharedLock:
    """An asyncio lock whose waiters may run on different event loops, granted first come first
    served. One loop is the rule in the server, but a test client runs the app's lifespan (the
    relay) on a loop of its own beside the test's, and asyncio.Lock belongs to one loop."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._held = False
        self._waiters: collections.deque[asyncio.Future] = collections.deque()

    def locked(self) -> bool:
        return self._held

    async def acquire(self) -> bool:
        with self._mutex:
            if not self._held and not self._waiters:
                self._held = True
                return True
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
        try:
            await waiter
        except BaseException:
            with self._mutex:
                granted = waiter.done() and not waiter.cancelled()
                if not granted and waiter in self._waiters:
                    self._waiters.remove(waiter)  # not handed over yet: just leave the queue
            if granted:  # the lock was ours when the cancellation came: pass it on
                self.release()
            raise
        return True

    def release(self) -> None:
        with self._mutex:
            while self._waiters:
                waiter = self._waiters.popleft()
                loop = waiter.get_loop()
                if loop.is_closed():
                    continue
                loop.call_soon_threadsafe(self._grant, waiter)  # the lock stays held: it is handed over
                return
            self._held = False

    def _grant(self, waiter: asyncio.Future) -> None:
        if waiter.cancelled():  # its task gave up before the hand-over ran
            self.release()
        else:
            waiter.set_result(True)

    async def __aenter__(self) -> None:
        await self.acquire()

    async def __aexit__(self, *exc: object) -> None:
        self.release()


class SqliteWriter:
    """The write lock of a SQLite database and the thread that does its writes.

    A unit of work holds the lock (first come, first served) from its first statement that must
    see the writer's data (a write, or a read for update) until its last; each of its steps is
    one hop to the thread. `finish` releases its savepoint and returns once the transaction
    holding it is committed: the thread commits whenever it has nothing else queued, so the
    units that queued during one commit's fsync share the next. A unit that fails is rolled back
    to its savepoint and the others in its transaction are untouched.

    Code that writes through another connection (`async with writer:`) gets the lock with the
    group committed first, so its own BEGIN IMMEDIATE never waits on this thread.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = SharedLock()
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._starting = threading.Lock()
        self._group: Any = None  # the open transaction (the thread's own state)
        self._unit: _Savepoint | _Whole | None = None
        self._released = 0  # units released into the open transaction, waiting for its commit
        self.commits = 0  # transactions committed (one per group), for tests and curiosity

    # The lock, as an asyncio.Lock is used.
    async def acquire(self) -> bool:
        await self._lock.acquire()
        return True

    def release(self) -> None:
        self._lock.release()

    def locked(self) -> bool:
        return self._lock.locked()

    async def __aenter__(self) -> None:
        await self._lock.acquire()
        try:
            await self._submit(None, "sync")
        except BaseException:
            self._lock.release()
            raise

    async def __aexit__(self, *exc: object) -> None:
        self._lock.release()

    # The units of work (the caller holds the lock from the first step to `finish`/`abort`).
    async def step(self, work: Work) -> Any:
        """Run `work(connection)` inside the open unit (opened by the first step)."""
        return await self._submit(work, "step")

    def finish(self, work: Work | None) -> asyncio.Future:
        """Queue the unit's last statements and its release; the caller may release the lock at
        once (the thread keeps the order) and await the returned future for durability."""
        return self._enqueue(work, "finish")

    def abort(self) -> asyncio.Future:
        """Roll the open unit back to its savepoint (nothing of it is committed)."""
        return self._enqueue(None, "abort")

    async def run(self, work: Work) -> Any:
        """A unit of its own: lock, run, release, and wait for its commit."""
        async with self._lock:
            done = self._enqueue(work, "finish")
        return await done

    def close(self) -> None:
        """Commit what is queued and stop the thread (the app's shutdown and the engine's
        disposal call it); the next unit of work starts a new one."""
        with self._starting:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._jobs.put((_STOP, None, None, None))
            thread.join(10)

    def _submit(self, work: Work | None, kind: str) -> asyncio.Future:
        return self._enqueue(work, kind)

    def _enqueue(self, work: Work | None, kind: str) -> asyncio.Future:
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        if self._thread is None:
            with self._starting:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._serve, name="sqlite-writer", daemon=True)
                    self._thread.start()
        self._jobs.put((kind, work, future, loop))
        return future

    # The thread.
    def _serve(self) -> None:
        conn = self.engine.connect()
        self._group = self._unit = None
        waiting: list[tuple[asyncio.Future, asyncio.AbstractEventLoop]] = []  # released units
        try:
            while True:
                if self._group is not None and self._unit is None and self._jobs.empty():
                    self._commit(self._group, waiting)
                    self._group = None
                kind, work, future, loop = self._jobs.get()
                if kind is _STOP:
                    self._abort_unit()
                    if self._group is not None:
                        self._commit(self._group, waiting)
                    return
                try:
                    self._handle(conn, kind, work, future, loop, waiting)
                except Exception as exc:  # the machinery itself failed: start afresh
                    log.exception("sqlite_writer_failed")
                    self._reset(conn, waiting, exc)
                    _resolve(loop, future, None, exc)
        finally:
            for future, loop in waiting:
                _resolve(loop, future, None, RuntimeError("the SQLite writer stopped before committing"))
            conn.close()

    def _handle(self, conn: Connection, kind: str, work: Work | None, future: Any, loop: Any, waiting: list) -> None:
        if kind == "sync":
            if self._group is not None and self._unit is None:
                self._commit(self._group, waiting)
                self._group = None
            _resolve(loop, future, None, None)
            return
        if kind == "abort":
            self._abort_unit()
            _resolve(loop, future, None, None)
            return
        try:
            if self._group is None:
                self._group = conn.begin()
                self._released = 0
            if self._unit is None:
                # The first unit of a transaction needs no savepoint: nothing else is in it yet,
                # so undoing it is undoing the transaction (see _abort_unit).
                self._unit = _Savepoint(conn) if self._released else _WHOLE
            result = _buffered(work(conn)) if work is not None else None
        except Exception as exc:  # the unit's own failure: its savepoint goes
            if kind == "finish":
                self._abort_unit()
            if self._group is not None and not conn.in_transaction():  # BEGIN itself failed
                self._group = None
            _resolve(loop, future, None, exc)
            return
        if kind == "step":
            _resolve(loop, future, result, None)
            return
        self._unit.release()  # durable with the group's COMMIT
        self._unit = None
        self._released += 1
        waiting.append((future, loop))

    def _abort_unit(self) -> None:
        unit, self._unit = self._unit, None
        if unit is None:
            return
        if self._group is not None and self._released == 0:
            # Alone in its transaction (a poll that read as a writer and found nothing, most
            # often): one ROLLBACK ends both, instead of ROLLBACK TO, RELEASE and COMMIT.
            group, self._group = self._group, None
            group.rollback()
        elif isinstance(unit, _Savepoint):
            unit.rollback()

    def _reset(self, conn: Connection, waiting: list, error: BaseException) -> None:
        """Roll everything back; the units waiting for this group's commit get the error."""
        self._group = self._unit = None
        try:
            conn.rollback()
        except Exception:
            log.exception("sqlite_writer_rollback_failed")
        for future, loop in waiting:
            _resolve(loop, future, None, error)
        waiting.clear()

    def _commit(self, group: Any, waiting: list) -> None:
        error: BaseException | None = None
        try:
            group.commit()
            self.commits += 1
        except Exception as exc:  # every unit of the group gets the error; none is committed
            error = exc
            try:
                group.rollback()
            except Exception:
                log.exception("sqlite_writer_rollback_failed")
        by_loop: dict[asyncio.AbstractEventLoop, list[asyncio.Future]] = {}
        for future, loop in waiting:
            by_loop.setdefault(loop, []).append(future)
        for loop, futures in by_loop.items():  # one wake-up of the loop for the whole group
            _resolve_all(loop, futures, error)
        waiting.clear()


class _Whole:
    """The first unit of a transaction: it is the transaction, so it has nothing to release."""

    def release(self) -> None:
        pass


_WHOLE = _Whole()


class _Savepoint:
    """One unit's savepoint, as plain SQL: SQLAlchemy's begin_nested compiles a new name each
    time, and a unit never nests here, so one name does."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        conn.exec_driver_sql("SAVEPOINT unit")

    def release(self) -> None:
        self._conn.exec_driver_sql("RELEASE unit")

    def rollback(self) -> None:
        self._conn.exec_driver_sql("ROLLBACK TO unit")
        self._conn.exec_driver_sql("RELEASE unit")


def _buffered(result: Any) -> Any:
    """A cursor result made safe to hand to another thread: rows fetched, rowcount kept."""
    if not isinstance(result, Result):
        return result
    rowcount = getattr(result, "rowcount", -1)
    frozen = result.freeze() if getattr(result, "returns_rows", False) else None
    buffered: Any = frozen() if frozen is not None else _NoRows()
    buffered.rowcount = rowcount
    return buffered


class _NoRows:
    rowcount = -1

    def first(self) -> None:
        return None

    def all(self) -> list:
        return []


def _resolve(loop: asyncio.AbstractEventLoop, future: asyncio.Future, result: Any, error: BaseException | None) -> None:
    def settle() -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)

    try:
        loop.call_soon_threadsafe(settle)
    except RuntimeError:  # the loop is closed: nobody waits any more
        pass


def _resolve_all(loop: asyncio.AbstractEventLoop, futures: list[asyncio.Future], error: BaseException | None) -> None:
    def settle() -> None:
        for future in futures:
            if not future.done():
                if error is not None:
                    future.set_exception(error)
                else:
                    future.set_result(None)

    try:
        loop.call_soon_threadsafe(settle)
    except RuntimeError:
        pass
