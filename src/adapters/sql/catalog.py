"""The named query catalog on SQL: statement builders by query name, run the same way on every
store (the transactional tables of a database factory member, or analytics_events)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Select
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.rows import plain_rows
from domain.errors import DatabaseUnavailable, UnknownQuery

Row = dict[str, Any]
# What a driver raises when the server is down or the connection drops, as opposed to a bug.
UNREACHABLE = (OperationalError, InterfaceError, OSError, TimeoutError)


def unavailable(name: str, exc: Exception) -> DatabaseUnavailable:
    """The driver's own message, without SQLAlchemy's statement and parameters."""
    cause = getattr(exc, "orig", None) or exc
    return DatabaseUnavailable(f"{name} is unreachable: {type(cause).__name__}: {cause}"[:300])


class SqlCatalog:
    """Each query: a builder from validated parameters to a Core statement (every value bound),
    and optionally a fix applied to each row of its result."""

    def __init__(
        self,
        queries: Mapping[str, Callable[[dict[str, Any]], Select]],
        fixes: Mapping[str, Callable[[Row], Row]] | None = None,
    ) -> None:
        self.queries = queries
        self.fixes = fixes or {}

    async def run(self, engine: AsyncEngine, query: str, params: dict[str, Any], source: str) -> list[Row]:
        """Build a query's statement, run it, and give its rows as plain values."""
        build = self.queries.get(query)
        if build is None:
            raise UnknownQuery(query, list(self.queries))
        try:
            async with engine.connect() as conn:
                rows = plain_rows((await conn.execute(build(params))).mappings())
        except UNREACHABLE as exc:
            raise unavailable(source, exc) from exc
        fix = self.fixes.get(query)
        return [fix(row) for row in rows] if fix else rows
