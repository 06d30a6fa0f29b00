"""Scale-out fixtures: one MariaDB database shared by app instances, each a real uvicorn server."""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
import uvicorn
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from containers import Container, build_container, migrate_database
from entrypoints.app import create_app
from entrypoints.settings import Settings, load_settings
from tests.integration.kafka.conftest import FAST, kafka_bootstrap
from tests.integration.redis.conftest import REDIS_URL

MARIADB = "mysql+aiomysql://root:@127.0.0.1:3306"
WAIT = 20.0  # generous: startup and delivery are checked here, not latency


async def _admin(statement: str) -> None:
    engine = create_async_engine(f"{MARIADB}/", isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(text(statement))
    finally:
        await engine.dispose()


@pytest.fixture
async def shared_database() -> AsyncIterator[str]:
    """A database of this test on the machine's MariaDB, migrated, dropped afterwards."""
    name = f"fs_scale_{uuid.uuid4().hex[:12]}"
    try:
        await _admin(f"CREATE DATABASE {name}")
    except Exception as exc:  # never skip: MariaDB is part of the test machine
        pytest.fail(f"MariaDB is not reachable at {MARIADB}: {exc!r}")
    url = f"{MARIADB}/{name}"
    try:
        await asyncio.to_thread(
            migrate_database, load_settings("test", overrides={"database": {"kind": "mysql", "url": url}})
        )
        yield url
    finally:
        await _admin(f"DROP DATABASE {name}")


__all__ = ["kafka_bootstrap"]  # the broker check, as a fixture of these tests too


@pytest.fixture
def scale_redis_url() -> str:
    """The Redis the instances share; a test parametrizes it to run on the Redis Cluster too."""
    return REDIS_URL


@pytest.fixture
def streaming(kafka_bootstrap: str, scale_redis_url: str) -> dict:
    """Kafka and Redis as the production profile uses them, on a topic and key prefix of this
    test, so nothing left on the shared broker or Redis reaches it."""
    tag = uuid.uuid4().hex[:8]
    return {
        "adapters": {"event_bus": "kafka", "cache": "redis"},
        "kafka": {
            "bootstrap_servers": kafka_bootstrap,
            "topic": f"test-scale-{tag}",
            "analytics_group": f"analytics-{tag}",
            "cache_group": f"cache-{tag}",
            **FAST,
        },
        "redis": {"url": scale_redis_url, "key_prefix": f"test:{tag}:"},
        "merchant_webhooks": {"group": f"merchant-webhooks-{tag}"},
    }


def instance_settings(database_url: str, streaming: dict) -> Settings:
    return load_settings("test", overrides={"database": {"kind": "mysql", "url": database_url}, **streaming})


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@asynccontextmanager
async def instance(settings: Settings) -> AsyncIterator[tuple[Container, str]]:
    """One app process's worth: its own container and uvicorn server; yields its base URL
    once it serves and its Kafka consumers hold their partitions."""
    container = build_container(settings=settings)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(container), host="127.0.0.1", port=port, lifespan="on", ws="websockets-sansio", log_config=None
        )
    )
    serving = asyncio.create_task(server.serve())
    try:
        async with asyncio.timeout(WAIT):
            while not server.started:
                if serving.done():
                    serving.result()  # startup failed: raise its error
                await asyncio.sleep(0.05)
            await container.infrastructure.event_bus().wait_ready()
        yield container, f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serving
