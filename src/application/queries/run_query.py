"""Run a catalog query on one database of the factory, or on every enabled one at once."""

from __future__ import annotations

import asyncio
import time
from typing import Annotated, Any

import msgspec
import structlog

from application.factories import KeyedFactory
from application.input_text import NO_CONTROL
from application.queries.catalog import QueryCatalog, ValidQuery
from domain.errors import DatabaseNotEnabled, DatabaseUnavailable, DomainError, InvalidFactoryKey
from domain.ports import QueryableDatabase

log = structlog.get_logger("run_query")
Name = Annotated[str, msgspec.Meta(max_length=128, pattern=NO_CONTROL)]
DEFAULT_TIMEOUT = 10.0


class QueryRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    database: Name
    query: Name
    params: dict[str, Any] = {}
    shard: Name | None = None  # one shard of a sharded transactional database


class QueryResult(msgspec.Struct, frozen=True):
    database: str
    query: str
    rows: list[dict[str, Any]]
    row_count: int
    elapsed_ms: float
    shard: str | None = None


class QueryAllRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    query: Name
    params: dict[str, Any] = {}


class QueryError(msgspec.Struct, frozen=True):
    code: str
    detail: str


class DatabaseOutcome(msgspec.Struct, frozen=True):
    database: str
    role: str | None
    ok: bool
    elapsed_ms: float
    rows: list[dict[str, Any]] | None = None
    row_count: int = 0
    error: QueryError | None = None
    shard: str | None = None  # one shard of the sharded transactional database


class QueryAllResult(msgspec.Struct, frozen=True):
    query: str
    results: list[DatabaseOutcome]
    succeeded: int
    failed: int
    # An aggregating query on a sharded database: its shards' rows added up per group.
    combined: list[dict[str, Any]] | None = None


async def _timed(database: QueryableDatabase, query: ValidQuery, seconds: float) -> tuple[list[dict[str, Any]], float]:
    started = time.perf_counter()
    try:
        async with asyncio.timeout(seconds):
            rows = await database.run(query.name, query.params)
    except TimeoutError:
        raise DatabaseUnavailable(f"{database.name} did not answer within {seconds:g}s") from None
    return rows, round((time.perf_counter() - started) * 1000, 2)


class RunNamedQuery:
    """Validates the query and its parameters, then runs it on the named database."""

    def __init__(
        self, factory: KeyedFactory[QueryableDatabase], catalog: QueryCatalog, timeouts: dict[str, float] | None = None
    ) -> None:
        self._factory = factory
        self._catalog = catalog
        self._timeouts = timeouts or {}

    async def __call__(self, request: QueryRequest) -> QueryResult:
        """Args: request: database, query name and parameters. Returns: the rows and timing."""
        entry = self._factory.entry(request.database, field="database", error=InvalidFactoryKey)
        query = self._catalog.validate(request.query, request.params)
        if not entry.enabled:
            enabled = [e.name for e in self._factory.entries if e.enabled]
            raise DatabaseNotEnabled(
                f"database '{entry.name}' is not configured in this profile; enabled: {', '.join(enabled) or 'none'}",
                field="database",
                extra={"enabled": enabled},
            )
        database = self._factory.create(entry.name, field="database")
        rows, elapsed = await _timed(database, query, self._timeouts.get(entry.name, DEFAULT_TIMEOUT))
        return QueryResult(entry.name, query.name, rows, len(rows), elapsed)


class RunQueryEverywhere:
    """The same query on every enabled database concurrently; each answers or fails alone."""

    def __init__(
        self, factory: KeyedFactory[QueryableDatabase], catalog: QueryCatalog, timeouts: dict[str, float] | None = None
    ) -> None:
        self._factory = factory
        self._catalog = catalog
        self._timeouts = timeouts or {}

    async def _one(self, name: str, role: str | None, query: ValidQuery) -> DatabaseOutcome:
        started = time.perf_counter()
        try:
            rows, elapsed = await _timed(self._factory.create(name), query, self._timeouts.get(name, DEFAULT_TIMEOUT))
            return DatabaseOutcome(name, role, True, elapsed, rows, len(rows))
        except DomainError as exc:
            error = QueryError(exc.code, exc.detail)
        except Exception as exc:  # one database's failure is reported, never raised
            log.error("query_failed", database=name, query=query.name, exc_info=exc)
            error = QueryError("internal_error", f"{type(exc).__name__} while querying {name}")
        elapsed = round((time.perf_counter() - started) * 1000, 2)
        return DatabaseOutcome(name, role, False, elapsed, error=error)

    async def __call__(self, request: QueryAllRequest) -> QueryAllResult:
        """Args: request: query name and parameters. Returns: one outcome per enabled database."""
        query = self._catalog.validate(request.query, request.params)
        enabled = [e for e in self._factory.entries if e.enabled]
        results = list(await asyncio.gather(*(self._one(e.name, e.role, query) for e in enabled)))
        ok = sum(r.ok for r in results)
        return QueryAllResult(query.name, results, ok, len(results) - ok)
