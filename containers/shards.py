"""The composition root's helpers for a user-sharded transactional store (docs/sharding.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from application.events.outbox_status import DescribeOutbox
from application.system.health import Dependency
from containers.wiring import health_dependencies
from entrypoints.settings import Settings


def sharded_health(
    settings: Settings,
    databases: Any,
    transactional: Any,
    event_bus: Callable[[], Any],
    redis_health: Callable[[], Any],
    router: Any,
) -> list[Dependency]:
    """Today's dependencies; sharded, the transactional database is one required entry per
    shard (`database:<kind>:<shard>`)."""
    deps = health_dependencies(settings, databases, transactional, event_bus, redis_health)
    if not router.sharded:
        return deps
    kind = settings.database.kind
    shards = [Dependency(f"database:{kind}:{name}", handle.database) for name, handle in router.shards.items()]
    return [*shards, *deps[1:]]


def shard_databases(router: Any) -> dict[str, Any]:
    """Each shard's catalog-query database, by shard name (empty when not sharded)."""
    return {name: handle.database for name, handle in router.shards.items()} if router.sharded else {}


def shard_outboxes(router: Any) -> dict[str, DescribeOutbox]:
    """Each shard's outbox status, by shard name (empty when not sharded: `describe_outbox`)."""
    return {name: DescribeOutbox(h.maintenance) for name, h in router.shards.items()} if router.sharded else {}


def other_shards(router: Any) -> list[Any]:
    """The shards after the first: their loops run beside the first shard's own."""
    return list(router.shards.values())[1:] if router.sharded else []
