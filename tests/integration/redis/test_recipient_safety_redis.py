"""Per-recipient safety through the Redis RateLimiter: two instances (each its own client and
composer) share one cap and one dedupe window."""

from __future__ import annotations

import pytest

from adapters.redis.client import create_redis_client
from adapters.redis.ratelimit import RedisRateLimiter
from application.notifications.compose import Composer, Safety
from application.notifications.send_notification import SendNotificationCommand

pytestmark = pytest.mark.integration


async def _status(composer: Composer, **fields) -> str:
    command = SendNotificationCommand(channel="sms", recipient="+14155550123", message="m", **fields)
    draft = await composer.compose(command, command.channel, command.recipient)
    return str((await composer.screen(draft)).status)


async def test_the_cap_and_dedupe_keys_are_shared_by_instances(redis_url, prefix):
    """Cap 3 per hour: sends alternate between two instances and the fourth is suppressed;
    a dedupe_key sent by one instance suppresses the same key on the other."""
    clients = [create_redis_client(redis_url) for _ in range(2)]
    try:
        a, b = (Composer(limiter=RedisRateLimiter(c, prefix), safety=Safety(recipient_hourly_cap=3)) for c in clients)
        assert [await _status(x) for x in (a, b, a, b)] == ["queued", "queued", "queued", "suppressed"]
        dedupe = [Composer(limiter=RedisRateLimiter(c, prefix)) for c in clients]
        assert await _status(dedupe[0], dedupe_key="otp-7") == "queued"
        assert await _status(dedupe[1], dedupe_key="otp-7") == "suppressed"
    finally:
        for client in clients:
            await client.aclose()
