"""Analytics stores on SQLite, MariaDB, PostgreSQL (SqlAnalyticsStore) and SecantusDB
(MongoAnalyticsStore): replays are not counted twice, and the catalog reads the rollups."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from adapters.analytics.mongo import MongoAnalyticsStore
from adapters.databases.mongo import MongoDatabase
from adapters.sql.analytics import SqlAnalyticsStore
from adapters.sql.tables import analytics_events
from application.queries.catalog import QueryCatalog
from domain.money import Money
from domain.payment import CaptureMethod, Payment
from domain.ports import AnalyticsStore
from tests.integration.databases.builders import known_data
from tests.integration.databases.conftest import MONGODB_URL, SQL_ENGINES

pytestmark = pytest.mark.integration
catalog = QueryCatalog()
TOTALS = [
    {
        "gateway": "razorpay",
        "currency": "INR",
        "payments": 1,
        "captured_minor": 5000,
        "refunded_minor": 5000,
        "net_minor": 0,
    },
    {
        "gateway": "stripe",
        "currency": "USD",
        "payments": 2,
        "captured_minor": 3000,
        "refunded_minor": 300,
        "net_minor": 2700,
    },
]


@pytest.fixture(params=(*SQL_ENGINES, "mongodb"))
def store_url(request: pytest.FixtureRequest) -> tuple[str, str]:
    if request.param == "mongodb":
        return "mongodb", MONGODB_URL
    return request.param, request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
async def store(store_url, mongo_database) -> AsyncIterator[AnalyticsStore]:
    """SqlAnalyticsStore on an empty analytics_events table, or MongoAnalyticsStore on a fresh
    database."""
    kind, url = store_url
    if kind == "mongodb":
        mongo = MongoAnalyticsStore(url, mongo_database, timeout_ms=3000)
        yield mongo
        await mongo.close()
        return
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.execute(analytics_events.delete())
    yield SqlAnalyticsStore(engine=engine)
    await engine.dispose()


async def run(store: AnalyticsStore, name: str, **params):
    query = catalog.validate(name, params)
    return await store.run(query.name, query.params)


async def test_each_event_is_recorded_once_and_a_replay_returns_false(store):
    events = known_data().events
    assert [await store.record(e) for e in events] == [True] * len(events)
    assert [await store.record(e) for e in events] == [False] * len(events)
    rows = await run(store, "recent_events", limit=100)
    assert sorted(r["event_id"] for r in rows) == sorted(e.event_id for e in events)


async def test_replays_do_not_change_the_rollups(store):
    events = known_data().events
    for event in events + events[::-1]:
        await store.record(event)
    assert await run(store, "payment_totals_by_gateway") == TOTALS
    assert await run(store, "payment_totals_by_gateway", currency="INR") == TOTALS[:1]
    since = await run(store, "payment_totals_by_gateway", since="2025-01-01")
    assert [(r["gateway"], r["payments"], r["captured_minor"], r["refunded_minor"]) for r in since] == [
        ("razorpay", 1, 5000, 5000),
        ("stripe", 1, 1000, 300),
    ]


async def test_concurrent_deliveries_of_one_event_count_once(store):
    data = known_data()
    for event in data.events:
        await store.record(event)
    processed = data.payments[0].events[1]  # the old Stripe payment's capture
    outcomes = await asyncio.gather(*(store.record(processed) for _ in range(5)))
    assert list(outcomes) == [False] * 5
    fresh = known_data().payments[0].events
    outcomes = await asyncio.gather(*(store.record(fresh[1]) for _ in range(5)))
    assert sorted(outcomes) == [False] * 4 + [True]
    stripe = (await run(store, "payment_totals_by_gateway", currency="USD"))[0]
    assert (stripe["payments"], stripe["captured_minor"]) == (3, 5000)


async def test_payments_by_user_reports_each_payments_furthest_status(store):
    data = known_data()
    for event in data.events:
        await store.record(event)
    p_old, _, p_failed, p_new = data.payments
    rows = await run(store, "payments_by_user", user_id="u1")
    assert {
        r["payment_id"]: (r["status"], r["gateway"], r["amount_minor"], r["currency"], r["refunded_minor"])
        for r in rows
    } == {
        p_old.id: ("succeeded", "stripe", 2000, "USD", 0),
        p_failed.id: ("failed", "paypal", 500, "EUR", 0),
        p_new.id: ("partially_refunded", "stripe", 1000, "USD", 300),
    }
    assert len(await run(store, "payments_by_user", user_id="u1", limit=2)) == 2
    assert await run(store, "payments_by_user", user_id="x' OR '1'='1") == []


async def test_notification_delivery_stats_and_event_type_filter(store):
    data = known_data()
    for event in data.events:
        await store.record(event)
    assert await run(store, "notification_delivery_stats") == [
        {"channel": "email", "status": "failed", "count": 1},
        {"channel": "email", "status": "sent", "count": 2},
        {"channel": "sms", "status": "sent", "count": 1},
    ]
    assert await run(store, "notification_delivery_stats", since="2999-01-01") == []
    refunds = await run(store, "recent_events", type="refund_processed")
    assert sorted(r["aggregate_id"] for r in refunds) == sorted([data.payments[1].id, data.payments[3].id])
    assert {r["data"]["refund_amount_minor"] for r in refunds} == {300, 5000}


async def test_the_factorys_mongodb_reads_what_the_mongo_store_recorded(mongo_store, mongo_database):
    for event in known_data().events:
        await mongo_store.record(event)
    database = MongoDatabase("mongodb", MONGODB_URL, "analytics", database=mongo_database)
    try:
        assert await database.run("payment_totals_by_gateway", {"currency": None, "since": None}) == TOTALS
        assert len(await database.run("recent_events", {"limit": 5, "type": None})) == 5
    finally:
        await database.close()


async def test_manual_payments_show_their_hold_capture_and_cancel(store):
    """Authorized, captured (60.00 of 100.00) and canceled manual payments: payments_by_user ranks
    requires_capture and canceled among the seed's statuses, and totals count what was captured."""

    def held() -> Payment:
        payment = Payment.create(
            user_id="m1", amount=Money(10_000, "USD"), gateway="stripe", capture_method=CaptureMethod.MANUAL
        )
        payment.start_processing("stripe")
        payment.authorize(transaction_id=f"pi_{payment.id}")
        return payment

    waiting, captured, canceled = held(), held(), held()
    captured.begin_capture(Money(6_000, "USD"))
    captured.capture()
    canceled.begin_cancel()
    canceled.cancel()
    for payment in (waiting, captured, canceled):
        for event in payment.events:
            await store.record(event)
    rows = await run(store, "payments_by_user", user_id="m1")
    assert {r["payment_id"]: r["status"] for r in rows} == {
        waiting.id: "requires_capture",
        captured.id: "succeeded",
        canceled.id: "canceled",
    }
    totals = await run(store, "payment_totals_by_gateway")
    assert [(r["gateway"], r["payments"], r["captured_minor"]) for r in totals] == [("stripe", 1, 6000)]
