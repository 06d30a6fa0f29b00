"""Use cases report business metrics through the Metrics port."""

from __future__ import annotations

import pytest

from adapters.events.memory import InMemoryEventBus
from application.events.outbox_relay import OutboxRelay
from application.idempotency import Idempotency
from application.notifications.delivery import NotificationDelivery
from application.payments.process_payment import CreatePayment, CreatePaymentCommand
from application.payments.requests import PaymentRequest
from domain.notification import Notification
from domain.payment import PaymentStatus
from entrypoints.answers import created
from tests.fakes.metrics import RecordingMetrics
from tests.fakes.notifications import ScriptedChannel, channel_factory, permanent
from tests.fakes.payment_store import FakeUnitOfWork


async def test_create_payment_counts_each_outcome_by_gateway_and_status(
    uow, gateways, systems, keys, fakes, payment_cache
):
    """A charge on stripe, then a declined one on paypal: each counted under its gateway."""
    metrics = RecordingMetrics()
    create = CreatePayment(uow, gateways, systems, Idempotency(keys, encode=created), payment_cache, metrics=metrics)
    fakes["paypal"].status = PaymentStatus.FAILED
    for gateway in ("stripe", "paypal"):
        await create(
            CreatePaymentCommand(PaymentRequest(user_id="u1", amount="10.00", currency="USD", payment_method=gateway))
        )
    assert metrics.payments == [("stripe", "succeeded"), ("paypal", "failed")]


async def test_delivery_counts_the_final_outcome_by_channel():
    """A delivered and a permanently refused notification: one sent, one failed."""
    from tests.fakes.notification_store import InMemoryUnitOfWork, MemoryState

    metrics, state = RecordingMetrics(), MemoryState()
    email = ScriptedChannel("email", [permanent()])
    delivery = NotificationDelivery(channel_factory([email]), lambda: InMemoryUnitOfWork(state), {}, metrics=metrics)
    for _ in range(2):
        await delivery.deliver(Notification(channel="email", recipient="a@example.com", message="hi"), email)
    assert metrics.deliveries == [("email", "failed"), ("email", "sent")]


async def test_relay_reports_lag_and_publish_failures(create_payment, db):
    """Lag is the oldest unsent event's age while relaying, 0 when empty; a refused publish
    is counted and re-raised."""

    class BrokenBus(InMemoryEventBus):
        async def publish(self, events):
            raise ConnectionError("broker down")

    await create_payment(
        CreatePaymentCommand(PaymentRequest(user_id="u1", amount="10.00", currency="USD", payment_method="stripe"))
    )
    metrics = RecordingMetrics()
    with pytest.raises(ConnectionError):
        await OutboxRelay(lambda: FakeUnitOfWork(db), BrokenBus(), metrics=metrics).relay_once()
    assert metrics.publish_failures == 1 and metrics.lags[-1] >= 0
    await OutboxRelay(lambda: FakeUnitOfWork(db), InMemoryEventBus(), metrics=metrics).relay_once()
    assert metrics.lags[-1] == 0.0 and metrics.publish_failures == 1
