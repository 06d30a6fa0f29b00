"""A relational database of the database factory, reached through SQLAlchemy's async engine."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.engine import member_engine
from adapters.sql.queries import CATALOG
from domain.ports import QueryableDatabase


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
            self._engine = member_engine(self._url, self._options)
        return self._engine

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return await CATALOG.run(self.engine, query, params, self.name)

    async def close(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()
