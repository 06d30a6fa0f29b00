"""The Cache port on Redis: plain string keys under the service's prefix, TTL in seconds."""

from __future__ import annotations

from adapters.redis.client import RedisClient
from domain.ports import Cache


class RedisCache(Cache):
    def __init__(self, client: RedisClient, prefix: str = "factory:") -> None:
        self._client = client
        self._prefix = f"{prefix}cache:"

    async def get(self, key: str) -> bytes | None:
        value = await self._client.get(self._prefix + key)
        return value.encode() if isinstance(value, str) else value  # bytes unless decode_responses

    async def set(self, key: str, value: bytes, ttl_seconds: int) -> None:
        await self._client.set(self._prefix + key, value, ex=max(1, int(ttl_seconds)))

    async def delete(self, key: str) -> None:
        await self._client.delete(self._prefix + key)

    async def ping(self) -> None:
        await self._client.ping()
