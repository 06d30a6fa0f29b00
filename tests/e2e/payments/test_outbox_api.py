"""The transactional outbox end to end: every payment's events are published once and marked sent."""

import asyncio
from collections import Counter

from sqlalchemy import text

from tests.e2e.payments.conftest import SEED


async def test_each_payment_publishes_one_created_and_one_processed_event(container, api, events, relay):
    """Thirty concurrent payments: exactly one payment_created and one payment_processed each,
    published in order per payment, every outbox row marked sent."""
    responses = await asyncio.gather(*(api.post("/api/v1/payments", json=SEED) for _ in range(30)))
    ids = {r.json()["id"] for r in responses}
    assert len(ids) == 30
    await relay()
    counts = Counter((e.aggregate_id, e.type) for e in events)
    for pid in ids:
        assert counts[(pid, "payment_created")] == 1 and counts[(pid, "payment_processed")] == 1
        assert [e.type for e in events if e.aggregate_id == pid] == ["payment_created", "payment_processed"]
    assert len({e.event_id for e in events}) == len(events) == 60
    async with container.persistence.engine().connect() as conn:
        unsent = (await conn.execute(text("SELECT count(*) FROM outbox WHERE sent_at IS NULL"))).scalar()
    assert unsent == 0


async def test_events_carry_the_envelope(api, events, relay):
    """Each event has an id, a type, the user and the payment's amount and status."""
    body = (await api.post("/api/v1/payments", json=SEED)).json()
    await relay()
    created, processed = [e for e in events if e.aggregate_id == body["id"]]
    assert created.user_id == "user123" and created.event_id != processed.event_id
    assert processed.data["amount"] == "100.50" and processed.data["transaction_id"]
