"""MongoDB in the database factory: ping through PyMongo's async client."""

from __future__ import annotations

from typing import Any

from pymongo import AsyncMongoClient

from adapters.databases.sqla import QueryNotAvailable
from domain.ports import QueryableDatabase


class MongoDatabase(QueryableDatabase):
    def __init__(self, name: str, url: str, role: str) -> None:
        self.name = name
        self.role = role
        self._url = url
        self._client: AsyncMongoClient | None = None

    @property
    def client(self) -> AsyncMongoClient:
        if self._client is None:
            self._client = AsyncMongoClient(self._url, serverSelectionTimeoutMS=1500)
        return self._client

    async def ping(self) -> None:
        await self.client.admin.command("ping")

    async def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        raise QueryNotAvailable(f"named queries on {self.name} are not built yet", field="query")

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
