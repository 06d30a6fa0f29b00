"""The database factory's members with their role, and whether each answers now."""

from __future__ import annotations

import asyncio
import time

import msgspec

from application.factories import KeyedFactory
from domain.ports import QueryableDatabase


class DatabaseStatus(msgspec.Struct, frozen=True):
    name: str
    description: str
    configured: bool
    role: str | None
    adapter: str
    reachable: bool | None
    latency_ms: float | None
    error: str | None = None
    shard: str | None = None  # one shard of a sharded transactional database


class DescribeDatabases:
    def __init__(self, factory: KeyedFactory[QueryableDatabase], timeout_seconds: float = 2.0):
        self._factory = factory
        self._timeout = timeout_seconds

    async def _status(self, entry) -> DatabaseStatus:
        if not entry.enabled:
            return DatabaseStatus(entry.name, entry.description, False, entry.role, entry.adapter, None, None)
        started = time.perf_counter()
        error = None
        try:
            await asyncio.wait_for(self._factory.create(entry.name).ping(), self._timeout)
        except Exception as exc:  # reported per database, never raised
            error = f"{type(exc).__name__}: {exc}"[:200]
        latency = round((time.perf_counter() - started) * 1000, 2)
        return DatabaseStatus(
            entry.name, entry.description, True, entry.role, entry.adapter, error is None, latency, error
        )

    async def __call__(self) -> list[DatabaseStatus]:
        return list(await asyncio.gather(*(self._status(e) for e in self._factory.entries)))
