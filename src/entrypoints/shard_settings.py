"""`database.shards` and `database.buckets`: checked at start-up, before any engine is made."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.sharding import BucketMap

if TYPE_CHECKING:
    from entrypoints.settings import Database

_BACKENDS = {"mysql": "mysql", "mariadb": "mysql", "postgresql": "postgresql", "postgres": "postgresql"}


def backend_of(url: str) -> str:
    """`mysql+aiomysql://...` -> mysql; MariaDB counts as MySQL (one driver serves both)."""
    scheme = url.partition("://")[0].partition("+")[0].lower()
    return _BACKENDS.get(scheme, scheme)


def shard_problem(database: Database, profile: str) -> str | None:
    """What is wrong with the shard settings (as `key: problem`), or None. With shards, the
    transactional `url` becomes the first shard's: that shard also keeps the unsharded tables."""
    shards = database.shards
    if not shards:
        return "database.buckets: set without database.shards" if database.buckets else None
    names = [shard.name for shard in shards]
    for index, shard in enumerate(shards):
        if not shard.name.strip() or not shard.url.strip():
            return f"database.shards.{index}: needs a name and a url"
    kinds = {backend_of(shard.url) for shard in shards}
    if len(kinds) > 1:
        return f"database.shards: all shards must use one engine, found {', '.join(sorted(kinds))}"
    kind = kinds.pop()
    if kind not in ("mysql", "postgresql", "sqlite"):
        return f"database.shards: engine '{kind}' is not MySQL/MariaDB, PostgreSQL or SQLite"
    if kind != database.kind:
        return f"database.shards: the shards are {kind} but database.kind is '{database.kind}'"
    if kind == "sqlite" and profile == "production":
        return "database.shards: SQLite shards are for trying sharding locally, not for production"
    try:
        BucketMap.build(names, database.buckets or None)
    except ValueError as exc:
        return f"database.{'buckets' if database.buckets else 'shards'}: {exc}"
    database.url = shards[0].url
    return None
