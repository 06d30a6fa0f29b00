"""The outbox relay on SQLite, MariaDB and PostgreSQL: batches marked sent exactly as published,
woken by commits rather than by its poll, and its lease renewed only when a third has passed."""

import asyncio

import pytest
from sqlalchemy import text

from adapters.sql.engine import write_lock_for
from adapters.sql.uow import SqlaUnitOfWork
from application.events.outbox_relay import Doorbell, OutboxRelay
from domain.money import Money
from domain.payment import Payment
from tests.fakes.payments import until

pytestmark = pytest.mark.integration


class BatchBus:
    """Accepts the first `accept` batches, then refuses (a broker going down mid-drain)."""

    def __init__(self, accept: int = 1_000) -> None:
        self.batches: list[list[str]] = []
        self._accept = accept

    async def publish(self, events) -> None:
        if len(self.batches) >= self._accept:
            raise ConnectionError("broker down")
        self.batches.append([event.event_id for event in events])


async def _commit_payments(uow, count: int) -> None:
    async with uow() as tx:
        for _ in range(count):
            await tx.payments.add(Payment.create(user_id="u", amount=Money(100, "USD"), gateway="stripe"))
        await tx.commit()


async def _sent_ids(engine) -> set[str]:
    async with engine.connect() as conn:
        rows = await conn.execute(text("SELECT event_id FROM outbox WHERE sent_at IS NOT NULL"))
        return set(rows.scalars())


async def test_a_batch_is_marked_sent_exactly_as_published(uow, engine):
    """Batches of 3 from 7 events; the bus takes two batches, then fails: exactly those 6 are sent."""
    await _commit_payments(uow, 7)
    bus = BatchBus(accept=2)
    with pytest.raises(ConnectionError):
        await OutboxRelay(uow, bus, batch_size=3).relay_once()
    published = [event_id for batch in bus.batches for event_id in batch]
    assert [len(batch) for batch in bus.batches] == [3, 3]
    assert await _sent_ids(engine) == set(published)
    retry = BatchBus()
    assert await OutboxRelay(uow, retry, batch_size=3).relay_once() == 1
    assert len(await _sent_ids(engine)) == 7 and set(retry.batches[0]).isdisjoint(published)


async def test_a_commit_wakes_the_relay_which_never_polls(engine):
    """With an hour's poll interval, a committed event is still published: the commit woke it."""
    woken = Doorbell()
    lock = write_lock_for(engine)

    def uow():
        return SqlaUnitOfWork(engine, lock, on_events=woken.ring)

    bus = BatchBus()
    relay = OutboxRelay(uow, bus, wake=woken, gather_seconds=0)
    task = asyncio.create_task(relay.run(poll_seconds=3600))
    try:
        await _commit_payments(uow, 2)
        await until(lambda: sum(map(len, bus.batches)) == 2)
        for _ in range(200):  # the pass marks them sent right after publishing
            if len(await _sent_ids(engine)) == 2:
                break
            await asyncio.sleep(0.05)
    finally:
        task.cancel()
    assert len(await _sent_ids(engine)) == 2


async def test_the_lease_is_renewed_once_a_third_of_it_has_passed(uow):
    """Passes within the first third of the lease do not touch it; the first after do."""
    now = [0.0]
    claims: list[float] = []

    def counting():
        tx = uow()
        claim = tx.outbox.claim_relay

        async def counted(holder, ttl):
            claims.append(now[0])
            return await claim(holder, ttl)

        tx.outbox.claim_relay = counted
        return tx

    relay = OutboxRelay(counting, BatchBus(), lease_seconds=30, clock=lambda: now[0])
    for at in (0.0, 5.0, 9.9, 10.1, 15.0, 20.2):
        now[0] = at
        await relay.relay_once()
    assert claims == [0.0, 10.1, 20.2]
