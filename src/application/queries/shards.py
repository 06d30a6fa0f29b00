"""Catalog queries on a user-sharded transactional database: `shard` picks one shard, and
`query-all` reports each shard on its own plus, for an aggregating query, the shards' sum."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import msgspec

from application.factories import KeyedFactory
from application.queries.catalog import QueryCatalog
from application.queries.run_query import (
    DEFAULT_TIMEOUT,
    DatabaseOutcome,
    QueryAllRequest,
    QueryAllResult,
    QueryError,
    QueryRequest,
    QueryResult,
    RunNamedQuery,
    RunQueryEverywhere,
    _timed,
)
from domain.errors import DomainError, InvalidInput
from domain.ports import QueryableDatabase

# Queries whose rows are sums per group: the shards' rows add up to the whole store's.
AGGREGATING = frozenset({"payment_totals_by_gateway", "notification_delivery_stats"})


class RunNamedQueryOnShards(RunNamedQuery):
    """`shard` names one shard of the transactional database (which `database` must name);
    without it the query runs as before, on the factory's member."""

    def __init__(
        self,
        factory: KeyedFactory[QueryableDatabase],
        catalog: QueryCatalog,
        timeouts: dict[str, float] | None = None,
        *,
        shards: Mapping[str, QueryableDatabase],
        kind: str,
    ) -> None:
        super().__init__(factory, catalog, timeouts)
        self._shards, self._kind = shards, kind

    async def __call__(self, request: QueryRequest) -> QueryResult:
        if request.shard is None:
            return await super().__call__(request)
        if request.database != self._kind:
            raise InvalidInput(f"shards belong to the transactional database '{self._kind}'", field="database")
        database = self._shards.get(request.shard)
        if database is None:
            raise InvalidInput(f"no shard '{request.shard}'; shards: {', '.join(self._shards)}", field="shard")
        query = self._catalog.validate(request.query, request.params)
        rows, elapsed = await _timed(database, query, self._timeouts.get(self._kind, DEFAULT_TIMEOUT))
        return QueryResult(self._kind, query.name, rows, len(rows), elapsed, shard=request.shard)


class RunQueryOnShards(RunQueryEverywhere):
    """Every enabled database, with the transactional one reported shard by shard."""

    def __init__(
        self,
        factory: KeyedFactory[QueryableDatabase],
        catalog: QueryCatalog,
        timeouts: dict[str, float] | None = None,
        *,
        shards: Mapping[str, QueryableDatabase],
        kind: str,
    ) -> None:
        super().__init__(factory, catalog, timeouts)
        self._shards, self._kind = shards, kind

    async def _shard(self, name: str, database: QueryableDatabase, request: QueryAllRequest) -> DatabaseOutcome:
        query = self._catalog.validate(request.query, request.params)
        try:
            rows, elapsed = await _timed(database, query, self._timeouts.get(self._kind, DEFAULT_TIMEOUT))
        except Exception as exc:  # reported like any database's failure
            outcome = self._failed(exc)
            return msgspec.structs.replace(outcome, shard=name)
        return DatabaseOutcome(self._kind, "transactional", True, elapsed, rows, len(rows), shard=name)

    def _failed(self, exc: Exception) -> DatabaseOutcome:
        if isinstance(exc, DomainError):
            error = QueryError(exc.code, exc.detail)
        else:
            error = QueryError("internal_error", f"{type(exc).__name__} while querying a shard")
        return DatabaseOutcome(self._kind, "transactional", False, 0.0, error=error)

    async def __call__(self, request: QueryAllRequest) -> QueryAllResult:
        base = await super().__call__(request)
        if not self._shards:
            return base
        others = [r for r in base.results if r.database != self._kind]
        shards = list(await asyncio.gather(*(self._shard(name, db, request) for name, db in self._shards.items())))
        results = [*shards, *others]
        ok = sum(r.ok for r in results)
        combined = None
        if base.query in AGGREGATING and all(r.ok for r in shards):
            combined = combine([row for r in shards for row in r.rows or []])
        return QueryAllResult(base.query, results, ok, len(results) - ok, combined=combined)


def combine(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of several shards as one: numbers summed per group of the other columns."""
    groups: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        key = tuple(sorted((k, v) for k, v in row.items() if not _number(v)))
        total = groups.setdefault(key, dict.fromkeys(row, 0) | dict(key))
        for column, value in row.items():
            if _number(value):
                total[column] += value
    return list(groups.values())


def _number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)
