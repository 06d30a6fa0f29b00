"""The Redis cache and rate limiter against the real server."""

import asyncio

from adapters.redis.cache import RedisCache
from adapters.redis.ratelimit import RedisRateLimiter


async def test_cache_get_set_ttl_and_delete(redis, prefix):
    """A value is stored with its TTL, read back, and gone after delete."""
    cache = RedisCache(redis, prefix)
    assert await cache.get("payment:p1") is None
    await cache.set("payment:p1", b"\x01payload", ttl_seconds=30)
    assert await cache.get("payment:p1") == b"\x01payload"
    assert 0 < await redis.ttl(f"{prefix}cache:payment:p1") <= 30
    await cache.delete("payment:p1")
    assert await cache.get("payment:p1") is None


async def test_cache_entries_expire(redis, prefix):
    """An entry with a one-second TTL is gone after that second."""
    cache = RedisCache(redis, prefix)
    await cache.set("short", b"v", ttl_seconds=1)
    await asyncio.sleep(1.2)
    assert await cache.get("short") is None


async def test_rate_limit_burst_is_refused_beyond_the_limit_and_recovers(redis, prefix):
    """Five concurrent hits pass, the rest of a burst is refused, a new window allows again."""
    limiter = RedisRateLimiter(redis, prefix)
    results = await asyncio.gather(*(limiter.hit("client-1", 5, 1) for _ in range(8)))
    assert sum(r.allowed for r in results) == 5
    assert sorted(r.remaining for r in results) == [0, 0, 0, 0, 1, 2, 3, 4]
    assert all(0 < r.reset_seconds <= 1 for r in results)
    assert (await limiter.hit("client-2", 5, 1)).allowed
    await asyncio.sleep(max(r.reset_seconds for r in results) + 0.1)
    assert (await limiter.hit("client-1", 5, 1)).allowed


async def test_health_ping_answers(redis):
    """RedisCache.ping returns when the server is up."""
    await RedisCache(redis).ping()
