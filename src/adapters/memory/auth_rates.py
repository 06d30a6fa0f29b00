"""The AuthRateStore port in process: a bounded deque of outcomes per gateway."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Sequence

from domain.ports import AuthRateStore


class InMemoryAuthRateStore(AuthRateStore):
    def __init__(self, window_size: int = 200) -> None:
        self._windows: dict[str, deque[bool]] = defaultdict(lambda: deque(maxlen=window_size))

    async def record(self, gateway: str, authorized: bool, read: Sequence[str]) -> dict[str, tuple[int, int]]:
        self._windows[gateway].append(authorized)
        return {name: (sum(self._windows[name]), len(self._windows[name])) for name in read}
