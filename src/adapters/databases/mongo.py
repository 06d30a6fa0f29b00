"""MongoDB in the database factory: catalog queries are pipelines over the analytics collections."""

from __future__ import annotations

from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from adapters.analytics.mongo_run import run_query
from domain.ports import QueryableDatabase


class MongoDatabase(QueryableDatabase):
    """The database is the URL's path, else `database` (the analytics store's, settings.mongodb)."""

    def __init__(
        self, name: str, url: str, role: str, database: str = "factory_analytics", timeout_ms: int = 1500
    ) -> None:
        self.name = name
        self.role = role
        self._url = url
        self._database = database
        self._timeout_ms = timeout_ms
        self._client: AsyncMongoClient | None = None

    @property
    def client(self) -> AsyncMongoClient:
        if self._client is None:
            self._client = AsyncMongoClient(
                self._url, serverSelectionTimeoutMS=self._timeout_ms, connectTimeoutMS=self._timeout_ms
            )
        return self._client

    @property
    def db(self) -> AsyncDatabase:
        return self.client.get_default_database(default=self._database)

    async def ping(self) -> None:
        await self.client.admin.command("ping")

    async def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return await run_query(self.db, self.name, query, params)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
