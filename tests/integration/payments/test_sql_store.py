"""The SQL adapters on SQLite, MariaDB and PostgreSQL: unit of work, outbox, row locks."""

import asyncio
from decimal import Decimal

import pytest
from sqlalchemy import text

from adapters.memory.cache import InMemoryCache
from adapters.sql.engine import create_engine, write_lock_for
from adapters.sql.migrate import head
from application.factories import FactoryEntry, KeyedFactory
from application.idempotency import Idempotency
from application.payments.cache import PaymentCache
from application.payments.refund_payment import RefundCommand, RefundPayment
from application.payments.requests import RefundBody
from domain.errors import Conflict
from domain.events import EventType
from domain.money import Money
from domain.notification import Notification
from domain.payment import Attempt, Payment, PaymentStatus
from domain.ports import PaymentFilter
from entrypoints.answers import created
from tests.fakes.answers import answer_json
from tests.fakes.payments import FakeGateway, until

pytestmark = pytest.mark.integration


def _payment(user: str = "u1", minor: int = 10_000) -> Payment:
    payment = Payment.create(
        user_id=user,
        amount=Money(minor, "USD"),
        gateway="stripe",
        metadata={"order": "o-1", "n": 3},
        customer={"email": "a@b.co"},
    )
    payment.start_processing("stripe")
    return payment


async def _stored(uow, payment: Payment) -> Payment:
    async with uow() as tx:
        await tx.payments.add(payment)
        await tx.commit()
    return payment


async def test_commit_writes_rows_and_their_events_and_clears_them(uow):
    """One transaction holds the payment and its payment_created event; reading it back is exact."""
    payment = await _stored(uow, _payment())
    assert payment.events == []
    async with uow() as tx:
        loaded = await tx.payments.get(payment.id)
        events = await tx.outbox.unsent(10)
    assert [e.type for e in events] == [EventType.PAYMENT_CREATED]
    assert (loaded.amount, loaded.status, loaded.metadata) == (payment.amount, payment.status, payment.metadata)
    assert loaded.created_at == payment.created_at and loaded.created_at.tzinfo is not None


async def test_leaving_without_commit_writes_nothing(uow):
    """A unit of work that is not committed rolls back rows and events alike."""
    payment = _payment()
    async with uow() as tx:
        await tx.payments.add(payment)
    async with uow() as tx:
        assert await tx.payments.get(payment.id) is None
        assert await tx.outbox.unsent(10) == []


async def test_stale_version_is_a_conflict(uow):
    """Saving a copy whose version moved underneath raises Conflict and writes nothing."""
    payment = await _stored(uow, _payment())
    async with uow() as tx:
        first = await tx.payments.get(payment.id)
    async with uow() as tx:
        second = await tx.payments.get(payment.id, for_update=True)
        second.settle(PaymentStatus.SUCCEEDED, transaction_id="t1")
        await tx.payments.save(second)
        await tx.commit()
    first.settle(PaymentStatus.FAILED)
    async with uow() as tx:
        with pytest.raises(Conflict):
            await tx.payments.save(first)


async def test_attempts_and_listing_round_trip(uow):
    """Attempts survive as JSON; listing is newest first with filters and a cursor."""
    older = _payment("lister")
    older.attempts.append(Attempt("stripe", "timeout", detail="slow", idempotency_key="fs_1"))
    await _stored(uow, older)
    newer = await _stored(uow, _payment("lister"))
    async with uow() as tx:
        page = await tx.payments.list(PaymentFilter(user_id="lister", limit=1))
        rest = await tx.payments.list(PaymentFilter(user_id="lister", limit=5, cursor=page[0].id))
    assert [p.id for p in page + rest] == [newer.id, older.id]
    assert rest[0].attempts[0].idempotency_key == "fs_1" and rest[0].attempts[0].at.tzinfo


async def test_notifications_round_trip_with_attempts(uow):
    """A notification and its delivery attempts are stored and read back."""
    notification = Notification(channel="email", recipient="a@b.co", message="hi", user_id="u1")
    async with uow() as tx:
        await tx.notifications.add(notification)
        await tx.commit()
    async with uow() as tx:
        loaded = await tx.notifications.get(notification.id)
        loaded.record_attempt("sent", provider_message_id="m1")
        loaded.mark_sent("m1")
        await tx.notifications.save(loaded)
        await tx.commit()
    async with uow() as tx:
        final = await tx.notifications.get(notification.id)
        events = await tx.outbox.unsent(10)
    assert final.status == "sent" and final.attempts[0].provider_message_id == "m1"
    assert [e.type for e in events] == [EventType.NOTIFICATION_SENT]


