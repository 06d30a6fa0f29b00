"""Databases: the transactional store (engine, unit of work, outbox, the stores beside it) and
the database factory's members, each with its own pool."""

from __future__ import annotations

from typing import Any

from dependency_injector import containers, providers

from adapters.databases.mongo import MongoDatabase
from adapters.sql.dead_letters import SqlaDeadLetterStore
from adapters.sql.engine import create_engine, engine_lifespan, write_lock_for
from adapters.sql.idempotency import SqlaIdempotencyStore
from adapters.sql.maintenance import SqlaMaintenanceStore
from adapters.sql.query_database import SqlaDatabase
from adapters.sql.shards import ShardRouter, shard_engines
from adapters.sql.templates import SqlaPreferenceStore, SqlaTemplateStore
from adapters.sql.uow import SqlaUnitOfWork
from application.events.outbox_relay import Doorbell
from containers.shards import shard_databases
from containers.wiring import millis


class Databases(containers.DeclarativeContainer):
    """The database factory's members; each connects lazily, pools and timeouts per member."""

    config = providers.Configuration()
    roles = providers.Dependency(instance_of=dict)
    mysql = providers.Singleton(
        SqlaDatabase, "mysql", config.databases.mysql.url, roles.provided["mysql"], options=config.databases.mysql
    )
    postgresql = providers.Singleton(
        SqlaDatabase,
        "postgresql",
        config.databases.postgresql.url,
        roles.provided["postgresql"],
        options=config.databases.postgresql,
    )
    mongodb = providers.Singleton(
        MongoDatabase,
        "mongodb",
        config.databases.mongodb.url,
        roles.provided["mongodb"],
        database=config.mongodb.database,
        timeout_ms=providers.Callable(millis, config.databases.mongodb.connect_timeout),
    )
    sqlite = providers.Singleton(
        SqlaDatabase, "sqlite", config.databases.sqlite.url, roles.provided["sqlite"], options=config.databases.sqlite
    )
    by_name: providers.Aggregate[Any] = providers.Aggregate(
        mysql=mysql, postgresql=postgresql, mongodb=mongodb, sqlite=sqlite
    )


class Persistence(containers.DeclarativeContainer):
    """The transactional store: one pooled engine, a unit of work per transaction, the outbox."""

    config = providers.Configuration()  # the `database` section
    payments = providers.Configuration()  # the `payments` section
    engine = providers.Singleton(
        create_engine,
        config.url,
        pool_size=config.pool_size,
        max_overflow=config.max_overflow,
        pool_timeout=config.pool_timeout,
        pool_recycle=config.pool_recycle,
        echo=config.echo,
    )
    # Disposes the pool on shutdown; background loops depend on it so they stop before it.
    write_lock = providers.Singleton(write_lock_for, engine)
    lifecycle = providers.Resource(engine_lifespan, engine, write_lock)
    # Set by every commit that wrote events: the outbox relay publishes right after it.
    events_committed = providers.Singleton(Doorbell)
    primary_uow = providers.Factory(SqlaUnitOfWork, engine, write_lock, on_events=events_committed.provided.ring)
    health = providers.Singleton(SqlaDatabase, config.kind, config.url, "transactional", engine=engine)
    # Idempotency-Key records live beside the rows they speak for, in every profile.
    idempotency = providers.Singleton(
        SqlaIdempotencyStore,
        engine,
        write_lock,
        payments.idempotency_ttl_seconds,
        payments.idempotency_lock_seconds,
    )
    templates = providers.Singleton(SqlaTemplateStore, engine, write_lock)
    preferences = providers.Singleton(SqlaPreferenceStore, engine, write_lock)
    dead_letters = providers.Singleton(SqlaDeadLetterStore, engine, write_lock)
    maintenance = providers.Singleton(SqlaMaintenanceStore, engine, write_lock)

    # --- User-based sharding (issue 19, docs/sharding.md) ---------------------------------------
    # `database.shards`: one engine, write lock, unit of work and Idempotency-Key store per shard,
    # the first shard being the engine above. `uow` routes each call by user or id; with one
    # shard or none it is `primary_uow`, exactly as before. The other shards' pools close with
    # the app (other_engines). Unsharded, the shard_* providers are no-ops: ids without a bucket,
    # one Idempotency-Key store, no shard entries in health/databases/queries, no extra loops.
    shards = providers.Singleton(
        ShardRouter,
        config,
        payments,
        engine,
        write_lock,
        events_committed,
        primary_uow.provider,
        providers.Object(Doorbell),
    )
    other_engines = providers.Resource(shard_engines, shards, lifecycle)
    uow = providers.Callable(ShardRouter.unit_of_work, shards)
    shard_ids = shards.provided.ids  # ids carry the user's bucket when sharded
    shard_idempotency = providers.Callable(lambda r: r.idempotency_store if r.sharded else None, shards)
    shard_query_databases = providers.Callable(shard_databases, shards)
