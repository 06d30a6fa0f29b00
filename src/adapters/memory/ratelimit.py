"""The RateLimiter port in process memory (local profile): fixed windows per key."""

from __future__ import annotations

import time

from domain.ports import RateLimiter, RateLimitResult


class InMemoryRateLimiter(RateLimiter):
    """Same semantics as the Redis limiter: the window opens at a key's first hit."""

    def __init__(self) -> None:
        self._windows: dict[str, tuple[int, float]] = {}

    async def hit(self, key: str, limit: int, window_seconds: int) -> RateLimitResult:
        now = time.monotonic()
        count, ends_at = self._windows.get(key, (0, 0.0))
        if ends_at <= now:
            count, ends_at = 0, now + window_seconds
            self._sweep(now)
        count += 1
        self._windows[key] = (count, ends_at)
        return RateLimitResult(allowed=count <= limit, limit=limit,
                               remaining=max(0, limit - count), reset_seconds=ends_at - now)

    def _sweep(self, now: float) -> None:
        # Opening a window is the rare path, so expired keys are forgotten there (bounded memory).
        if len(self._windows) > 10_000:
            self._windows = {k: v for k, v in self._windows.items() if v[1] > now}
