"""Read-through caching on real Redis, and on a Redis that is not there."""

import msgspec

from adapters.redis.cache import RedisCache
from adapters.redis.client import create_redis_client
from application.read_through import ReadThrough, invalidate_payment_cache, payment_cache_key
from domain.events import EventType
from tests.fakes.streaming import make_event


class View(msgspec.Struct):
    id: str
    refunded: int


async def test_refund_event_invalidates_so_the_next_read_sees_the_refund(redis, prefix):
    """Read caches the payment; refund_processed deletes it; the next read loads the new state."""
    cache = RedisCache(redis, prefix)
    reads = ReadThrough(cache, View, ttl_seconds=60)
    state = {"refunded": 0}

    async def load():
        return View("pay_1", state["refunded"])

    assert (await reads.get(payment_cache_key("pay_1"), load)).refunded == 0
    state["refunded"] = 500
    assert (await reads.get(payment_cache_key("pay_1"), load)).refunded == 0  # cached
    await invalidate_payment_cache(cache)(make_event(aggregate_id="pay_1", type=EventType.REFUND_PROCESSED))
    assert (await reads.get(payment_cache_key("pay_1"), load)).refunded == 500


async def test_reads_fall_back_to_the_loader_when_redis_is_unreachable(closed_port):
    """With Redis on a closed port every read still answers from the loader."""
    client = create_redis_client(f"redis://127.0.0.1:{closed_port}/0", socket_timeout_seconds=0.5)
    reads = ReadThrough(RedisCache(client), View, ttl_seconds=60)
    calls = []

    async def load():
        calls.append(1)
        return View("pay_1", 0)

    try:
        assert await reads.get("payment:pay_1", load) == View("pay_1", 0)
        assert await reads.get("payment:pay_1", load) == View("pay_1", 0)
        await reads.invalidate("payment:pay_1")
    finally:
        await client.aclose()
    assert len(calls) == 2
