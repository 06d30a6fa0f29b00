"""Every catalog query on SQLite, MariaDB and PostgreSQL, from the transactional tables."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from adapters.sql.query_database import SqlaDatabase
from adapters.sql.tables import metadata, payments
from application.queries.catalog import QueryCatalog
from domain.events import EventType
from tests.integration.databases.builders import insert_rows, known_data

pytestmark = pytest.mark.integration
catalog = QueryCatalog()


async def run(database: SqlaDatabase, name: str, **params):
    query = catalog.validate(name, params)
    return await database.run(query.name, query.params)


@pytest.fixture
async def seeded(engine):
    data = known_data()
    await insert_rows(engine, data)
    return SqlaDatabase("test", str(engine.url), "transactional", engine=engine), data


async def test_payments_by_user_lists_the_users_payments_newest_first(seeded):
    database, data = seeded
    p_old, _, p_failed, p_new = data.payments
    rows = await run(database, "payments_by_user", user_id="u1", limit=2)
    assert [
        (r["payment_id"], r["status"], r["gateway"], r["amount_minor"], r["currency"], r["refunded_minor"])
        for r in rows
    ] == [
        (p_new.id, "partially_refunded", "stripe", 1000, "USD", 300),
        (p_failed.id, "failed", "paypal", 500, "EUR", 0),
    ]
    assert rows[0]["created_at"] == p_new.created_at
    assert [r["payment_id"] for r in await run(database, "payments_by_user", user_id="u1")] == [
        p_new.id,
        p_failed.id,
        p_old.id,
    ]


async def test_payment_totals_by_gateway_counts_captured_and_refunded_amounts(seeded):
    database, _ = seeded
    assert await run(database, "payment_totals_by_gateway") == [
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


async def test_payment_totals_filter_by_currency_and_creation_day(seeded):
    database, _ = seeded
    usd = await run(database, "payment_totals_by_gateway", currency="USD")
    assert [(r["gateway"], r["payments"], r["captured_minor"]) for r in usd] == [("stripe", 2, 3000)]
    recent = await run(database, "payment_totals_by_gateway", since="2025-01-01")
    assert [(r["gateway"], r["payments"], r["captured_minor"], r["refunded_minor"]) for r in recent] == [
        ("razorpay", 1, 5000, 5000),
        ("stripe", 1, 1000, 300),
    ]
    assert await run(database, "payment_totals_by_gateway", since=date(2030, 1, 1)) == []


async def test_recent_events_come_from_the_outbox_newest_first(seeded):
    database, data = seeded
    events = data.events
    rows = await run(database, "recent_events", limit=3)
    assert [r["event_id"] for r in rows] == [e.event_id for e in reversed(events[-3:])]
    assert rows[0]["data"] == events[-1].data
    refunds = await run(database, "recent_events", type="refund_processed")
    assert [r["aggregate_id"] for r in refunds] == [data.payments[3].id, data.payments[1].id]
    assert {r["type"] for r in refunds} == {EventType.REFUND_PROCESSED.value}


async def test_notification_delivery_stats_count_per_channel_and_status(seeded):
    database, _ = seeded
    assert await run(database, "notification_delivery_stats") == [
        {"channel": "email", "status": "failed", "count": 1},
        {"channel": "email", "status": "sent", "count": 2},
        {"channel": "sms", "status": "sent", "count": 1},
    ]
    since = await run(database, "notification_delivery_stats", since="2025-01-01")
    assert [(r["channel"], r["status"], r["count"]) for r in since] == [
        ("email", "failed", 1),
        ("email", "sent", 1),
        ("sms", "sent", 1),
    ]


async def _counts(engine) -> dict[str, int]:
    async with engine.connect() as conn:
        return {
            t.name: (await conn.execute(select(func.count()).select_from(t))).scalar_one()
            for t in metadata.sorted_tables
        }


@pytest.mark.parametrize(
    "user_id", ["x' OR '1'='1", "u1' OR '1'='1", "u1'; DELETE FROM payments; --", 'u1" OR "1"="1', "%", "u_"]
)
async def test_an_injection_attempt_is_data_returns_nothing_and_changes_nothing(seeded, engine, user_id):
    database, _ = seeded
    before = await _counts(engine)
    assert await run(database, "payments_by_user", user_id=user_id) == []
    assert await _counts(engine) == before
    async with engine.connect() as conn:
        assert (await conn.execute(select(func.count()).select_from(payments))).scalar_one() == 4
