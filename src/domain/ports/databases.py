"""The QueryableDatabase port: named catalog queries against one database."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class QueryableDatabase(Protocol):
    name: str
    role: str

    async def ping(self) -> None: ...

    async def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Run a named query from the catalog with its parameters bound as data."""
