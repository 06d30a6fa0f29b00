"""A RateLimiter whose store is down."""

from domain.ports import RateLimiter, RateLimitResult


class UnreachableRateLimiter(RateLimiter):
    async def hit(self, key: str, limit: int, window_seconds: int) -> RateLimitResult:
        raise ConnectionError("connection refused")
