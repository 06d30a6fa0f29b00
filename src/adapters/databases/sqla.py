"""A relational database of the database factory, reached through SQLAlchemy's async engine."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.databases.sql_queries import QUERIES, ROW_FIXES
from adapters.sql.engines import create_engine
from adapters.sql.rows import plain_rows
from domain.errors import DatabaseUnavailable, UnknownQuery
from domain.ports import QueryableDatabase

# What a driver raises when the server is down or the connection drops, as opposed to a bug.
UNREACHABLE = (OperationalError, InterfaceError, OSError, TimeoutError)


def unavailable(name: str, exc: Exception) -> DatabaseUnavailable:
    """The driver's own message, without SQLAlchemy's statement and parameters."""
    cause = getattr(exc, "orig", None) or exc
    return DatabaseUnavailable(f"{name} is unreachable: {type(cause).__name__}: {cause}"[:300])


async def run_catalog(
    engine: AsyncEngine, queries: Mapping, fixes: Mapping, query: str, params: dict[str, Any], source: str
) -> list[dict[str, Any]]:
    """Build a catalog query's statement, run it, and give its rows as plain values."""
    build = queries.get(query)
    if build is None:
        raise UnknownQuery(query, list(queries))
    try:
        async with engine.connect() as conn:
            rows = plain_rows((await conn.execute(build(params))).mappings())
    except UNREACHABLE as exc:
        raise unavailable(source, exc) from exc
    fix = fixes.get(query)
    return [fix(row) for row in rows] if fix else rows


class SqlaDatabase(QueryableDatabase):
    """Connects lazily, so a configured but unreachable database never blocks startup.

    Catalog queries read the transactional tables (payments, refunds, notifications, outbox).
    """

    def __init__(
        self,
        name: str,
        url: str,
        role: str,
        engine: AsyncEngine | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.role = role
        self._url = url
        self._engine = engine
        self._options = dict(options or {})

    @property
    def engine(self) -> AsyncEngine:
        if self._engine is None:
            self._engine = create_engine(self._url, self._options)
        return self._engine

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return await run_catalog(self.engine, QUERIES, ROW_FIXES, query, params, self.name)

    async def close(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()
