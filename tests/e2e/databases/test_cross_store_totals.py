"""Acceptance: after N payments through the API, query-all's payment_totals_by_gateway gives the
same totals from the transactional store (MariaDB or PostgreSQL) and from analytics (MongoDB)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal

import httpx
import pytest
from asgi_lifespan import LifespanManager

from containers import build_container, migrate_database
from entrypoints.app import create_app
from entrypoints.settings import load_settings
from tests.e2e.databases.stores import mongo_database, server_database

pytestmark = pytest.mark.e2e
GATEWAYS = ("stripe", "paypal", "razorpay", "bank_transfer")  # bank transfers stay pending
CURRENCIES = ("USD", "EUR", "INR")
SANDBOX_OUTCOMES = ("02", "95", "03", "08")  # amount endings the sandbox does not let succeed


@pytest.fixture
def data() -> None:
    """This module brings its own databases: no SQLite data set (the folder's autouse fixture)."""


@pytest.fixture(params=["mysql", "postgresql"])
async def api(request) -> AsyncIterator[httpx.AsyncClient]:
    """The app on a production-like profile: the transactional engine under test, MongoDB
    analytics, in-process bus/cache/limiter, SQL idempotency."""
    kind = request.param
    async with server_database(kind) as url, mongo_database() as (mongo_url, mongo_db):
        overrides = {
            "database": {"kind": kind, "url": url},
            "databases": {
                kind: {"enabled": True, "url": url},
                "sqlite": {"enabled": False},
                "mongodb": {"enabled": True, "url": mongo_url},
            },
            "mongodb": {"url": mongo_url, "database": mongo_db},
            "adapters": {
                "analytics": "mongodb",
                "event_bus": "memory",
                "cache": "memory",
                "rate_limiter": "memory",
            },
            "kafka": {"analytics_group": f"analytics-{uuid.uuid4().hex[:8]}"},
        }
        settings = load_settings("test", env={"DATABASE_URL": url}, overrides=overrides)
        await asyncio.to_thread(migrate_database, settings)  # Alembic runs its own loop
        container = build_container(settings=settings)
        app = create_app(container)
        async with (
            LifespanManager(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client,
        ):
            client.kind = kind
            client.relay = container.events.outbox_relay().relay_once
            yield client


def _amount(i: int) -> Decimal:
    """Varied amounts; every seventh ends in .02 (declined), others avoid the sandbox triggers."""
    cents = 1000 + 137 * i
    if i % 7 == 3:
        return Decimal(cents // 100 * 100 + 2) / 100
    while f"{cents % 100:02d}" in SANDBOX_OUTCOMES:
        cents += 10
    return Decimal(cents) / 100


def _add(totals: dict, key: tuple[str, str], **minor: int) -> None:
    row = totals.setdefault(key, {"payments": 0, "captured_minor": 0, "refunded_minor": 0})
    for name, value in minor.items():
        row[name] += value


async def test_query_all_totals_agree_between_transactional_store_and_analytics(api):
    """30 payments (captures, declines, pending transfers) and partial and refused refunds:
    the transactional store's rows, MongoDB's rows and the totals counted here are equal."""
    totals: dict[tuple[str, str], dict[str, int]] = {}
    for i in range(30):
        gateway, currency, amount = GATEWAYS[i % 4], CURRENCIES[i % 3], _amount(i)
        body = {"user_id": f"user{i % 5}", "amount": str(amount), "currency": currency, "payment_method": gateway}
        response = await api.post("/api/v1/payments", json=body)
        assert response.status_code == 201, response.text
        payment = response.json()
        expected = "failed" if str(amount).endswith(".02") else "pending" if gateway == "bank_transfer" else "succeeded"
        assert payment["status"] == expected, (body, payment)
        if expected != "succeeded":
            continue
        minor = int(amount * 100)
        _add(totals, (gateway, currency), payments=1, captured_minor=minor)
        if i % 3 == 0:  # a partial refund, then one the sandbox refuses (amount ends in .05)
            for refund_amount, status in (("1.00", "succeeded"), ("0.05", "failed")):
                refund = await api.post(f"/api/v1/payments/{payment['id']}/refund", json={"amount": refund_amount})
                assert refund.status_code == 201, refund.text
                assert refund.json()["refund"]["status"] == status
            _add(totals, (gateway, currency), refunded_minor=100)
    # Manual payments: one captures 60.00 of 100.00 (counted as 60.00), one is canceled (not counted).
    for action, body in (("capture", {"amount": "60.00"}), ("cancel", {})):
        manual = {"user_id": "user9", "amount": "100.00", "currency": "USD", "capture_method": "manual"}
        held = (await api.post("/api/v1/payments", json={**manual, "payment_method": "stripe"})).json()
        done = await api.post(f"/api/v1/payments/{held['id']}/{action}", json=body)
        assert done.status_code == 200, done.text
    _add(totals, ("stripe", "USD"), payments=1, captured_minor=6000)
    while await api.relay():  # the background relay may have sent some; drain the rest
        pass
    expected_rows = [
        {"gateway": g, "currency": c, **row, "net_minor": row["captured_minor"] - row["refunded_minor"]}
        for (g, c), row in sorted(totals.items())
    ]

    response = await api.post("/api/v1/databases/query-all", json={"query": "payment_totals_by_gateway"})
    assert response.status_code == 200, response.text
    results = {r["database"]: r for r in response.json()["results"]}
    assert set(results) == {api.kind, "mongodb"}
    assert results[api.kind]["ok"] and results["mongodb"]["ok"], results
    assert results[api.kind]["rows"] == expected_rows
    assert results["mongodb"]["rows"] == expected_rows
    assert len(expected_rows) >= 6
