"""A relational database of the database factory, reached through SQLAlchemy's async engine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from domain.errors import DomainError
from domain.ports import QueryableDatabase


class QueryNotAvailable(DomainError):
    code = "query_not_available"
    status = 501


class SqlaDatabase(QueryableDatabase):
    """Connects lazily, so a configured but unreachable database never blocks startup."""

    def __init__(self, name: str, url: str, role: str, engine: AsyncEngine | None = None) -> None:
        self.name = name
        self.role = role
        self._url = url
        self._engine = engine

    @property
    def engine(self) -> AsyncEngine:
        if self._engine is None:
            url = make_url(self._url)
            if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
                Path(url.database).parent.mkdir(parents=True, exist_ok=True)
            self._engine = create_async_engine(url, pool_pre_ping=True)
        return self._engine

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        raise QueryNotAvailable(f"named queries on {self.name} are not built yet", field="query")

    async def close(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()
