"""The IdempotencyStore port on Redis: an atomic in-flight claim, then the stored response."""

from __future__ import annotations

from redis.asyncio import Redis

from domain.errors import IdempotencyKeyInFlight, IdempotencyKeyReused
from domain.ports import IdempotencyStore, StoredResponse

# One hash per key: fp (request fingerprint), then status and body once the request completed.
# Claim-or-read in one script, so twenty concurrent requests see exactly one claim.
_BEGIN = """
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'fp', ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return false
end
return redis.call('HMGET', KEYS[1], 'fp', 'status', 'body')
"""
# Only the claim's holder completes it: a claim that expired meanwhile is not resurrected.
_COMPLETE = """
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'status') == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'body', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
"""
# Release forgets an in-flight claim only; a completed response stays replayable.
_RELEASE = """
if redis.call('HEXISTS', KEYS[1], 'status') == 0 then return redis.call('DEL', KEYS[1]) end
return 0
"""


class RedisIdempotencyStore(IdempotencyStore):
    """Stripe semantics: the same key and body replays the first response; another body is 422;
    a duplicate while the first is in flight is 409. Completed keys live `ttl_seconds` (24 h);
    an in-flight claim lives `lock_seconds`, so a crashed request frees its key.
    """

    def __init__(
        self, client: Redis, prefix: str = "factory:", *, ttl_seconds: int = 86_400, lock_seconds: int = 60
    ) -> None:
        self._prefix = f"{prefix}idempotency:"
        self._ttl_ms = ttl_seconds * 1000
        self._lock_ms = lock_seconds * 1000
        self._begin = client.register_script(_BEGIN)
        self._complete = client.register_script(_COMPLETE)
        self._release = client.register_script(_RELEASE)

    def _key(self, scope: str, key: str) -> str:
        return f"{self._prefix}{scope}:{key}"

    async def begin(self, scope: str, key: str, fingerprint: str) -> StoredResponse | None:
        found = await self._begin(keys=[self._key(scope, key)], args=[fingerprint, self._lock_ms])
        if not found:
            return None
        stored_fp, status, body = found
        if stored_fp is None or stored_fp.decode() != fingerprint:
            raise IdempotencyKeyReused(
                "this Idempotency-Key was used with a different request body", field="Idempotency-Key"
            )
        if status is None:
            raise IdempotencyKeyInFlight(
                "a request with this Idempotency-Key is still being processed", field="Idempotency-Key"
            )
        return StoredResponse(status=int(status), body=body or b"")

    async def complete(self, scope: str, key: str, response: StoredResponse) -> None:
        await self._complete(keys=[self._key(scope, key)], args=[response.status, response.body, self._ttl_ms])

    async def release(self, scope: str, key: str) -> None:
        await self._release(keys=[self._key(scope, key)])
