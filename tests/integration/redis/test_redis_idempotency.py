"""The Redis idempotency store: Stripe semantics, atomic claims, TTLs."""

import asyncio

import pytest

from adapters.redis.idempotency import RedisIdempotencyStore
from domain.errors import IdempotencyKeyInFlight, IdempotencyKeyReused
from domain.ports import StoredResponse


@pytest.fixture
def store(redis, prefix):
    return RedisIdempotencyStore(redis, prefix, ttl_seconds=86_400, lock_seconds=60)


async def test_first_claim_wins_and_a_duplicate_in_flight_is_409(store):
    """A new key is claimed; the same key again while unfinished raises IdempotencyKeyInFlight."""
    assert await store.begin("payments", "key-1", "fp-a") is None
    with pytest.raises(IdempotencyKeyInFlight) as raised:
        await store.begin("payments", "key-1", "fp-a")
    assert raised.value.status == 409


async def test_completed_key_replays_the_stored_response(store):
    """After complete, the same key and body returns the stored status and body."""
    await store.begin("payments", "key-2", "fp-a")
    await store.complete("payments", "key-2", StoredResponse(201, b'{"id":"pay_1"}'))
    assert await store.begin("payments", "key-2", "fp-a") == StoredResponse(201, b'{"id":"pay_1"}')


async def test_same_key_with_another_body_is_422_in_flight_or_completed(store):
    """A different fingerprint raises IdempotencyKeyReused, before and after completion."""
    await store.begin("payments", "key-3", "fp-a")
    with pytest.raises(IdempotencyKeyReused) as raised:
        await store.begin("payments", "key-3", "fp-b")
    assert raised.value.status == 422 and raised.value.field == "Idempotency-Key"
    await store.complete("payments", "key-3", StoredResponse(201, b"{}"))
    with pytest.raises(IdempotencyKeyReused):
        await store.begin("payments", "key-3", "fp-b")


async def test_release_frees_an_in_flight_key_but_never_a_completed_one(store):
    """release lets the key be claimed again; after complete it keeps the response."""
    await store.begin("payments", "key-4", "fp-a")
    await store.release("payments", "key-4")
    assert await store.begin("payments", "key-4", "fp-a") is None
    await store.complete("payments", "key-4", StoredResponse(200, b"ok"))
    await store.release("payments", "key-4")
    assert await store.begin("payments", "key-4", "fp-a") == StoredResponse(200, b"ok")


async def test_scopes_keep_the_same_key_apart(store):
    """The same Idempotency-Key on two endpoints is two records."""
    assert await store.begin("payments", "key-5", "fp-a") is None
    assert await store.begin("refunds", "key-5", "fp-b") is None


async def test_twenty_concurrent_claims_have_exactly_one_winner(store):
    """Of 20 simultaneous begins, one claims and 19 see the request in flight."""
    results = await asyncio.gather(*(store.begin("payments", "race", "fp") for _ in range(20)), return_exceptions=True)
    assert sum(r is None for r in results) == 1
    assert sum(isinstance(r, IdempotencyKeyInFlight) for r in results) == 19


async def test_claims_expire_after_the_lock_time_and_responses_after_24h(redis, prefix):
    """An in-flight claim carries the lock TTL; a completed record carries the 24 h TTL."""
    store = RedisIdempotencyStore(redis, prefix, ttl_seconds=86_400, lock_seconds=60)
    await store.begin("payments", "ttl", "fp")
    key = f"{prefix}idempotency:payments:ttl"
    assert 0 < await redis.pttl(key) <= 60_000
    await store.complete("payments", "ttl", StoredResponse(201, b"{}"))
    assert 86_000_000 < await redis.pttl(key) <= 86_400_000
