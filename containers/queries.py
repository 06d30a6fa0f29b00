"""Queries: the named query catalog, run on one database of the factory or on all of them."""

from __future__ import annotations

from dependency_injector import containers, providers

from application.queries.catalog import QueryCatalog
from application.queries.shard_databases import DescribeShardedDatabases
from application.queries.shards import RunNamedQueryOnShards, RunQueryOnShards
from containers.wiring import close_database_connections, query_timeouts_of
from entrypoints.settings import Settings


class Queries(containers.DeclarativeContainer):
    """The members connect lazily; whatever they opened is closed with the app."""

    settings = providers.Dependency(instance_of=Settings)
    databases = providers.DependenciesContainer()
    factories = providers.DependenciesContainer()
    persistence = providers.DependenciesContainer()
    # A sharded store's shards (by name) take the place of its engine's factory member.
    shard_kind = providers.Callable(lambda settings: settings.database.kind, settings)

    describe_databases = providers.Singleton(
        DescribeShardedDatabases, factories.database_factory, persistence.shard_query_databases, shard_kind
    )
    database_connections = providers.Resource(
        close_database_connections,
        providers.List(databases.mysql, databases.postgresql, databases.mongodb, databases.sqlite),
    )
    query_catalog = providers.Singleton(QueryCatalog)
    query_timeouts = providers.Callable(query_timeouts_of, settings)
    run_named_query = providers.Singleton(
        RunNamedQueryOnShards,
        factories.database_factory,
        query_catalog,
        query_timeouts,
        shards=persistence.shard_query_databases,
        kind=shard_kind,
    )
    run_query_everywhere = providers.Singleton(
        RunQueryOnShards,
        factories.database_factory,
        query_catalog,
        query_timeouts,
        shards=persistence.shard_query_databases,
        kind=shard_kind,
    )
