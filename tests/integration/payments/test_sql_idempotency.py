"""The SQL idempotency store on SQLite, MariaDB and PostgreSQL: one winner, replay, expiry,
recovery points moved by the unit of work, and the takeover of a dead holder's key."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text, update

from adapters.sql.engine import create_engine, write_lock_for
from adapters.sql.idempotency import SqlaIdempotencyStore
from adapters.sql.migrate import upgrade
from adapters.sql.tables import idempotency_keys
from domain.errors import IdempotencyKeyInFlight, IdempotencyKeyReused
from domain.ports import RecoveryPoint, StoredResponse

pytestmark = pytest.mark.integration


async def test_twenty_concurrent_claims_of_one_key_have_one_winner(engine):
    """The primary key makes the claim atomic: one begin() wins, the others see it in flight."""
    store = SqlaIdempotencyStore(engine, write_lock_for(engine))
    results = await asyncio.gather(*(store.begin("payments", "race", "fp") for _ in range(20)), return_exceptions=True)
    claims = [r for r in results if not isinstance(r, Exception)]
    assert [c.recovery_point for c in claims] == [RecoveryPoint.STARTED]
    assert all(isinstance(r, IdempotencyKeyInFlight) for r in results if r not in claims)
    with pytest.raises(IdempotencyKeyReused):
        await store.begin("payments", "race", "other")
    await store.complete("payments", "race", StoredResponse(201, b'{"id":"x"}'))
    replay = await store.begin("payments", "race", "fp")
    assert replay.recovery_point is RecoveryPoint.FINISHED and replay.response == StoredResponse(201, b'{"id":"x"}')


async def test_expired_and_released_keys_can_be_claimed_again(engine):
    """After its TTL, or once released, a key belongs to the next request."""
    store = SqlaIdempotencyStore(engine)
    claim = await store.begin("refunds", "k", "fp")
    await store.release("refunds", "k", claim.holder)
    assert (await store.begin("refunds", "k", "fp2")).recovery_point is RecoveryPoint.STARTED
    await store.complete("refunds", "k", StoredResponse(201, b"{}"))
    async with engine.begin() as conn:
        await conn.execute(update(idempotency_keys).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    assert (await store.begin("refunds", "k", "fp3")).recovery_point is RecoveryPoint.STARTED


async def test_the_unit_of_work_moves_the_recovery_point_with_its_rows(engine, uow):
    """`recorded` commits with the resource's first transaction (and rolls back with it);
    `finished` stores the response; a stranger's token cannot record."""
    store = SqlaIdempotencyStore(engine, write_lock_for(engine))
    claim = await store.begin("payments", "k-uow", "fp")
    async with uow() as work:
        await work.idempotency.record("payments", "k-uow", claim.holder, "pay_rolled_back")
    async with uow() as work:
        with pytest.raises(IdempotencyKeyInFlight):
            await work.idempotency.record("payments", "k-uow", "not-the-holder", "pay_x")
    async with uow() as work:
        await work.idempotency.record("payments", "k-uow", claim.holder, "pay_1")
        await work.commit()
    assert (await _row(engine, "k-uow"))[:2] == ("recorded", "pay_1")
    async with uow() as work:
        await work.idempotency.finish("payments", "k-uow", StoredResponse(201, b'{"id":"pay_1"}'))
        await work.commit()
    replay = await store.begin("payments", "k-uow", "fp")
    assert replay.response == StoredResponse(201, b'{"id":"pay_1"}')


async def test_a_dead_holders_key_is_taken_over_once_its_lock_expires(engine, uow):
    """Fresh lock: 409. Expired (the holder died): exactly one of many retries takes the key over
    at its recovery point with its resource; a released claim is never revived."""
    store = SqlaIdempotencyStore(engine, write_lock_for(engine), lock_seconds=60)
    dead = await store.begin("payments", "k-dead", "fp")
    async with uow() as work:
        await work.idempotency.record("payments", "k-dead", dead.holder, "pay_dead")
        await work.commit()
    with pytest.raises(IdempotencyKeyInFlight) as in_flight:
        await store.begin("payments", "k-dead", "fp")
    assert 0 < in_flight.value.extra["retry_after_seconds"] <= 60
    async with engine.begin() as conn:
        stale = datetime.now(UTC) - timedelta(seconds=61)
        await conn.execute(update(idempotency_keys).values(locked_at=stale))
    results = await asyncio.gather(
        *(store.begin("payments", "k-dead", "fp") for _ in range(10)), return_exceptions=True
    )
    taken = [r for r in results if not isinstance(r, Exception)]
    assert len(taken) == 1 and all(isinstance(r, IdempotencyKeyInFlight) for r in results if r not in taken)
    assert (taken[0].recovery_point, taken[0].resource_id) == (RecoveryPoint.RECORDED, "pay_dead")
    await store.release("payments", "k-dead", taken[0].holder)  # not at `started`: kept
    assert (await _row(engine, "k-dead"))[0] == "recorded"
    await store.unlock("payments", "k-dead", taken[0].holder)  # the next retry resumes at once
    again = await store.begin("payments", "k-dead", "fp")
    assert (again.recovery_point, again.resource_id) == (RecoveryPoint.RECORDED, "pay_dead")


async def _row(engine, key: str) -> tuple:
    columns = (idempotency_keys.c.recovery_point, idempotency_keys.c.resource_id, idempotency_keys.c.holder)
    async with engine.connect() as conn:
        return tuple((await conn.execute(select(*columns).where(idempotency_keys.c.key == key))).one())


async def test_the_migration_carries_old_key_records_over(tmp_path):
    """Revision idem renames state to recovery_point: a finished key keeps replaying its answer,
    an old in-flight one (no lock) goes to the next retry."""
    url = f"sqlite+aiosqlite:///{tmp_path}/old.db"
    await asyncio.to_thread(upgrade, url, "0002")
    engine = create_engine(url)
    now = datetime.now(UTC)
    rows = [("done", "k-done", 201, b'{"id":"pay_1"}'), ("in_flight", "k-flight", None, None)]
    async with engine.begin() as conn:
        for state, key, status, body in rows:
            await conn.execute(
                text(
                    "INSERT INTO idempotency_keys (scope, key, fingerprint, state, response_status, response_body,"
                    " created_at, expires_at) VALUES ('payments', :key, 'fp', :state, :status, :body, :now, :later)"
                ),
                {"key": key, "state": state, "status": status, "body": body, "now": now, "later": now + timedelta(1)},
            )
    await asyncio.to_thread(upgrade, url)
    store = SqlaIdempotencyStore(engine)
    done = await store.begin("payments", "k-done", "fp")
    assert done.response == StoredResponse(201, b'{"id":"pay_1"}')
    assert (await store.begin("payments", "k-flight", "fp")).recovery_point is RecoveryPoint.STARTED
    await engine.dispose()
