"""Uniquely named databases on the machine's real servers for app-level tests, dropped after."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from pymongo import AsyncMongoClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

SERVERS = {
    "mysql": os.environ.get("MYSQL_TEST_URL", "mysql+aiomysql://root:@127.0.0.1:3306/"),
    "postgresql": os.environ.get("POSTGRES_TEST_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"),
}
MONGODB_URL = os.environ.get("MONGODB_TEST_URL", "mongodb://127.0.0.1:27018/?directConnection=true")


async def _admin(admin_url: str, statement: str) -> None:
    engine = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(text(statement))
    finally:
        await engine.dispose()


@asynccontextmanager
async def server_database(kind: str) -> AsyncIterator[str]:
    """An empty database on MariaDB (`mysql`) or PostgreSQL; yields its URL (not migrated)."""
    admin_url = SERVERS[kind]
    name = f"fs_e2e_{uuid.uuid4().hex[:12]}"
    await _admin(admin_url, f"CREATE DATABASE {name}")
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        # FORCE: a pooled connection the app has not closed yet must not fail the teardown.
        force = " WITH (FORCE)" if kind == "postgresql" else ""
        await _admin(admin_url, f"DROP DATABASE IF EXISTS {name}{force}")


@asynccontextmanager
async def mongo_database() -> AsyncIterator[tuple[str, str]]:
    """A fresh database name on SecantusDB; yields (server URL, name) and drops it after."""
    name = f"fs_e2e_{uuid.uuid4().hex[:12]}"
    try:
        yield MONGODB_URL, name
    finally:
        client = AsyncMongoClient(MONGODB_URL)
        try:
            await client.drop_database(name)
        finally:
            await client.close()
