"""Read-through caching: cache first, loader on a miss or a cache failure; event invalidation."""

import msgspec

from adapters.memory.cache import InMemoryCache
from application.read_through import ReadThrough, invalidate_payment_cache, payment_cache_key
from domain.events import EventType
from tests.fakes.streaming import DownCache, make_event


class View(msgspec.Struct):
    id: str
    amount: int


class Loader:
    def __init__(self, value):
        self.value, self.calls = value, 0

    async def __call__(self):
        self.calls += 1
        return self.value


async def test_second_read_is_served_from_the_cache():
    """The loader runs once; the next read decodes the cached copy."""
    reads = ReadThrough(InMemoryCache(), View, ttl_seconds=60)
    loader = Loader(View("pay_1", 100))
    assert await reads.get("payment:pay_1", loader) == View("pay_1", 100)
    assert await reads.get("payment:pay_1", loader) == View("pay_1", 100)
    assert loader.calls == 1


async def test_a_cache_that_is_down_falls_back_to_the_loader_without_raising():
    """Every read still answers from the loader when the cache raises."""
    cache = DownCache()
    reads = ReadThrough(cache, View, ttl_seconds=60)
    loader = Loader(View("pay_1", 100))
    for _ in range(2):
        assert await reads.get("payment:pay_1", loader) == View("pay_1", 100)
    assert loader.calls == 2 and cache.calls == 2  # no write attempted to a cache known down
    await reads.invalidate("payment:pay_1")


async def test_misses_are_not_cached_and_garbage_is_reloaded():
    """None is not cached; an undecodable cached value is replaced by the loader's."""
    cache = InMemoryCache()
    reads = ReadThrough(cache, View, ttl_seconds=60)
    missing = Loader(None)
    assert await reads.get("payment:none", missing) is None
    assert await cache.get("payment:none") is None
    await cache.set("payment:pay_2", b"\xff not msgpack", 60)
    assert await reads.get("payment:pay_2", Loader(View("pay_2", 5))) == View("pay_2", 5)


async def test_payment_events_invalidate_their_payment_and_others_do_not():
    """refund_processed for pay_1 deletes payment:pay_1; a notification event deletes nothing."""
    cache = InMemoryCache()
    handler = invalidate_payment_cache(cache)
    for key in ("pay_1", "ntf_1"):
        await cache.set(payment_cache_key(key), b"x", 60)
    await handler(make_event(aggregate_id="ntf_1", type=EventType.NOTIFICATION_SENT))
    await handler(make_event(aggregate_id="pay_1", type=EventType.REFUND_PROCESSED))
    assert await cache.get("payment:pay_1") is None
    assert await cache.get("payment:ntf_1") == b"x"
