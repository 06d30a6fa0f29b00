"""The outbox relay on Kafka: payments made through the API put each of their events on the
topic exactly once, in order per payment, keyed by the payment id."""

from __future__ import annotations

import asyncio
import shutil
from collections import Counter, defaultdict

import httpx
from asgi_lifespan import LifespanManager
from sqlalchemy import text

from containers import build_container
from domain.events import decode_event
from entrypoints.app import create_app
from entrypoints.settings import load_settings
from tests.e2e.payments.conftest import SEED
from tests.integration.kafka.conftest import read_topic

PAYMENTS = 12


async def _outbox(container) -> tuple[list[str], int]:
    """Every outbox event id in commit order, and how many are still unsent."""
    async with container.persistence.engine().connect() as conn:
        ids = (await conn.execute(text("SELECT event_id FROM outbox ORDER BY seq"))).scalars()
        ids = list(ids)
        unsent = (await conn.execute(text("SELECT count(*) FROM outbox WHERE sent_at IS NULL"))).scalar()
    return ids, unsent


async def test_every_outbox_event_is_on_the_topic_exactly_once_in_order_per_payment(
    tmp_path, migrated_template, kafka_bootstrap, streaming
):
    """Twelve concurrent payments: 24 events on the topic, each event_id once, created before
    processed for every payment, the message key the payment id, all outbox rows marked sent."""
    shutil.copyfile(migrated_template, tmp_path / "outbox.db")
    settings = load_settings(
        "test", env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/outbox.db"}, overrides=streaming
    )
    container = build_container(settings=settings)
    app = create_app(container)
    async with (
        LifespanManager(app, startup_timeout=30, shutdown_timeout=30),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as api,
    ):
        responses = await asyncio.gather(*(api.post("/api/v1/payments", json=SEED) for _ in range(PAYMENTS)))
        assert [r.status_code for r in responses] == [201] * PAYMENTS
        async with asyncio.timeout(20):
            # The background relay sends them; polled, as nothing signals it.
            while (outbox := await _outbox(container))[1]:  # noqa: ASYNC110
                await asyncio.sleep(0.1)
    committed = outbox[0]
    assert len(committed) == 2 * PAYMENTS
    records = await read_topic(kafka_bootstrap, streaming["kafka"]["topic"], len(committed))
    events = [(record.key.decode(), decode_event(record.value)) for record in records]
    assert Counter(e.event_id for _, e in events) == Counter(committed)  # each exactly once
    per_payment = defaultdict(list)
    for key, event in events:  # read partition by partition, so in order per key
        assert key == event.aggregate_id
        per_payment[key].append(str(event.type))
    assert set(per_payment) == {r.json()["id"] for r in responses}
    assert all(types == ["payment_created", "payment_processed"] for types in per_payment.values())
