"""Payment views read through the cache under `payment:{id}`, forgotten after every write."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from application.payments.views import PaymentView
from application.read_through import ReadThrough, payment_cache_key
from domain.ports import Cache


class PaymentCache:
    """The one place that knows how payment views are cached (msgpack bytes, TTL from config).

    Writers call `forget` after their commit, so their own change is visible on the very next
    read; the event-driven invalidation (read_through.invalidate_payment_cache) also clears
    what a reader may have cached from a snapshot taken just before that commit.
    Cache failures never surface: reads fall back to `loader`, a failed forget is logged.
    """

    def __init__(self, cache: Cache, ttl_seconds: int) -> None:
        self._reads: ReadThrough[PaymentView] = ReadThrough(cache, PaymentView, ttl_seconds)

    async def read(self, payment_id: str, loader: Callable[[], Awaitable[PaymentView | None]]) -> PaymentView | None:
        return await self._reads.get(payment_cache_key(payment_id), loader)

    async def forget(self, payment_id: str) -> None:
        await self._reads.invalidate(payment_cache_key(payment_id))
