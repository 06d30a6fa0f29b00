"""`/api/v1/databases` of a user-sharded store: the transactional member, then each shard."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping

from application.factories import KeyedFactory
from application.queries.databases import DatabaseStatus, DescribeDatabases
from domain.ports import QueryableDatabase


class DescribeShardedDatabases(DescribeDatabases):
    def __init__(
        self,
        factory: KeyedFactory[QueryableDatabase],
        shards: Mapping[str, QueryableDatabase],
        kind: str,
        timeout_seconds: float = 2.0,
    ) -> None:
        super().__init__(factory, timeout_seconds)
        self._shards, self._kind = shards, kind

    async def _shard(self, name: str, database: QueryableDatabase) -> DatabaseStatus:
        started = time.perf_counter()
        error = None
        try:
            await asyncio.wait_for(database.ping(), self._timeout)
        except Exception as exc:  # reported per shard, never raised
            error = f"{type(exc).__name__}: {exc}"[:200]
        latency = round((time.perf_counter() - started) * 1000, 2)
        return DatabaseStatus(
            self._kind,
            f"transactional shard {name}",
            True,
            "transactional",
            type(database).__name__,
            error is None,
            latency,
            error,
            shard=name,
        )

    async def __call__(self) -> list[DatabaseStatus]:
        members = await super().__call__()
        shards = await asyncio.gather(*(self._shard(name, db) for name, db in self._shards.items()))
        return [*members, *shards]
