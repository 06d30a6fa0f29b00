"""The Cache port in process memory (local profile): per-instance, bounded, expiring."""

from __future__ import annotations

import time

from domain.ports import Cache


class InMemoryCache(Cache):
    """Expired entries are dropped on read; past `max_entries` the oldest write is evicted."""

    def __init__(self, max_entries: int = 10_000) -> None:
        self._entries: dict[str, tuple[bytes, float]] = {}
        self._max_entries = max_entries

    async def get(self, key: str) -> bytes | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        value, expires_at = entry
        if expires_at <= time.monotonic():
            self._entries.pop(key, None)
            return None
        return value

    async def set(self, key: str, value: bytes, ttl_seconds: int) -> None:
        self._entries.pop(key, None)  # re-insert so dict order stays oldest-write first
        self._entries[key] = (value, time.monotonic() + ttl_seconds)
        while len(self._entries) > self._max_entries:
            self._entries.pop(next(iter(self._entries)))

    async def delete(self, key: str) -> None:
        self._entries.pop(key, None)

    async def ping(self) -> None:
        return None
