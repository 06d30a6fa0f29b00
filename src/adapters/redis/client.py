"""The one Redis client of the process: created lazily, pinged by /health, closed with the app.

One node (`redis://`) or a Redis Cluster (`redis.cluster: true`, or a `redis+cluster://` URL
naming one or more startup nodes, comma-separated): the adapters take either client.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from redis.asyncio import Redis
from redis.asyncio.cluster import ClusterNode, RedisCluster
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ClusterDownError, SlotNotCoveredError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from domain.ports import HealthCheck

CLUSTER_SCHEMES = {"redis+cluster": "redis", "rediss+cluster": "rediss"}
# A dead master must cost a cache call milliseconds, not the client's default ten retries.
CLUSTER_RETRIES = 2


class FailFastRedisCluster(RedisCluster):
    """redis-py's cluster client that, once the cluster failed a command (down, a slot
    uncovered, a node unreachable), fails every command at once for `cooldown_seconds`.

    redis-py answers a cluster that lost a master with a fixed 0.25 s sleep and a rediscovery
    per command and retry; without the pause every cache read and rate-limit hit of a request
    would pay that while the cache, which is never needed for correctness, is down anyway.
    """

    cooldown_seconds = 1.0
    _down_until = 0.0

    async def execute_command(self, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() < self._down_until:
            raise RedisConnectionError("Redis Cluster failed a command just now; skipped until it has rested")
        try:
            return await super().execute_command(*args, **kwargs)
        except (ClusterDownError, SlotNotCoveredError, RedisConnectionError, RedisTimeoutError):
            self._down_until = time.monotonic() + self.cooldown_seconds
            raise


RedisClient = Redis | RedisCluster


def create_redis_client(url: str, socket_timeout_seconds: float = 1.0, cluster: bool = False) -> RedisClient:
    """No connection is made here; the pool connects on first use and reconnects on its own.

    Short socket timeouts make a hung Redis cost a read one timeout, after which callers fall
    back (the read-through cache goes to the database).
    """
    if cluster or urlsplit(url).scheme in CLUSTER_SCHEMES:
        return _cluster_client(url, socket_timeout_seconds)
    return Redis.from_url(
        url,
        socket_timeout=socket_timeout_seconds,
        socket_connect_timeout=socket_timeout_seconds,
        health_check_interval=30,
    )


def _cluster_client(url: str, socket_timeout_seconds: float) -> RedisCluster:
    """The first startup node goes through `from_url` (credentials, TLS, query options); the
    others of a comma-separated list are more nodes to discover the cluster from."""
    parts = urlsplit(url)
    scheme = CLUSTER_SCHEMES.get(parts.scheme, parts.scheme)
    credentials, _, hosts = parts.netloc.rpartition("@")
    first, *others = hosts.split(",")
    prefix = f"{credentials}@" if credentials else ""
    # A cluster has only database 0, so a path such as the single-node `/0` is dropped.
    single = urlunsplit((scheme, prefix + first, "", parts.query, ""))
    retry = Retry(ExponentialBackoff(cap=0.2, base=0.02), CLUSTER_RETRIES)
    extra = [ClusterNode(*_host_port(node)) for node in others]
    return FailFastRedisCluster.from_url(
        single,
        retry=retry,
        startup_nodes=extra or None,
        socket_timeout=socket_timeout_seconds,
        socket_connect_timeout=socket_timeout_seconds,
    )


def _host_port(node: str) -> tuple[str, int]:
    host, _, port = node.rpartition(":")
    return (host or node, int(port)) if port.isdigit() and host else (node, 6379)


async def redis_lifecycle(client: RedisClient) -> AsyncIterator[RedisClient]:
    """A container Resource: hands the client out and closes its pool when the app stops."""
    yield client
    await client.aclose()


class RedisHealth(HealthCheck):
    """On a cluster every master must answer: one of them down leaves its slots unserved."""

    def __init__(self, client: RedisClient) -> None:
        self._client = client

    async def ping(self) -> None:
        if isinstance(self._client, RedisCluster):
            await self._client.ping(target_nodes=RedisCluster.PRIMARIES)
        else:
            await self._client.ping()
