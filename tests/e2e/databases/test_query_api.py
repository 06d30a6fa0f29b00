"""POST /api/v1/databases/query and /query-all on the test profile's SQLite, over HTTP."""

from __future__ import annotations

import pytest

from domain.events import Event, EventType

pytestmark = pytest.mark.e2e
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


async def query(client, body: dict):
    return await client.post("/api/v1/databases/query", json=body)


async def test_a_named_query_on_sqlite_returns_rows_and_timing(client):
    response = await query(client, {"database": "sqlite", "query": "payment_totals_by_gateway", "params": {}})
    assert response.status_code == 200
    body = response.json()
    assert (body["database"], body["query"], body["rows"], body["row_count"]) == (
        "sqlite",
        "payment_totals_by_gateway",
        TOTALS,
        2,
    )
    assert isinstance(body["elapsed_ms"], float)


async def test_payments_by_user_over_http_serializes_timestamps(client, data):
    response = await query(
        client, {"database": "sqlite", "query": "payments_by_user", "params": {"user_id": "u1", "limit": 1}}
    )
    rows = response.json()["rows"]
    assert [(r["payment_id"], r["status"]) for r in rows] == [(data.payments[3].id, "partially_refunded")]
    assert rows[0]["created_at"].startswith("2025-03-02T12:00:00")


async def test_an_unknown_query_is_422_naming_field_query_and_listing_known(client):
    response = await query(client, {"database": "sqlite", "query": "select * from payments"})
    assert response.status_code == 422
    problem = response.json()
    assert (problem["field"], problem["code"]) == ("query", "unknown_query")
    assert "payment_totals_by_gateway" in problem["known"]


async def test_bad_params_are_422_naming_the_param(client):
    response = await query(
        client, {"database": "sqlite", "query": "payments_by_user", "params": {"user_id": "u1", "limit": 1000}}
    )
    assert response.status_code == 422
    assert response.json()["field"] == "params.limit"
    response = await query(client, {"database": "sqlite", "query": "payments_by_user", "params": {}})
    assert (response.status_code, response.json()["field"]) == (422, "params.user_id")


async def test_unknown_or_unconfigured_database_is_422_listing_names(client):
    response = await query(client, {"database": "oracle", "query": "recent_events"})
    assert (response.status_code, response.json()["field"]) == (422, "database")
    assert response.json()["known"] == ["mysql", "postgresql", "mongodb", "sqlite"]
    response = await query(client, {"database": "mysql", "query": "recent_events"})
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["enabled"]) == ("database_not_enabled", ["sqlite"])


async def test_an_injection_attempt_over_http_returns_no_rows_and_changes_nothing(client):
    for user_id in ("x' OR '1'='1", "u1'; DROP TABLE payments; --"):
        response = await query(
            client, {"database": "sqlite", "query": "payments_by_user", "params": {"user_id": user_id}}
        )
        assert (response.status_code, response.json()["rows"]) == (200, [])
    again = await query(client, {"database": "sqlite", "query": "payment_totals_by_gateway"})
    assert again.json()["rows"] == TOTALS


async def test_query_all_runs_on_every_enabled_database(client):
    response = await client.post("/api/v1/databases/query-all", json={"query": "payment_totals_by_gateway"})
    assert response.status_code == 200
    body = response.json()
    assert [(r["database"], r["ok"], r["rows"], r["row_count"], r["error"]) for r in body["results"]] == [
        ("sqlite", True, TOTALS, 2, None)
    ]
    assert (body["succeeded"], body["failed"]) == (1, 0)
    empty = await client.post(
        "/api/v1/databases/query-all", json={"query": "payments_by_user", "params": {"user_id": "nobody"}}
    )
    assert [(r["rows"], r["row_count"]) for r in empty.json()["results"]] == [([], 0)]
    bad = await client.post("/api/v1/databases/query-all", json={"query": "recent_events", "params": {"limit": -1}})
    assert (bad.status_code, bad.json()["field"]) == (422, "params.limit")


async def test_the_catalog_is_listed(client):
    body = (await client.get("/api/v1/databases/queries")).json()
    assert [q["name"] for q in body["items"]] == [
        "payments_by_user",
        "payment_totals_by_gateway",
        "recent_events",
        "notification_delivery_stats",
    ]


async def test_events_on_the_apps_bus_reach_analytics_once(client, container, data):
    payment_events = [e for p in data.payments for e in p.events]
    bus = container.infrastructure.event_bus()
    await bus.publish(payment_events)
    await bus.publish(payment_events[:3])  # a relay re-delivering after a crash
    rows = await container.events.analytics_store().run("payment_totals_by_gateway", {"currency": None, "since": None})
    assert rows == TOTALS
    notification = Event(
        type=EventType.NOTIFICATION_SENT,
        aggregate_id="ntf_1",
        user_id=None,
        data={"channel": "slack", "status": "sent"},
    )
    await bus.publish([notification, notification])
    stats = await container.events.analytics_store().run("notification_delivery_stats", {"since": None})
    # The fixture's own outbox rows reach analytics through the app's relay too; slack is ours.
    assert [row for row in stats if row["channel"] == "slack"] == [{"channel": "slack", "status": "sent", "count": 1}]
