"""The in-process cache and rate limiter of the local profile."""

import asyncio

from adapters.memory.cache import InMemoryCache
from adapters.memory.ratelimit import InMemoryRateLimiter


async def test_cache_get_set_delete_and_expiry():
    """A value is served until deleted or until its TTL passes."""
    cache = InMemoryCache()
    assert await cache.get("k") is None
    await cache.set("k", b"v", ttl_seconds=60)
    assert await cache.get("k") == b"v"
    await cache.delete("k")
    assert await cache.get("k") is None
    await cache.set("short", b"v", ttl_seconds=0)
    assert await cache.get("short") is None


async def test_cache_evicts_the_oldest_write_past_its_bound():
    """Past max_entries the oldest write goes first."""
    cache = InMemoryCache(max_entries=2)
    for key in ("a", "b", "c"):
        await cache.set(key, key.encode(), 60)
    assert await cache.get("a") is None
    assert await cache.get("b") == b"b" and await cache.get("c") == b"c"


async def test_rate_limiter_refuses_beyond_the_limit_and_recovers_after_the_window():
    """Three hits pass, the fourth is refused, and a new window allows again."""
    limiter = InMemoryRateLimiter()
    results = [await limiter.hit("client", limit=3, window_seconds=1) for _ in range(4)]
    assert [r.allowed for r in results] == [True, True, True, False]
    assert [r.remaining for r in results] == [2, 1, 0, 0]
    assert (await limiter.hit("other", limit=3, window_seconds=1)).allowed
    await asyncio.sleep(results[-1].reset_seconds + 0.05)
    assert (await limiter.hit("client", limit=3, window_seconds=1)).allowed
