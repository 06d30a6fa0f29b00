"""The one Redis client of the process: created lazily, pinged by /health, closed with the app."""

from __future__ import annotations

from collections.abc import AsyncIterator

from redis.asyncio import Redis

from domain.ports import HealthCheck


def create_redis_client(url: str, socket_timeout_seconds: float = 1.0) -> Redis:
    """No connection is made here; the pool connects on first use and reconnects on its own.

    Short socket timeouts make a hung Redis cost a read one timeout, after which callers fall
    back (the read-through cache goes to the database).
    """
    return Redis.from_url(
        url,
        socket_timeout=socket_timeout_seconds,
        socket_connect_timeout=socket_timeout_seconds,
        health_check_interval=30,
    )


async def redis_lifecycle(client: Redis) -> AsyncIterator[Redis]:
    """A container Resource: hands the client out and closes its pool when the app stops."""
    yield client
    await client.aclose()


class RedisHealth(HealthCheck):
    def __init__(self, client: Redis) -> None:
        self._client = client

    async def ping(self) -> None:
        await self._client.ping()
