"""Redis fixtures: the real server started by `make test`, DB 15, a random key prefix per test."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from adapters.redis.client import create_redis_client

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    client = create_redis_client(REDIS_URL)
    try:
        await client.ping()
    except Exception as exc:  # never skip: the server is part of `make test`
        pytest.fail(f"Redis is not reachable at {REDIS_URL}: {exc!r}")
    yield client
    await client.aclose()


@pytest.fixture
async def prefix(redis: Redis) -> AsyncIterator[str]:
    """Keys of one test live under their own prefix and are deleted afterwards."""
    value = f"test:{uuid.uuid4().hex[:10]}:"
    yield value
    keys = [key async for key in redis.scan_iter(match=f"{value}*")]
    if keys:
        await redis.delete(*keys)


@pytest.fixture
def closed_port() -> int:
    """A local port nobody listens on: connections to it are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
