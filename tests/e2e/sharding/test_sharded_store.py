"""Acceptance (issue 19): two MariaDB databases, and again two PostgreSQL databases, as shards of
the transactional store. 200 payments of 50 users through the API: each user's rows sit on one
shard, every lookup by id finds its row, the races still hold on each shard, and query-all's
combined totals equal analytics'."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal

import httpx
import pytest
from asgi_lifespan import LifespanManager
from dependency_injector import providers
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from containers import build_container, migrate_database
from domain.sharding import BucketMap, bucket_of_id, bucket_of_user
from entrypoints.app import create_app
from entrypoints.settings import load_settings
from tests.contract import stripe_api
from tests.contract.server import ContractServer, Reply
from tests.e2e.databases.stores import mongo_database, server_database
from tests.e2e.sharding.relays import other_relays
from tests.fakes.payments import FakeGateway, until

pytestmark = pytest.mark.e2e
WEBHOOK_SECRET = "whsec_shards"
OPERATOR = {"X-Operator-Token": "test-operator-token"}  # configs/test.yaml
USERS = [f"shard-user-{n}" for n in range(50)]
GATEWAYS = ("paypal", "razorpay", "paypal", "bank_transfer")  # sandbox, except paypal (a fake)


@pytest.fixture(scope="module")
def stripe() -> AsyncIterator[ContractServer]:
    server = ContractServer().start()
    yield server
    server.stop()


def _waiting_intent(request) -> Reply:
    """Stripe holds each card payment for 3-D Secure, each under its own intent id."""
    form = request.form()
    intent = stripe_api.intent(
        "requires_action",
        id=f"pi_{uuid.uuid4().hex[:16]}",
        amount=int(form["amount"]),
        currency=form["currency"],
        next_action={"type": "redirect_to_url", "redirect_to_url": {"url": "https://hooks.example/3ds"}},
    )
    return Reply(200, intent)


@pytest.fixture(params=["mysql", "postgresql"])
async def sharded(request, stripe):
    kind = request.param
    stripe.reset()
    stripe.route("POST", stripe_api.INTENTS, _waiting_intent, check=stripe_api.check_create_intent)
    async with (
        server_database(kind) as url_a,
        server_database(kind) as url_b,
        mongo_database() as (mongo_url, mongo_db),
    ):
        overrides = {
            "database": {
                "kind": kind,
                "url": url_a,
                "shards": [{"name": "a", "url": url_a}, {"name": "b", "url": url_b}],
            },
            "databases": {
                kind: {"enabled": True, "url": url_a},
                "sqlite": {"enabled": False},
                "mongodb": {"enabled": True, "url": mongo_url},
            },
            "mongodb": {"url": mongo_url, "database": mongo_db},
            "adapters": {"analytics": "mongodb", "event_bus": "memory", "cache": "memory", "rate_limiter": "memory"},
            "kafka": {"analytics_group": f"analytics-{uuid.uuid4().hex[:8]}"},
            "payment_gateways": {"stripe": {"mode": "live"}},
        }
        env = {
            "DATABASE_URL": url_a,
            "STRIPE_BASE_URL": stripe.url,
            "STRIPE_SECRET_KEY": stripe_api.SECRET_KEY,
            "STRIPE_WEBHOOK_SECRETS": WEBHOOK_SECRET,
            "STRIPE_RETURN_URL": "https://shop.example/return",
        }
        settings = load_settings("test", env=env, overrides=overrides)
        await asyncio.to_thread(migrate_database, settings)  # every shard
        container = build_container(settings=settings)
        paypal = FakeGateway("paypal")
        container.gateways.paypal.override(providers.Object(paypal))
        app = create_app(container)
        async with (
            LifespanManager(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as api,
        ):
            yield api, container, paypal, {"a": url_a, "b": url_b}, kind
        assert not stripe.violations, stripe.violations


async def _rows(url: str, statement: str) -> list[tuple]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            return [tuple(row) for row in (await conn.execute(text(statement))).all()]
    finally:
        await engine.dispose()


def _amount(i: int) -> str:
    cents = 2000 + 113 * i
    while f"{cents % 100:02d}" in ("02", "95", "03", "08", "05"):  # the sandbox's triggers
        cents += 10
    return str(Decimal(cents) / 100)


def _stripe_webhook(payment: dict, event_id: str) -> tuple[bytes, dict[str, str]]:
    intent = stripe_api.intent("succeeded", id=payment["transaction_id"], amount=int(Decimal(payment["amount"]) * 100))
    intent["metadata"] = {"payment_id": payment["id"]}
    event = {"id": event_id, "object": "event", "type": "payment_intent.succeeded", "data": {"object": intent}}
    body = json.dumps(event).encode()
    t = str(int(time.time()))
    v1 = hmac.new(WEBHOOK_SECRET.encode(), t.encode() + b"." + body, hashlib.sha256).hexdigest()
    return body, {"Stripe-Signature": f"t={t},v1={v1}", "Content-Type": "application/json"}


async def test_two_shards_hold_each_user_on_one_shard_and_route_every_lookup(sharded):
    api, container, _paypal, urls, kind = sharded
    buckets = BucketMap.build(["a", "b"])
    created: list[dict] = []
    for i in range(200):
        user = USERS[i % 50]
        body = {"user_id": user, "amount": _amount(i), "currency": "USD", "payment_method": GATEWAYS[i % 4]}
        key = {"Idempotency-Key": f"order-{i}"}
        response = await api.post("/api/v1/payments", json=body, headers=key)
        assert response.status_code == 201, response.text
        payment = response.json()
        assert bucket_of_id(payment["id"]) == bucket_of_user(user)  # the id carries the user's bucket
        replay = await api.post("/api/v1/payments", json=body, headers=key)  # found on the user's shard
        assert replay.status_code == 201 and replay.json()["id"] == payment["id"]
        assert replay.headers["idempotent-replayed"] == "true"
        created.append(payment)

    # Refunds (a partial one on every third succeeded payment) take their payment's bucket.
    refunded = [p for p in created if p["status"] == "succeeded"][::3]
    for payment in refunded:
        refund = await api.post(
            f"/api/v1/payments/{payment['id']}/refund",
            json={"amount": "1.00"},
            headers={"Idempotency-Key": f"r-{payment['id']}"},
        )
        assert refund.status_code == 201, refund.text
        assert bucket_of_id(refund.json()["refund"]["id"]) == bucket_of_id(payment["id"])

    # A bank transfer confirmed by the operator, on each shard.
    transfers = {buckets.shard_of_id(p["id"]): p for p in created if p["gateway"] == "bank_transfer"}
    assert set(transfers) == {"a", "b"}
    for payment in transfers.values():
        reference = payment["gateway_data"]["transfer_instructions"]["reference"]
        confirmed = await api.post(
            f"/api/v1/payments/{payment['id']}/confirm", headers=OPERATOR, json={"reference": reference}
        )
        assert confirmed.status_code == 200 and confirmed.json()["status"] == "succeeded", confirmed.text

    # A card payment on each shard, settled by Stripe's signed webhook naming our id in its metadata.
    card_users = {buckets.shard_of_user(u): u for u in USERS}
    for shard, user in sorted(card_users.items()):
        body = {
            "user_id": user,
            "amount": "42.00",
            "currency": "USD",
            "gateway": "stripe",
            "payment_method": "pm_card_threeDSecure2Required",
        }
        waiting = (await api.post("/api/v1/payments", json=body)).json()
        assert waiting["status"] == "requires_action", waiting
        webhook, headers = _stripe_webhook(waiting, f"evt_{shard}_{uuid.uuid4().hex[:8]}")
        settled = await api.post("/api/v1/webhooks/stripe", content=webhook, headers=headers)
        assert settled.status_code == 200 and settled.json()["status"] == "succeeded", settled.text
        created.append((await api.get(f"/api/v1/payments/{waiting['id']}")).json())

    # Every user's rows sit on exactly one shard, the one its bucket names; both shards are used.
    on_shard = {name: await _rows(url, "SELECT id, user_id FROM payments") for name, url in urls.items()}
    assert all(on_shard.values())
    for name, rows in on_shard.items():
        assert {buckets.shard_of_user(user) for _, user in rows} == {name}
    users_by_shard = {name: {user for _, user in rows} for name, rows in on_shard.items()}
    assert not users_by_shard["a"] & users_by_shard["b"]
    assert sum(len(rows) for rows in on_shard.values()) == len(created)
    for name, url in urls.items():
        refunds = await _rows(url, "SELECT payment_id FROM refunds")
        keys = await _rows(url, "SELECT resource_id FROM idempotency_keys WHERE resource_id IS NOT NULL")
        assert {buckets.shard_of_id(pid) for (pid,) in refunds + keys} <= {name}
    assert len(await _rows(urls["a"], "SELECT 1 FROM idempotency_keys")) + len(
        await _rows(urls["b"], "SELECT 1 FROM idempotency_keys")
    ) == 200 + len(refunded)

    # GET by id and list by user find the right rows; the merged listing pages through all of them.
    for payment in created[::7]:
        got = await api.get(f"/api/v1/payments/{payment['id']}")
        assert got.status_code == 200 and got.json()["user_id"] == payment["user_id"]
    for user in USERS[:10]:
        listed = (await api.get("/api/v1/payments", params={"user_id": user, "limit": 100})).json()["items"]
        assert sorted(p["id"] for p in listed) == sorted(p["id"] for p in created if p["user_id"] == user)
    seen, cursor, captured = [], None, 0
    while True:
        params = {"limit": 17, **({"cursor": cursor} if cursor else {})}
        page = (await api.get("/api/v1/payments", params=params)).json()
        seen += [p["id"] for p in page["items"]]
        captured += sum(p["status"] in ("succeeded", "partially_refunded", "refunded") for p in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted({p["id"] for p in created}, reverse=True)

    # query-all: each shard on its own, and their combined totals equal analytics'.
    while any(
        [await relay.relay_once() for relay in [container.events.outbox_relay(), *await other_relays(container)]]
    ):
        pass
    response = await api.post("/api/v1/databases/query-all", json={"query": "payment_totals_by_gateway"})
    assert response.status_code == 200, response.text
    answer = response.json()
    shards = {r["shard"]: r for r in answer["results"] if r["database"] == kind}
    assert set(shards) == {"a", "b"} and all(r["ok"] and r["rows"] for r in shards.values())
    mongo = next(r for r in answer["results"] if r["database"] == "mongodb")
    key = lambda row: (row["gateway"], row["currency"])  # noqa: E731
    assert sorted(answer["combined"], key=key) == sorted(mongo["rows"], key=key)
    assert sum(row["payments"] for row in answer["combined"]) == captured
    one = await api.post(
        "/api/v1/databases/query", json={"database": kind, "query": "payment_totals_by_gateway", "shard": "b"}
    )
    assert one.status_code == 200 and one.json()["rows"] == shards["b"]["rows"]

    # /health and /api/v1/databases list each shard.
    health = (await api.get("/health")).json()
    assert {f"database:{kind}:a", f"database:{kind}:b"} <= {d["name"] for d in health["dependencies"]}
    entries = (await api.get("/api/v1/databases")).json()["items"]
    assert {(d["shard"], d["reachable"]) for d in entries if d.get("shard")} == {("a", True), ("b", True)}


async def test_refund_race_and_idempotency_race_hold_on_each_shard(sharded):
    """On each shard: twenty concurrent 10% refunds succeed exactly ten times, and twenty
    concurrent creates with one Idempotency-Key make one payment."""
    api, _container, paypal, urls, _kind = sharded
    buckets = BucketMap.build(["a", "b"])
    for shard in ("a", "b"):
        user = next(u for u in USERS if buckets.shard_of_user(u) == shard)
        body = {"user_id": user, "amount": "100.00", "currency": "USD", "payment_method": "paypal"}
        paid = (await api.post("/api/v1/payments", json=body)).json()
        assert paid["status"] == "succeeded" and buckets.shard_of_id(paid["id"]) == shard
        paypal.gate = asyncio.Event()
        paypal.waiting = 0
        path = f"/api/v1/payments/{paid['id']}/refund"
        tasks = [asyncio.create_task(api.post(path, json={"amount": "10.00"})) for _ in range(20)]
        await until(lambda tasks=tasks: paypal.waiting + sum(t.done() for t in tasks) == 20)
        paypal.gate.set()
        responses = await asyncio.gather(*tasks)
        assert sorted(r.status_code for r in responses) == [201] * 10 + [409] * 10
        after = (await api.get(f"/api/v1/payments/{paid['id']}")).json()
        assert (after["status"], after["refunded"]) == ("refunded", "100.00")

        paypal.gate = asyncio.Event()
        paypal.waiting = 0
        charges = len(paypal.charges)
        headers = {"Idempotency-Key": f"race-{shard}"}
        tasks = [asyncio.create_task(api.post("/api/v1/payments", json=body, headers=headers)) for _ in range(20)]
        await until(lambda tasks=tasks: paypal.waiting == 1 and sum(t.done() for t in tasks) == 19)
        paypal.gate.set()
        responses = await asyncio.gather(*tasks)
        assert sorted(r.status_code for r in responses) == [201] + [409] * 19
        assert len(paypal.charges) == charges + 1
        paypal.gate = None
        keys = [row for row in await _rows(urls[shard], "SELECT * FROM idempotency_keys") if f"race-{shard}" in row]
        assert len(keys) == 1  # the key record sits on the user's shard, beside its payment
        first = next(r for r in responses if r.status_code == 201).json()["id"]
        assert first in keys[0] and buckets.shard_of_id(first) == shard
