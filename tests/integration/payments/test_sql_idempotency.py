"""The SQL idempotency store on SQLite, MariaDB and PostgreSQL: one winner, replay, expiry."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from adapters.sql.engine import write_lock_for
from adapters.sql.idempotency import SqlaIdempotencyStore
from adapters.sql.tables import idempotency_keys
from domain.errors import IdempotencyKeyInFlight, IdempotencyKeyReused
from domain.ports import StoredResponse

pytestmark = pytest.mark.integration


async def test_twenty_concurrent_claims_of_one_key_have_one_winner(engine):
    """The primary key makes the claim atomic: one begin() wins, the others see it in flight."""
    store = SqlaIdempotencyStore(engine, write_lock_for(engine))
    results = await asyncio.gather(*(store.begin("payments", "race", "fp") for _ in range(20)), return_exceptions=True)
    assert results.count(None) == 1
    assert all(isinstance(r, IdempotencyKeyInFlight) for r in results if r is not None)
    with pytest.raises(IdempotencyKeyReused):
        await store.begin("payments", "race", "other")
    await store.complete("payments", "race", StoredResponse(201, b'{"id":"x"}'))
    assert await store.begin("payments", "race", "fp") == StoredResponse(201, b'{"id":"x"}')


async def test_expired_and_released_keys_can_be_claimed_again(engine):
    """After its TTL, or once released, a key belongs to the next request."""
    store = SqlaIdempotencyStore(engine)
    assert await store.begin("refunds", "k", "fp") is None
    await store.release("refunds", "k")
    assert await store.begin("refunds", "k", "fp2") is None
    await store.complete("refunds", "k", StoredResponse(201, b"{}"))
    async with engine.begin() as conn:
        await conn.execute(update(idempotency_keys).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    assert await store.begin("refunds", "k", "fp3") is None
