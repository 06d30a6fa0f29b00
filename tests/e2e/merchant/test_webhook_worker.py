"""The delivery worker on the real SQL store: retries survive a restart, an endpoint failing for
3 days is disabled with an event, and a delivery that ages out is given up."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

from application.merchant_webhooks.deliver import DeliverWebhooks
from application.merchant_webhooks.endpoints import WebhookEndpoints
from application.merchant_webhooks.fan_out import EnqueueWebhookDeliveries
from domain.events import EventType
from domain.ports import PostResult
from domain.retry import RetryPolicy
from domain.webhook_endpoints import WebhookEndpoint
from tests.e2e.merchant.receiver import receiver
from tests.e2e.merchant.test_webhook_endpoints_api import FAST, PAYMENT, _attempt_log, _endpoint
from tests.fakes.streaming import make_event

DAYS_3 = 3 * 86_400


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


class AlwaysFailing:
    def __init__(self) -> None:
        self.posts: list[str] = []

    async def post(self, url, body, headers) -> PostResult:
        self.posts.append(url)
        return PostResult(latency_ms=3, status_code=503)


async def test_a_retry_pending_at_shutdown_is_sent_by_the_next_process(make_client, tmp_path):
    """The first app stores the delivery and fails once; a new app on the same database
    (a restart) finds it in SQL and delivers it."""
    slow = {"merchant_webhooks": {**FAST["merchant_webhooks"], "retry_base_seconds": 0.5}}
    with receiver([500]) as failing:
        async with make_client(slow) as first:
            endpoint = await _endpoint(first, failing.url, ["payment_processed"])
            await first.post("/api/v1/payments", json=PAYMENT)
            await failing.wait_for(1)
            await _attempt_log(first, endpoint["id"], 1)
    with receiver([200]) as healthy:
        # while it was down the merchant fixed its receiver (a new URL, same endpoint)
        with sqlite3.connect(tmp_path / "edge.db") as db:
            db.execute("UPDATE webhook_endpoints SET url = ? WHERE id = ?", (healthy.url, endpoint["id"]))
        async with make_client(FAST) as second:
            delivery = (await _attempt_log(second, endpoint["id"], 2))[0]
            assert [a["status_code"] for a in delivery["attempts"]][-1] == 200
            assert json.loads((await healthy.wait_for(1))[0].body)["event_id"] == delivery["event_id"]


async def test_an_endpoint_failing_for_three_days_is_disabled_and_an_event_says_so(container):
    endpoints, deliveries = container.webhooks.webhook_endpoint_store(), container.webhooks.webhook_delivery_store()
    clock, sender = Clock(), AlwaysFailing()
    enqueue = EnqueueWebhookDeliveries(endpoints, deliveries, clock=clock)
    endpoint = WebhookEndpoint(url="https://merchant.example/hooks", events=["payment_processed"], created_at=clock())
    await endpoints.add(endpoint)
    worker = DeliverWebhooks(
        endpoints,
        deliveries,
        sender,
        RetryPolicy(max_attempts=10**6, base_delay=3600, max_delay=3600, jitter=False),
        give_up_after_seconds=DAYS_3,
        disable_after_seconds=DAYS_3,
        clock=clock,
    )
    await enqueue(make_event(type=EventType.PAYMENT_PROCESSED))
    await enqueue(make_event(type=EventType.PAYMENT_CREATED))  # not subscribed

    assert await worker() == 1
    assert (await endpoints.get(endpoint.id)).failing_since == clock.now
    clock.now += timedelta(minutes=30)
    assert await worker() == 0  # not due before its backoff
    clock.now += timedelta(seconds=DAYS_3)
    assert await worker() == 1

    disabled = await endpoints.get(endpoint.id)
    assert disabled.status == "disabled"
    delivery = (await deliveries.deliveries(endpoint.id, 10))[0]
    assert (delivery.status, delivery.attempt_count) == ("failed", 2)  # aged out: given up
    async with container.persistence.uow() as uow:
        events = await uow.outbox.unsent(100)
    notices = [e for e in events if e.type == EventType.WEBHOOK_ENDPOINT_DISABLED]
    assert [(e.aggregate_id, e.data["url"]) for e in notices] == [(endpoint.id, endpoint.url)]
    clock.now += timedelta(days=1)
    await enqueue(make_event(type=EventType.PAYMENT_PROCESSED))
    assert await worker() == 0  # a disabled endpoint gets nothing more
    assert len(sender.posts) == 2

    manage = WebhookEndpoints(endpoints, deliveries, clock=clock)
    assert (await manage.enable(endpoint.id)).status == "enabled"
    await enqueue(make_event(type=EventType.PAYMENT_PROCESSED))
    assert await worker() == 1  # re-enabled: new events flow again
    assert len(sender.posts) == 3
