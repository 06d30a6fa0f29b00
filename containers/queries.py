"""Queries: the named query catalog, run on one database of the factory or on all of them."""

from __future__ import annotations

from dependency_injector import containers, providers

from application.queries.catalog import QueryCatalog
from application.queries.databases import DescribeDatabases
from application.queries.run_query import RunNamedQuery, RunQueryEverywhere
from containers.wiring import close_database_connections, query_timeouts_of
from entrypoints.settings import Settings


class Queries(containers.DeclarativeContainer):
    """The members connect lazily; whatever they opened is closed with the app."""

    settings = providers.Dependency(instance_of=Settings)
    databases = providers.DependenciesContainer()
    factories = providers.DependenciesContainer()

    describe_databases = providers.Singleton(DescribeDatabases, factories.database_factory)
    database_connections = providers.Resource(
        close_database_connections,
        providers.List(databases.mysql, databases.postgresql, databases.mongodb, databases.sqlite),
    )
    query_catalog = providers.Singleton(QueryCatalog)
    query_timeouts = providers.Callable(query_timeouts_of, settings)
    run_named_query = providers.Singleton(RunNamedQuery, factories.database_factory, query_catalog, query_timeouts)
    run_query_everywhere = providers.Singleton(
        RunQueryEverywhere, factories.database_factory, query_catalog, query_timeouts
    )
