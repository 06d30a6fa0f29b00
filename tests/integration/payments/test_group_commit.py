"""SQLite's writer thread: units of work queued together share one commit, each in its own
savepoint, so one that fails leaves the others committed; and the outcome save checked at
commit, on every engine."""

import asyncio
import threading

import pytest
from sqlalchemy import insert, text
from sqlalchemy.exc import IntegrityError

from adapters.sql.engine import create_engine, write_lock_for
from adapters.sql.migrate import upgrade
from adapters.sql.tables import relay_leases
from adapters.sql.uow import SqlaUnitOfWork
from adapters.sql.writer import SqliteWriter
from domain.errors import Conflict
from domain.money import Money
from domain.payment import Payment, PaymentStatus
from domain.ports import PaymentFilter

pytestmark = pytest.mark.integration


@pytest.fixture
async def sqlite(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path}/group.db"
    await asyncio.to_thread(upgrade, url)
    engine = create_engine(url)
    writer = write_lock_for(engine)
    assert isinstance(writer, SqliteWriter)
    yield engine, writer
    await engine.dispose()


def _payment() -> Payment:
    payment = Payment.create(user_id="u1", amount=Money(1000, "USD"), gateway="stripe")
    payment.start_processing("stripe")
    return payment


async def _held_thread(writer: SqliteWriter) -> tuple[threading.Event, asyncio.Task]:
    """Keep the writer thread busy inside a unit until the gate opens, so what is queued meanwhile
    is processed back to back (as under load, while a commit's fsync runs)."""
    gate, started = threading.Event(), threading.Event()

    def busy(conn) -> None:
        started.set()
        gate.wait(10)
        conn.execute(insert(relay_leases).values(name="held", holder="test"))

    task = asyncio.create_task(writer.run(busy))
    await asyncio.to_thread(started.wait, 10)
    return gate, task


async def _add(engine, writer, payment: Payment) -> None:
    async with SqlaUnitOfWork(engine, writer) as uow:
        await uow.payments.add(payment)
        await uow.commit()


async def test_units_queued_together_share_one_commit_and_a_failing_one_aborts_only_itself(sqlite):
    """Four units arrive while the writer is busy: one commit for all; the duplicate fails alone."""
    engine, writer = sqlite
    first, second = _payment(), _payment()
    duplicate = Payment.create(user_id="u2", amount=Money(5, "USD"), gateway="stripe")
    duplicate.id = first.id
    commits = writer.commits
    gate, held = await _held_thread(writer)
    units = [asyncio.create_task(_add(engine, writer, p)) for p in (first, duplicate, second)]
    await asyncio.sleep(0.1)  # every unit has queued its work behind the busy one
    gate.set()
    results = await asyncio.gather(held, *units, return_exceptions=True)
    assert results[0] is None and results[1] is None and results[3] is None
    assert isinstance(results[2], IntegrityError)
    assert writer.commits == commits + 1
    async with engine.connect() as conn:
        rows = (await conn.execute(text("SELECT id, user_id FROM payments"))).all()
        events = (await conn.execute(text("SELECT aggregate_id FROM outbox"))).scalars().all()
        held_row = (await conn.execute(text("SELECT holder FROM relay_leases WHERE name = 'held'"))).scalar()
    assert sorted(rows) == sorted([(first.id, "u1"), (second.id, "u1")])
    assert sorted(events) == sorted([first.id, second.id])  # the failed unit's event went with it
    assert held_row == "test"


async def test_a_unit_that_fails_its_version_check_keeps_nothing_and_others_commit(sqlite):
    """A stale save raises Conflict and leaves no partial write; the next unit commits normally."""
    engine, writer = sqlite
    payment = _payment()
    await _add(engine, writer, payment)
    async with SqlaUnitOfWork(engine, writer) as uow:
        stale = await uow.payments.get(payment.id)
    async with SqlaUnitOfWork(engine, writer) as uow:
        fresh = await uow.payments.get(payment.id, for_update=True)
        fresh.settle(PaymentStatus.SUCCEEDED, transaction_id="t1")
        await uow.payments.save(fresh)
        await uow.commit()
    stale.settle(PaymentStatus.FAILED)
    with pytest.raises(Conflict):
        async with SqlaUnitOfWork(engine, writer) as uow:
            await uow.payments.add(_payment())  # staged: must not survive the failed unit
            await uow.payments.save(stale)
    other = _payment()
    await _add(engine, writer, other)
    async with engine.connect() as conn:
        count = (await conn.execute(text("SELECT count(*) FROM payments"))).scalar()
        status = (await conn.execute(text(f"SELECT status FROM payments WHERE id = '{payment.id}'"))).scalar()
    assert count == 2 and status == "succeeded"


async def test_a_commit_returns_only_once_its_group_is_on_disk(sqlite):
    """A unit's commit is awaited past the group's COMMIT: another connection sees it at once."""
    engine, writer = sqlite
    payments = [_payment() for _ in range(5)]
    await asyncio.gather(*(_add(engine, writer, p) for p in payments))
    async with engine.connect() as conn:
        found = (await conn.execute(text("SELECT count(*) FROM payments"))).scalar()
    assert found == 5


async def test_a_webhook_settling_the_payment_during_the_gateway_call_is_merged_not_overwritten(uow):
    """The outcome's save is checked at commit: a version moved by a webhook during the call
    fails it, and the payment is then read under lock and merged, its outcome event once."""
    from adapters.memory.cache import InMemoryCache
    from application.factories import FactoryEntry, KeyedFactory
    from application.idempotency import Idempotency
    from application.payments.cache import PaymentCache
    from application.payments.process_payment import CreatePayment, CreatePaymentCommand
    from application.payments.requests import PaymentRequest
    from application.payments.systems import PaymentSystemFactory
    from domain.events import EventType
    from entrypoints.answers import created
    from tests.fakes.payment_store import FakeIdempotencyStore
    from tests.fakes.payments import FakeGateway, until

    fake = FakeGateway("stripe")
    fake.gate = asyncio.Event()
    gateways = KeyedFactory(
        "payment-gateways", "", lambda _: fake, [FactoryEntry(name="stripe", description="", enabled=True, adapter="x")]
    )
    systems = PaymentSystemFactory([], gateways, KeyedFactory("notification-channels", "", lambda n: n, []))
    create = CreatePayment(
        uow,
        gateways,
        systems,
        Idempotency(FakeIdempotencyStore(), encode=created),
        PaymentCache(InMemoryCache(), ttl_seconds=60),
    )
    request = PaymentRequest(user_id="u1", amount="10.00", currency="USD", payment_method="stripe")
    task = asyncio.create_task(create(CreatePaymentCommand(request)))
    await until(lambda: fake.waiting == 1)
    async with uow() as tx:  # the provider's webhook lands first
        [payment] = await tx.payments.list(PaymentFilter())
        webhook = await tx.payments.get(payment.id, for_update=True)
        webhook.settle(PaymentStatus.SUCCEEDED, transaction_id="from_webhook")
        await tx.payments.save(webhook)
        await tx.commit()
    fake.gate.set()
    answer = await task
    assert answer.replay is None and answer.result is not None
    async with uow() as tx:
        stored = await tx.payments.get(payment.id)
        events = await tx.outbox.unsent(10)
    assert stored.status is PaymentStatus.SUCCEEDED and stored.transaction_id == "from_webhook"
    assert stored.attempts and stored.version == webhook.version + 1
    assert [e.type for e in events].count(EventType.PAYMENT_PROCESSED) == 1
