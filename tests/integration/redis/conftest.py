"""Redis fixtures: the real servers started by `make test` (one node, DB 15; and a Redis Cluster of
three masters, scripts/servers/redis-cluster.sh), a random key prefix per test. Tests that take
`redis` or `redis_url` run once against each."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import AsyncIterator

import pytest

from adapters.redis.client import RedisClient, create_redis_client

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
REDIS_CLUSTER_URL = os.environ.get("REDIS_CLUSTER_TEST_URL", "redis+cluster://127.0.0.1:7100")


@pytest.fixture(params=["node", "cluster"])
def redis_url(request: pytest.FixtureRequest) -> str:
    return REDIS_URL if request.param == "node" else REDIS_CLUSTER_URL


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[RedisClient]:
    client = create_redis_client(redis_url)
    try:
        await client.ping()
    except Exception as exc:  # never skip: the servers are part of `make test`
        pytest.fail(f"Redis is not reachable at {redis_url}: {exc!r} (bash scripts/test-servers.sh start)")
    yield client
    await client.aclose()


@pytest.fixture
async def prefix(redis: RedisClient) -> AsyncIterator[str]:
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
