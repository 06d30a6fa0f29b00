"""The app on the Redis cache (real Redis, DB 15, a key prefix per test), driven in-loop."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager

from containers import Container, build_container
from entrypoints.app import create_app
from entrypoints.settings import Settings, load_settings

# The real Redis fixtures (one node and a cluster, a key prefix per test) are the integration tier's.
from tests.integration.redis.conftest import prefix, redis, redis_url  # noqa: F401


def redis_settings(tmp_path: Path, template: Path, url: str, key_prefix: str) -> Settings:
    """The relay is slowed to an hour, so no event-driven invalidation can hide a stale read:
    what a test sees after a write is the writer's own invalidation."""
    shutil.copyfile(template, tmp_path / "cache.db")
    return load_settings(
        "test",
        env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/cache.db"},
        overrides={
            "adapters": {"cache": "redis"},
            "redis": {"url": url, "key_prefix": key_prefix},
            "payments": {"relay_interval_seconds": 3600},
        },
    )


@asynccontextmanager
async def serving(settings: Settings) -> AsyncIterator[tuple[Container, httpx.AsyncClient]]:
    """The app with its lifespan, in the test's loop."""
    container = build_container(settings=settings)
    app = create_app(container)
    async with (
        LifespanManager(app, shutdown_timeout=30),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client,
    ):
        yield container, client
