"""Captures and cancels on SQLite, MariaDB and PostgreSQL: one capture under a race, expiry scan."""

import asyncio
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import msgspec
import pytest

from adapters.memory.cache import InMemoryCache
from application.factories import FactoryEntry, KeyedFactory
from application.idempotency import Idempotency
from application.payments.authorizations import Authorizations
from application.payments.cache import PaymentCache
from application.payments.capture_payment import CancelCommand, CancelPayment, CaptureCommand, CapturePayment
from application.payments.reconcile_payments import ReconcilePayments
from application.payments.requests import CaptureBody
from domain.errors import NotCapturable
from domain.events import EventType
from domain.money import Money
from domain.payment import CaptureMethod, Payment, PaymentStatus
from entrypoints.answers import created
from tests.fakes.payments import FakeGateway, until

pytestmark = pytest.mark.integration


class NoKeys:
    async def begin(self, *_):
        return None


def _factory(fake: FakeGateway) -> KeyedFactory:
    entry = FactoryEntry(name="stripe", description="", enabled=True, adapter="x")
    return KeyedFactory("payment-gateways", "", lambda _: fake, [entry])


async def _held(uow, minor: int = 10_000) -> Payment:
    payment = Payment.create(
        user_id="u1", amount=Money(minor, "USD"), gateway="stripe", capture_method=CaptureMethod.MANUAL
    )
    payment.start_processing("stripe")
    payment.authorize(transaction_id="pi_held")
    async with uow() as tx:
        await tx.payments.add(payment)
        await tx.commit()
    return payment


async def test_twenty_concurrent_captures_capture_once(uow):
    """Twenty captures of 60.00 in flight together: the row lock (FOR UPDATE on the servers,
    BEGIN IMMEDIATE on SQLite) and the version check let one reserve it; the gateway is asked once."""
    payment = await _held(uow)
    fake = FakeGateway("stripe")
    fake.gate = asyncio.Event()
    authorizations = Authorizations(uow, _factory(fake), PaymentCache(InMemoryCache(), ttl_seconds=60))
    capture = CapturePayment(authorizations, Idempotency(NoKeys(), encode=created))
    tasks = [
        asyncio.create_task(capture(CaptureCommand(payment.id, CaptureBody(amount=Decimal("60.00")))))
        for _ in range(20)
    ]
    await until(lambda: fake.waiting + sum(t.done() for t in tasks) == 20)
    fake.gate.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert sum(isinstance(r, NotCapturable) for r in results) == 19
    answered = [msgspec.to_builtins(r.result) for r in results if not isinstance(r, Exception)]
    assert [(a["status"], a["amount_captured"], a["refundable"]) for a in answered] == [("succeeded", "60.00", "60.00")]
    assert len(fake.captures) == 1
    async with uow() as tx:
        final = await tx.payments.get(payment.id)
        events = await tx.outbox.unsent(50)
    assert (final.status, final.amount_captured_minor, final.captured.minor) == (PaymentStatus.SUCCEEDED, 6000, 6000)
    assert final.capture_method is CaptureMethod.MANUAL
    processed = [e for e in events if e.type is EventType.PAYMENT_PROCESSED and e.data["status"] == "succeeded"]
    assert len(processed) == 1 and processed[0].data["amount_captured_minor"] == 6000


async def test_cancel_and_capture_race_one_wins(uow):
    """A cancel and a capture at once: exactly one is applied, the other is 409."""
    payment = await _held(uow)
    fake = FakeGateway("stripe")
    authorizations = Authorizations(uow, _factory(fake), PaymentCache(InMemoryCache(), ttl_seconds=60))
    capture = CapturePayment(authorizations, Idempotency(NoKeys(), encode=created))
    cancel = CancelPayment(authorizations, Idempotency(NoKeys(), encode=created))
    results = await asyncio.gather(
        capture(CaptureCommand(payment.id)), cancel(CancelCommand(payment.id)), return_exceptions=True
    )
    assert sum(isinstance(r, NotCapturable) for r in results) == 1
    assert len(fake.captures) + len(fake.cancels) == 1
    async with uow() as tx:
        final = await tx.payments.get(payment.id)
    assert final.status in (PaymentStatus.SUCCEEDED, PaymentStatus.CANCELED)


async def test_expired_authorizations_are_found_and_canceled_by_the_reconciler(uow):
    """Only requires_capture payments older than the TTL are listed; the reconciler cancels them
    and leaves them out of its stale scan."""
    old, young = await _held(uow), await _held(uow)
    async with uow() as tx:
        loaded = await tx.payments.get(old.id, for_update=True)
        loaded.updated_at = datetime.now(UTC) - timedelta(hours=2)
        await tx.payments.save(loaded)
        await tx.commit()
    async with uow() as tx:
        expired = await tx.payments.expired_authorizations(3600, 10)
        stale = await tx.payments.stale(0, 10)
    assert [p.id for p in expired] == [old.id]
    assert stale == []
    fake = FakeGateway("stripe")
    reconcile = ReconcilePayments(
        uow, _factory(fake), PaymentCache(InMemoryCache(), ttl_seconds=60), authorization_ttl_seconds=3600
    )
    report = await reconcile()
    assert report.expired == 1 and len(fake.cancels) == 1
    async with uow() as tx:
        assert (await tx.payments.get(old.id)).status is PaymentStatus.CANCELED
        assert (await tx.payments.get(young.id)).status is PaymentStatus.REQUIRES_CAPTURE
