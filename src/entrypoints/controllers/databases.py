"""GET /api/v1/databases, the query catalog, and named queries on one or every database."""

from __future__ import annotations

import msgspec
from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from application.queries.catalog import QueryCatalog, QueryDescription
from application.queries.databases import DatabaseStatus, DescribeDatabases
from application.queries.run_query import (
    QueryAllRequest,
    QueryAllResult,
    QueryRequest,
    QueryResult,
    RunNamedQuery,
    RunQueryEverywhere,
)


class DatabaseList(msgspec.Struct, frozen=True):
    items: list[DatabaseStatus]
    count: int


class QueryList(msgspec.Struct, frozen=True):
    items: list[QueryDescription]
    count: int


class DatabasesController(Controller):
    path = "/api/v1/databases"
    tags = ["databases"]

    @get("/", summary="Database types: configured, reachable, latency and role")
    async def list_databases(self, describe_databases: NamedDependency[DescribeDatabases]) -> DatabaseList:
        items = await describe_databases()
        return DatabaseList(items, len(items))

    @get("/queries", summary="The named query catalog: names, descriptions, parameter schemas")
    async def list_queries(self, query_catalog: NamedDependency[QueryCatalog]) -> QueryList:
        items = query_catalog.describe()
        return QueryList(items, len(items))

    @post("/query", status_code=200, summary="Run a named query on one database")
    async def run_query(
        self, data: JSONBody[QueryRequest], run_named_query: NamedDependency[RunNamedQuery]
    ) -> QueryResult:
        return await run_named_query(data)

    @post("/query-all", status_code=200, summary="Run a named query on every configured database concurrently")
    async def run_query_all(
        self, data: JSONBody[QueryAllRequest], run_query_everywhere: NamedDependency[RunQueryEverywhere]
    ) -> QueryAllResult:
        return await run_query_everywhere(data)
