"""The relay lease on SQLite, MariaDB and PostgreSQL: one holder at a time, taken over on expiry."""

import asyncio

import pytest

pytestmark = pytest.mark.integration


async def _claim(uow, holder: str, ttl: float) -> bool:
    async with uow() as tx:
        won = await tx.outbox.claim_relay(holder, ttl)
        await tx.commit()
    return won


async def test_one_instance_holds_the_lease_and_renews_it(uow):
    """The first claimant wins, renews while it lives; another instance is refused meanwhile."""
    assert await _claim(uow, "instance-a", 30)
    assert not await _claim(uow, "instance-b", 30)
    assert await _claim(uow, "instance-a", 30)
    assert not await _claim(uow, "instance-b", 30)


async def test_an_expired_lease_is_taken_over(uow):
    """A holder that stopped renewing (crashed) loses the lease once it expires."""
    assert await _claim(uow, "instance-a", 0.2)
    await asyncio.sleep(0.4)
    assert await _claim(uow, "instance-b", 30)
    assert not await _claim(uow, "instance-a", 30)


async def test_concurrent_claims_elect_exactly_one_holder(uow):
    """Ten instances racing for a free lease: exactly one wins."""
    results = await asyncio.gather(*(_claim(uow, f"instance-{n}", 30) for n in range(10)))
    assert results.count(True) == 1


class RecordingBus:
    def __init__(self) -> None:
        self.published: list[str] = []

    async def publish(self, events) -> None:
        self.published.extend(e.event_id for e in events)


async def test_two_instances_relays_publish_each_event_once(uow):
    """Two relays (instances A and B) on one database: every committed event goes out once."""
    from application.events.outbox_relay import OutboxRelay
    from domain.money import Money
    from domain.payment import Payment

    async with uow() as tx:
        for _ in range(20):
            await tx.payments.add(Payment.create(user_id="u", amount=Money(100, "USD"), gateway="stripe"))
        await tx.commit()
    bus = RecordingBus()
    relays = [
        OutboxRelay(uow, bus, batch_size=5, holder=name, lease_seconds=30) for name in ("instance-a", "instance-b")
    ]
    for _ in range(3):
        await asyncio.gather(*(relay.relay_once() for relay in relays))
    assert len(bus.published) == 20
    assert len(set(bus.published)) == 20