async def test_concurrent_refunds_are_serialized_by_the_row_lock(uow):
    """Twenty concurrent 10% refunds through the use case: exactly ten succeed (FOR UPDATE on
    the servers, BEGIN IMMEDIATE on SQLite)."""
    payment = _payment()
    payment.settle(PaymentStatus.SUCCEEDED, transaction_id="t1")
    await _stored(uow, payment)
    fake = FakeGateway("stripe")
    fake.gate = asyncio.Event()
    factory = KeyedFactory(
        "payment-gateways", "", lambda _: fake, [FactoryEntry(name="stripe", description="", enabled=True, adapter="x")]
    )

    class NoKeys:
        async def begin(self, *_):
            return None

    refund = RefundPayment(
        uow, factory, Idempotency(NoKeys(), encode=created), PaymentCache(InMemoryCache(), ttl_seconds=60)
    )
    tasks = [
        asyncio.create_task(refund(RefundCommand(payment.id, RefundBody(amount=Decimal("10"))))) for _ in range(20)
    ]
    await until(lambda: fake.waiting + sum(t.done() for t in tasks) == 20)
    fake.gate.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert sum(not isinstance(r, Exception) for r in results) == 10
    async with uow() as tx:
        final = await tx.payments.get(payment.id)
        refunds = await tx.payments.refunds(payment.id)
    assert (final.status, final.refunded_minor, len(refunds)) == (PaymentStatus.REFUNDED, 10_000, 10)
    replies = [answer_json(r) for r in results if not isinstance(r, Exception)]
    assert {reply["refund"]["status"] for reply in replies} == {"succeeded"}


async def test_schema_is_at_the_head_revision(engine):
    """The migrations recorded their revision."""
    async with engine.connect() as conn:
        assert (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar() == head()


async def test_sqlite_connections_are_durable_and_patient(tmp_path):
    """A SQLite engine gets its directory, WAL, synchronous=FULL (2) and a busy timeout."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/new/dir/x.db")
    try:
        async with engine.connect() as conn:
            pragmas = [
                (await conn.exec_driver_sql(f"PRAGMA {name}")).scalar()
                for name in ("journal_mode", "synchronous", "busy_timeout")
            ]
    finally:
        await engine.dispose()
    assert pragmas == ["wal", 2, 10_000]


async def test_sqlite_wal_is_cut_back_after_a_checkpoint_resets_it(tmp_path):
    """Checkpoints come in bursts, so the WAL grows between them; once one has reset it, the next
    commit cuts the file back to journal_size_limit (16 MiB) instead of keeping its high-water mark."""
    from adapters.sql.engine import _checkpoint

    path = tmp_path / "big.db"
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    wal = path.with_name("big.db-wal")
    try:
        async with engine.begin() as conn:
            await conn.exec_driver_sql("CREATE TABLE t (x BLOB)")
            for _ in range(24):
                await conn.exec_driver_sql("INSERT INTO t VALUES (randomblob(1048576))")
        grown = wal.stat().st_size
        await _checkpoint(engine, "RESTART")
        async with engine.begin() as conn:
            await conn.exec_driver_sql("INSERT INTO t VALUES ('after')")
        cut = wal.stat().st_size
    finally:
        await engine.dispose()
    assert grown > 24 * 1024 * 1024
    assert cut <= 16 * 1024 * 1024


async def test_sqlite_wal_is_checkpointed_in_the_background_and_emptied_on_shutdown(tmp_path):
    """Commits never checkpoint inline; the engine Resource does it beside them and at the end."""
    from adapters.sql.engine import engine_lifespan

    path = tmp_path / "wal.db"
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    lifespan = engine_lifespan(engine, write_lock_for(engine), checkpoint_seconds=0.01)
    await anext(lifespan)
    async with engine.begin() as conn:
        assert (await conn.exec_driver_sql("PRAGMA wal_autocheckpoint")).scalar() == 0
        await conn.exec_driver_sql("CREATE TABLE t (x TEXT)")
        await conn.exec_driver_sql("INSERT INTO t VALUES ('kept')")
    await until(lambda: b"kept" in path.read_bytes())  # copied from the WAL into the file
    with pytest.raises(StopAsyncIteration):
        await anext(lifespan)
    wal = path.with_name("wal.db-wal")
    assert not wal.exists() or wal.stat().st_size == 0
