"""Merchant webhook endpoints and deliveries on SQLite, MariaDB and PostgreSQL: the migration's
tables, at-most-one delivery per endpoint and event, exclusive claims, the attempt log, and a
delete that takes the deliveries with it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from adapters.sql.engine import write_lock_for
from adapters.sql.webhook_deliveries import SqlaWebhookDeliveryStore
from adapters.sql.webhook_endpoints import SqlaWebhookEndpointStore
from domain.events import Event, EventType
from domain.webhook_endpoints import PENDING, SUCCEEDED, DeliveryAttempt, WebhookEndpoint

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _event(n: int) -> Event:
    return Event(type=EventType.PAYMENT_PROCESSED, aggregate_id=f"pay_{n}", user_id="u", data={"n": n})


async def test_deliveries_are_stored_once_claimed_once_and_logged(engine):
    lock = write_lock_for(engine)
    endpoints, deliveries = SqlaWebhookEndpointStore(engine, lock), SqlaWebhookDeliveryStore(engine, lock)
    endpoint = WebhookEndpoint(url="https://m.example/h", events=["payment_processed"], created_at=NOW)
    await endpoints.add(endpoint)
    assert [e.id for e in await endpoints.enabled()] == [endpoint.id]

    events = [_event(n) for n in range(6)]
    for event in events:
        assert await deliveries.enqueue(event, [endpoint.id], NOW) == 1
    assert await deliveries.enqueue(events[0], [endpoint.id], NOW) == 0  # the bus re-delivered it

    # two workers (instances) claim at once: each due delivery goes to exactly one of them
    lease = NOW + timedelta(minutes=1)
    first, second = await asyncio.gather(
        deliveries.claim_due(NOW, 10, lease), SqlaWebhookDeliveryStore(engine, lock).claim_due(NOW, 10, lease)
    )
    claimed = [d.delivery.event_id for d in first + second]
    assert sorted(claimed) == sorted(e.event_id for e in events)
    assert await deliveries.claim_due(NOW, 10, lease) == []  # leased until `lease`

    due = first[0] if first else second[0]
    assert (due.url, due.secret) == (endpoint.url, endpoint.secret)
    await deliveries.record_attempt(
        due.delivery, DeliveryAttempt(attempted_at=NOW, latency_ms=12, status_code=500), PENDING, NOW
    )
    await deliveries.record_attempt(
        due.delivery, DeliveryAttempt(attempted_at=NOW, latency_ms=30, error="timeout: ReadTimeout"), PENDING, NOW
    )
    await deliveries.record_attempt(
        due.delivery, DeliveryAttempt(attempted_at=NOW, latency_ms=8, status_code=200), SUCCEEDED, NOW
    )
    logged = await deliveries.get(due.delivery.id)
    assert (logged.status, logged.attempt_count) == (SUCCEEDED, 3)
    assert [(a.status_code, a.latency_ms, a.error) for a in logged.attempts] == [
        (500, 12, None),
        (None, 30, "timeout: ReadTimeout"),
        (200, 8, None),
    ]
    listed = await deliveries.deliveries(endpoint.id, 4)
    assert len(listed) == 4 and listed[0].id > listed[-1].id  # newest first, limited
    assert logged.payload == next(d.delivery.payload for d in first + second if d.delivery.id == logged.id)

    await deliveries.reschedule(logged.id, NOW)
    assert [d.delivery.id for d in await deliveries.claim_due(NOW, 10, lease)] == [logged.id]

    assert await endpoints.delete(endpoint.id) is True
    assert await deliveries.get(logged.id) is None
    assert await endpoints.enabled() == []
