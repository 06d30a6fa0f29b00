"""Real MariaDB, PostgreSQL, SQLite and SecantusDB for the database and analytics tests.

MariaDB and PostgreSQL get one uniquely named database per session, with the shared schema from
tables.metadata, dropped at the end; each test starts from empty tables. MongoDB tests get one
database per test, dropped after. A missing server fails the tests, never skips them.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from adapters.analytics.mongo import MongoAnalyticsStore
from adapters.sql.tables import metadata

MYSQL_ADMIN_URL = os.environ.get("MYSQL_TEST_URL", "mysql+aiomysql://root:@127.0.0.1:3306/")
POSTGRES_ADMIN_URL = os.environ.get("POSTGRES_TEST_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
MONGODB_URL = os.environ.get("MONGODB_TEST_URL", "mongodb://127.0.0.1:27018/?directConnection=true")
SQL_ENGINES = ("sqlite", "mysql", "postgresql")


def _blocking(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Run setup on its own loop in a thread: session fixtures may be first asked for from
    inside a test's running loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _admin(url: str, statement: str) -> None:
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(text(statement))
    finally:
        await engine.dispose()


async def _create_schema(url: str) -> None:
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
    finally:
        await engine.dispose()


def _server_database(admin_url: str, drop_suffix: str = "") -> Iterator[str]:
    name = f"fs_test_{uuid.uuid4().hex[:12]}"
    _blocking(_admin(admin_url, f"CREATE DATABASE {name}"))
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        _blocking(_create_schema(url))
        yield url
    finally:
        _blocking(_admin(admin_url, f"DROP DATABASE IF EXISTS {name}{drop_suffix}"))


@pytest.fixture(scope="session")
def mysql_url() -> Iterator[str]:
    yield from _server_database(MYSQL_ADMIN_URL)


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    yield from _server_database(POSTGRES_ADMIN_URL, " WITH (FORCE)")


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("sqlite") / "catalog.db"
    url = f"sqlite+aiosqlite:///{path}"
    _blocking(_create_schema(url))
    return url


@pytest.fixture(params=SQL_ENGINES)
def sql_url(request: pytest.FixtureRequest) -> str:
    """The URL of one SQL engine's test database, parametrized over all three."""
    return request.getfixturevalue(f"{request.param}_url")


async def clear_tables(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            await conn.execute(table.delete())


@pytest.fixture
async def engine(sql_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on empty tables."""
    engine = create_async_engine(sql_url)
    await clear_tables(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
async def mongo_database() -> AsyncIterator[str]:
    """A fresh database name on SecantusDB, dropped after the test."""
    from pymongo import AsyncMongoClient

    name = f"fs_test_{uuid.uuid4().hex[:12]}"
    yield name
    client = AsyncMongoClient(MONGODB_URL)
    await client.drop_database(name)
    await client.close()


@pytest.fixture
async def mongo_store(mongo_database: str) -> AsyncIterator[MongoAnalyticsStore]:
    store = MongoAnalyticsStore(MONGODB_URL, mongo_database, timeout_ms=3000)
    yield store
    await store.close()
