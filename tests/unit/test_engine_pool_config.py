"""The transactional engine's pool (size, overflow, timeout, recycle) comes from `database` config."""

from __future__ import annotations

import pytest

from containers import build_container
from entrypoints.settings import load_settings

SERVER_URLS = {
    "mysql": "mysql+aiomysql://app:secret@db.example:3306/factory_db",
    "postgresql": "postgresql+asyncpg://app:secret@db.example:5432/factory_db",
}


@pytest.mark.parametrize("kind", ["mysql", "postgresql"])
async def test_server_engine_pool_follows_the_database_section(kind):
    """Creating the engine opens no connection; its pool carries exactly the configured limits."""
    pool = {"pool_size": 7, "max_overflow": 3, "pool_timeout": 4.5, "pool_recycle": 600}
    settings = load_settings(
        "production", env={"DATABASE_URL": SERVER_URLS[kind]}, overrides={"database": {"kind": kind, **pool}}
    )
    engine = build_container(settings=settings).persistence.engine()
    try:
        assert engine.dialect.name == kind
        assert (engine.pool.size(), engine.pool._max_overflow, engine.pool._timeout, engine.pool._recycle) == (
            7,
            3,
            4.5,
            600,
        )
        assert engine.pool._pre_ping  # a connection the server dropped is replaced, not used
    finally:
        await engine.dispose()


def test_production_profile_pool_defaults():
    """production.yaml raises the pool to 20 and keeps the base 10 s timeout and 30-minute recycle."""
    settings = load_settings("production", env={})
    assert (
        settings.database.pool_size,
        settings.database.max_overflow,
        settings.database.pool_timeout,
        settings.database.pool_recycle,
    ) == (20, 10, 10.0, 1800)
