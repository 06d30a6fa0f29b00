"""payment_totals_by_gateway agrees between the transactional store and both analytics stores,
for the same payments driven through the domain (captures, failures, partial, pending and
refused refunds, creation days either side of `since`)."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from adapters.sql.analytics import SqlAnalyticsStore
from adapters.sql.query_database import SqlaDatabase
from application.queries.catalog import QueryCatalog
from domain.money import Money
from domain.payment import Payment, PaymentStatus, RefundStatus
from tests.integration.databases.builders import DataSet, at, insert_rows

pytestmark = pytest.mark.integration
catalog = QueryCatalog()
GATEWAYS = (("stripe", "USD"), ("stripe", "EUR"), ("paypal", "USD"), ("razorpay", "INR"), ("bank_transfer", "JPY"))
PARAMS = (
    {},
    {"currency": "USD"},
    {"since": "2025-01-01"},
    {"currency": "INR", "since": "2025-01-02"},
    {"currency": "GBP"},
)


def mixed_payments(count: int, seed: int) -> DataSet:
    rng = random.Random(seed)
    data = DataSet()
    for i in range(count):
        gateway, currency = rng.choice(GATEWAYS)
        amount = rng.randint(100, 100_000)
        created = at("2024-12-30") + timedelta(hours=12 * i % 96)
        payment = Payment.create(
            user_id=f"u{i % 3}", amount=Money(amount, currency), gateway=gateway, created_at=created, updated_at=created
        )
        payment.start_processing(gateway)
        outcome = rng.choice(("succeeded", "succeeded", "succeeded", "failed", "pending"))
        payment.settle(PaymentStatus(outcome), transaction_id=f"tx{i}")
        if outcome == "succeeded":
            for _ in range(rng.randint(0, 2)):  # completed refunds of part of what is left
                if payment.refundable.minor == 0:
                    break
                refund = payment.request_refund(Money(rng.randint(1, payment.refundable.minor), currency))
                payment.complete_refund(refund, gateway_refund_id=f"gr{refund.id}")
                data.refunds.append(refund)
            if payment.refundable.minor and rng.random() < 0.3:  # refused by the gateway
                refund = payment.request_refund(Money(1, currency))
                payment.complete_refund(refund, gateway_refund_id=None, status=RefundStatus.FAILED)
                data.refunds.append(refund)
            if payment.refundable.minor and rng.random() < 0.3:  # still waiting for the gateway
                data.refunds.append(payment.request_refund(Money(1, currency)))
        data.payments.append(payment)
    return data


async def test_transactional_and_analytics_totals_agree(engine, mongo_store):
    data = mixed_payments(24, seed=6)
    await insert_rows(engine, data)
    sql_analytics = SqlAnalyticsStore(engine=engine)
    events = data.events
    for event in events + random.Random(1).sample(events, len(events)):  # every event replayed
        await sql_analytics.record(event)
        await mongo_store.record(event)
    transactional = SqlaDatabase("sql", str(engine.url), "transactional", engine=engine)
    for params in PARAMS:
        query = catalog.validate("payment_totals_by_gateway", params)
        expected = await transactional.run(query.name, query.params)
        assert await sql_analytics.run(query.name, query.params) == expected, params
        assert await mongo_store.run(query.name, query.params) == expected, params
    everything = await transactional.run("payment_totals_by_gateway", {"currency": None, "since": None})
    captured = [
        p
        for p in data.payments
        if p.status in (PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED)
    ]
    assert sum(r["payments"] for r in everything) == len(captured)
    assert sum(r["captured_minor"] for r in everything) == sum(p.amount.minor for p in captured)
    assert sum(r["refunded_minor"] for r in everything) == sum(
        r.amount.minor for r in data.refunds if r.status is RefundStatus.SUCCEEDED
    )
