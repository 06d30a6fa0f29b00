"""The RateLimiter port on Redis: a fixed window per key, counted and expired atomically."""

from __future__ import annotations

from adapters.redis.client import RedisClient
from domain.ports import RateLimiter, RateLimitResult

# INCR and PEXPIRE in one script: a crash between them must not leave a counter without expiry.
_HIT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
"""


class RedisRateLimiter(RateLimiter):
    """The window opens at a key's first hit and lasts `window_seconds`; instances share it."""

    def __init__(self, client: RedisClient, prefix: str = "factory:") -> None:
        self._prefix = f"{prefix}ratelimit:"
        self._hit = client.register_script(_HIT)

    async def hit(self, key: str, limit: int, window_seconds: int) -> RateLimitResult:
        count, ttl_ms = await self._hit(keys=[self._prefix + key], args=[int(window_seconds * 1000)])
        return RateLimitResult(
            allowed=count <= limit, limit=limit, remaining=max(0, limit - count), reset_seconds=ttl_ms / 1000
        )
