"""GET /api/v1/databases."""

from __future__ import annotations

import msgspec
from litestar import Controller, get
from litestar.di import NamedDependency

from application.databases import DatabaseStatus, DescribeDatabases


class DatabaseList(msgspec.Struct, frozen=True):
    items: list[DatabaseStatus]
    count: int


class DatabasesController(Controller):
    path = "/api/v1/databases"
    tags = ["databases"]

    @get("/", summary="Database types: configured, reachable, latency and role")
    async def list_databases(self, describe_databases: NamedDependency[DescribeDatabases]) -> DatabaseList:
        items = await describe_databases()
        return DatabaseList(items, len(items))
