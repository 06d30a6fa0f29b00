"""The in-process RateLimiter of the local and test profiles: fixed windows in a dict."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from domain.ports import RateLimiter, RateLimitResult


class InMemoryRateLimiter(RateLimiter):
    """Fixed windows aligned to multiples of `window_seconds` on the clock.

    Per process: with several workers each keeps its own counts (production uses Redis). Expired
    windows are dropped once the table grows past `max_keys`, so memory stays bounded.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000) -> None:
        self._clock = clock
        self._max_keys = max_keys
        self._windows: dict[str, tuple[float, int]] = {}

    async def hit(self, key: str, limit: int, window_seconds: int) -> RateLimitResult:
        now = self._clock()
        start = math.floor(now / window_seconds) * window_seconds
        window_start, count = self._windows.get(key, (start, 0))
        if window_start != start:
            count = 0
        count += 1
        if len(self._windows) >= self._max_keys and key not in self._windows:
            self._evict(start)
        self._windows[key] = (start, count)
        return RateLimitResult(
            allowed=count <= limit,
            limit=limit,
            remaining=max(limit - count, 0),
            reset_seconds=start + window_seconds - now,
        )

    def _evict(self, current_start: float) -> None:
        self._windows = {k: v for k, v in self._windows.items() if v[0] >= current_start}
