"""Gateway authorization windows in Redis: shared by routers of several instances, capped, and a
Redis outage leaves routing on its last known rates instead of failing a payment."""

from __future__ import annotations

from adapters.redis.auth_rates import RedisAuthRateStore
from adapters.redis.client import create_redis_client
from application.payments.gateway_routing import GatewayRouter

FAMILY = ["stripe", "paypal"]


async def test_two_instances_share_one_window_and_it_slides(redis, prefix):
    one = GatewayRouter(RedisAuthRateStore(redis, prefix, window_size=10), min_samples=5, exploration=0.0)
    two = GatewayRouter(RedisAuthRateStore(redis, prefix, window_size=10), min_samples=5, exploration=0.0)
    for _ in range(10):
        await one.observe("stripe", False, FAMILY)
    for _ in range(8):
        await two.observe("paypal", True, FAMILY)
    assert two.windows == {"stripe": (0, 10), "paypal": (8, 8)}
    assert two.order(FAMILY) == ["paypal", "stripe"]  # learned from instance one's outcomes
    for _ in range(10):
        await one.observe("stripe", True, FAMILY)
    assert one.windows["stripe"] == (10, 10)  # the window holds only the newest 10
    assert await redis.llen(f"{prefix}{{authrate}}:stripe") == 10


async def test_an_unreachable_redis_keeps_the_last_known_order(redis, prefix, closed_port):
    router = GatewayRouter(RedisAuthRateStore(redis, prefix), min_samples=1, exploration=0.0)
    await router.observe("stripe", False, FAMILY)
    await router.observe("paypal", True, FAMILY)
    down = create_redis_client(f"redis://127.0.0.1:{closed_port}/0", 0.2)
    router._store = RedisAuthRateStore(down, prefix)
    await router.observe("paypal", False, FAMILY)  # logged, not raised
    assert router.order(FAMILY) == ["paypal", "stripe"]
    await down.aclose()
