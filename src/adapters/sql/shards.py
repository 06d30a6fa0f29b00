"""The shard router: one engine, write lock, unit-of-work factory and Idempotency-Key store per
shard of a user-sharded transactional store, and which shard a user or an id belongs to.

The first shard is the store of an unsharded deployment (its engine is the `database.url` one
and keeps the tables nobody shards: templates, dead letters, merchant webhooks, analytics on the
local profile). With one shard, or none configured, `unit_of_work` is exactly today's.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.engine import create_engine, engine_lifespan, write_lock_for
from adapters.sql.idempotency import SqlaIdempotencyStore
from adapters.sql.maintenance import SqlaMaintenanceStore
from adapters.sql.query_database import SqlaDatabase
from adapters.sql.sharded_uow import ShardedUnitOfWork
from adapters.sql.uow import SqlaUnitOfWork
from domain.ports import IdempotencyStore, UnitOfWork
from domain.sharding import BucketMap, UserIds

Ring = Callable[[], None]


@dataclass(slots=True)
class ShardHandle:
    """Everything of one shard: its pool, writer, the doorbell its commits ring, its stores."""

    name: str
    engine: AsyncEngine
    write_lock: Any
    wake: Any  # application.events.outbox_relay.Doorbell, rung by this shard's commits
    idempotency: SqlaIdempotencyStore
    database: SqlaDatabase  # health and catalog queries on this shard
    maintenance: SqlaMaintenanceStore  # its outbox status and housekeeping

    def unit_of_work(self) -> SqlaUnitOfWork:
        return SqlaUnitOfWork(self.engine, self.write_lock, on_events=self.wake.ring)


class ShardRouter:
    """Routes by user (creates) or by id (everything else): `BucketMap` decides."""

    def __init__(
        self,
        database: Mapping[str, Any],
        payments: Mapping[str, Any],
        primary_engine: AsyncEngine,
        primary_write_lock: Any,
        primary_wake: Any,
        primary_uow: Callable[[], UnitOfWork],
        new_doorbell: Callable[[], Any],
    ) -> None:
        shards = database.get("shards") or []
        self.kind: str = database["kind"]
        self.sharded = len(shards) > 1
        self.ids = UserIds(self.sharded)
        self._primary_uow = primary_uow
        names = [shard["name"] for shard in shards] or ["main"]
        self.map = BucketMap.build(names, database.get("buckets") or None)
        ttl, lock = payments["idempotency_ttl_seconds"], payments["idempotency_lock_seconds"]
        self.shards: dict[str, ShardHandle] = {}
        self._owned: list[ShardHandle] = []  # engines this router made (not the primary's)
        for index, name in enumerate(names):
            if index == 0:
                engine, write_lock, wake = primary_engine, primary_write_lock, primary_wake
            else:
                engine = create_engine(
                    shards[index]["url"],
                    pool_size=database["pool_size"],
                    max_overflow=database["max_overflow"],
                    pool_timeout=database["pool_timeout"],
                    pool_recycle=database["pool_recycle"],
                    echo=database["echo"],
                )
                write_lock, wake = write_lock_for(engine), new_doorbell()
            url = shards[index]["url"] if shards else database["url"]
            handle = ShardHandle(
                name,
                engine,
                write_lock,
                wake,
                SqlaIdempotencyStore(engine, write_lock, ttl, lock),
                SqlaDatabase(self.kind, url, "transactional", engine=engine),
                SqlaMaintenanceStore(engine, write_lock),
            )
            self.shards[name] = handle
            if index:
                self._owned.append(handle)

    @property
    def names(self) -> Sequence[str]:
        return self.map.shards

    @property
    def first(self) -> ShardHandle:
        return self.shards[self.map.shards[0]]

    def of_user(self, user_id: str) -> ShardHandle:
        return self.shards[self.map.shard_of_user(user_id)]

    def of_id(self, entity_id: str) -> ShardHandle:
        return self.shards[self.map.shard_of_id(entity_id)]

    def unit_of_work(self) -> UnitOfWork:
        """Unsharded: today's unit of work. Sharded: one that opens the shard its first keyed
        call names (see ShardedUnitOfWork)."""
        if not self.sharded:
            return self._primary_uow()
        return ShardedUnitOfWork(self)

    def idempotency_store(self, user_id: str | None, resource_id: str | None) -> IdempotencyStore:
        """The shard of the rows the key speaks for: the user's for a create, else the id's."""
        if user_id is not None:
            return self.of_user(user_id).idempotency
        if resource_id is not None:
            return self.of_id(resource_id).idempotency
        return self.first.idempotency


async def shard_engines(router: ShardRouter, *after: object) -> AsyncIterator[ShardRouter]:
    """The other shards' pools, opened lazily and closed with the app (the first shard's engine
    is the Persistence container's own Resource)."""
    async with contextlib.AsyncExitStack() as stack:
        for handle in router._owned:
            await stack.enter_async_context(
                contextlib.asynccontextmanager(engine_lifespan)(handle.engine, handle.write_lock)
            )
        yield router


def shard_urls(database: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(name, url) of every shard, or the one transactional database (`migrate` runs on each)."""
    shards = database.get("shards") or []
    return [(s["name"], s["url"]) for s in shards] or [("main", database["url"])]
