"""Reconciliation settles payments left open; the relay publishes the outbox in order, once."""

from decimal import Decimal

from adapters.events.memory import InMemoryEventBus
from application.events.outbox_relay import OutboxRelay
from application.payments.process_payment import CreatePaymentCommand
from application.payments.reconcile_payments import ReconcilePayments
from application.payments.requests import PaymentRequest
from domain.events import EventType
from domain.payment import PaymentStatus
from tests.fakes.answers import answer_json
from tests.fakes.payment_store import FakeUnitOfWork
from tests.fakes.payments import timeout


async def _create(create_payment, gateway="stripe") -> str:
    reply = await create_payment(
        CreatePaymentCommand(PaymentRequest(user_id="u1", amount=Decimal("12.00"), currency="USD", gateway=gateway))
    )
    return answer_json(reply)["id"]


async def test_timed_out_payment_is_recharged_with_the_same_key(
    create_payment, uow, gateways, fakes, db, payment_cache
):
    """Without a transaction id, reconciliation repeats the charge with the attempt's own key."""
    fakes["stripe"].error = timeout()
    pid = await _create(create_payment)
    fakes["stripe"].error = None
    report = await ReconcilePayments(uow, gateways, payment_cache, after_seconds=0)()
    assert (report.checked, report.changed, report.failed) == (1, 1, 0)
    first, retry = fakes["stripe"].charges
    assert retry.idempotency_key == first.idempotency_key
    assert db.payments[pid].status is PaymentStatus.SUCCEEDED
    assert db.payments[pid].failure_reason is None
    assert [e.type for e in db.outbox if e.aggregate_id == pid][-1] is EventType.PAYMENT_PROCESSED


async def test_pending_with_transaction_id_is_looked_up(create_payment, uow, gateways, fakes, db, payment_cache):
    """With a transaction id, reconciliation asks for the status instead of charging again."""
    fakes["bank_transfer"].status = PaymentStatus.PENDING
    pid = await _create(create_payment, "bank_transfer")
    fakes["bank_transfer"].fetched_status = PaymentStatus.PENDING
    assert (await ReconcilePayments(uow, gateways, payment_cache, after_seconds=0)()).changed == 0
    fakes["bank_transfer"].fetched_status = PaymentStatus.SUCCEEDED
    assert (await ReconcilePayments(uow, gateways, payment_cache, after_seconds=0)()).changed == 1
    assert len(fakes["bank_transfer"].charges) == 1 and len(fakes["bank_transfer"].fetches) == 2
    assert db.payments[pid].status is PaymentStatus.SUCCEEDED


async def test_relay_publishes_in_commit_order_and_marks_sent(create_payment, uow, db):
    """Every committed event goes out once, in order; a second pass publishes nothing."""
    bus, seen = InMemoryEventBus(), []

    async def record(event):
        seen.append(event)

    bus.subscribe("test", record)
    for _ in range(3):
        await _create(create_payment)
    relay = OutboxRelay(uow, bus, batch_size=2)
    assert await relay.relay_once() == 6
    assert await relay.relay_once() == 0
    assert [e.event_id for e in seen] == [e.event_id for e in db.outbox]
    assert db.sent == {e.event_id for e in db.outbox}


async def test_relay_marks_nothing_when_the_bus_fails(create_payment, db):
    """At least once: events the bus did not accept stay unsent and go out on the next pass."""

    class BrokenBus(InMemoryEventBus):
        async def publish(self, events):
            raise ConnectionError("broker down")

    await _create(create_payment)
    try:
        await OutboxRelay(lambda: FakeUnitOfWork(db), BrokenBus()).relay_once()
    except ConnectionError:
        pass
    assert db.sent == set()
    assert await OutboxRelay(lambda: FakeUnitOfWork(db), InMemoryEventBus()).relay_once() == 2
