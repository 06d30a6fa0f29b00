"""A freshly migrated transactional database per test: a SQLite file, or a uniquely named
database on the machine's MariaDB and PostgreSQL (created and dropped here)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from adapters.sql.engine import create_engine, write_lock_for
from adapters.sql.migrate import upgrade
from adapters.sql.uow import SqlaUnitOfWork

SERVERS = {
    "mysql": "mysql+aiomysql://root:@127.0.0.1:3306",
    "postgresql": "postgresql+asyncpg://postgres@127.0.0.1:5432",
}
ADMIN_DB = {"mysql": "", "postgresql": "postgres"}


async def _admin(kind: str, statement: str) -> None:
    engine = create_async_engine(f"{SERVERS[kind]}/{ADMIN_DB[kind]}", isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(text(statement))
    finally:
        await engine.dispose()


@pytest.fixture(params=["sqlite", "mysql", "postgresql"])
async def database_url(request, tmp_path: Path) -> AsyncIterator[str]:
    """Migrated with the real Alembic revisions (in a thread: Alembic runs its own loop)."""
    kind = request.param
    if kind == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path}/store.db"
        await asyncio.to_thread(upgrade, url)
        yield url
        return
    name = f"fs_payments_{uuid.uuid4().hex[:12]}"
    await _admin(kind, f"CREATE DATABASE {name}")
    try:
        url = f"{SERVERS[kind]}/{name}"
        await asyncio.to_thread(upgrade, url)
        yield url
    finally:
        # FORCE: a connection the pool has not closed yet must not fail the teardown.
        await _admin(kind, f"DROP DATABASE {name}" + (" WITH (FORCE)" if kind == "postgresql" else ""))


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url, pool_size=5, max_overflow=30)
    yield engine
    await engine.dispose()


@pytest.fixture
def uow(engine: AsyncEngine):
    lock = write_lock_for(engine)
    return lambda: SqlaUnitOfWork(engine, lock)
