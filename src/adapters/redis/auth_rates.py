"""The AuthRateStore port on Redis: one capped list per gateway, shared by every instance."""

from __future__ import annotations

from collections.abc import Sequence

from adapters.redis.client import RedisClient
from domain.ports import AuthRateStore

IDLE_EXPIRY_SECONDS = 7 * 86_400  # a gateway unused for a week starts afresh


class RedisAuthRateStore(AuthRateStore):
    """LPUSH + LTRIM keep the newest `window_size` outcomes; one pipelined round trip records
    the outcome and reads every window the router needs. The `{authrate}` hash tag puts every
    gateway's window in one Redis Cluster slot, so that round trip goes to one node."""

    def __init__(self, client: RedisClient, prefix: str = "factory:", window_size: int = 200) -> None:
        self._client = client
        self._prefix = f"{prefix}{{authrate}}:"
        self._window = window_size

    async def record(self, gateway: str, authorized: bool, read: Sequence[str]) -> dict[str, tuple[int, int]]:
        key = self._prefix + gateway
        pipe = self._client.pipeline(transaction=False)
        pipe.lpush(key, "1" if authorized else "0")
        pipe.ltrim(key, 0, self._window - 1)
        pipe.expire(key, IDLE_EXPIRY_SECONDS)
        for name in read:
            pipe.lrange(self._prefix + name, 0, -1)
        results = await pipe.execute()
        windows = results[3:]
        return {
            name: (sum(1 for v in window if v in (b"1", "1")), len(window))
            for name, window in zip(read, windows, strict=True)
        }
