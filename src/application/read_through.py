"""Read-through caching over the Cache port, and the event handler that invalidates it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

import msgspec
import structlog

from domain.events import Event, EventType
from domain.ports import Cache, EventHandler

log = structlog.get_logger("cache")
T = TypeVar("T")

PAYMENT_EVENTS = frozenset(
    {
        EventType.PAYMENT_CREATED,
        EventType.PAYMENT_PROCESSED,
        EventType.PAYMENT_FAILED,
        EventType.PAYMENT_CANCELED,
        EventType.REFUND_PROCESSED,
    }
)


def payment_cache_key(payment_id: str) -> str:
    return f"payment:{payment_id}"


class ReadThrough(Generic[T]):
    """Serve `T` from the cache, else from `loader`, then fill the cache.

    The cache is an optimisation, never a dependency: any cache failure (down, timeout, a value
    that no longer decodes) is logged and the loader answers. Misses (`None`) are not cached.
    """

    def __init__(self, cache: Cache, value_type: type[T], ttl_seconds: int) -> None:
        self._cache = cache
        self._ttl = ttl_seconds
        self._decoder = msgspec.msgpack.Decoder(value_type)
        self._encoder = msgspec.msgpack.Encoder()

    async def get(self, key: str, loader: Callable[[], Awaitable[T | None]]) -> T | None:
        cache_up = True
        try:
            raw = await self._cache.get(key)
        except Exception as exc:
            log.warning("cache_read_failed", key=key, error=repr(exc))
            raw, cache_up = None, False
        if raw is not None:
            try:
                return self._decoder.decode(raw)
            except msgspec.DecodeError:
                log.warning("cache_value_undecodable", key=key)
        value = await loader()
        if value is not None and cache_up:
            try:
                await self._cache.set(key, self._encoder.encode(value), self._ttl)
            except Exception as exc:
                log.warning("cache_write_failed", key=key, error=repr(exc))
        return value

    async def invalidate(self, key: str) -> None:
        """Forget a key after a write; a failure is logged (the entry then lives out its TTL)."""
        try:
            await self._cache.delete(key)
        except Exception as exc:
            log.warning("cache_invalidate_failed", key=key, error=repr(exc))


def invalidate_payment_cache(cache: Cache) -> EventHandler:
    """A bus handler: any payment or refund event of payment X deletes `payment:X`.

    It raises when the cache does, so the bus retries it by its handler policy.
    """

    async def handle(event: Event) -> None:
        if event.type in PAYMENT_EVENTS:
            await cache.delete(payment_cache_key(event.aggregate_id))

    return handle
