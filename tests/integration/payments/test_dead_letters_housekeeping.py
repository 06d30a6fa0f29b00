"""Dead letters and housekeeping on each SQL database: the migrated table, purges in batches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select, update

from adapters.sql.dead_letters import SqlaDeadLetterStore
from adapters.sql.engine import write_lock_for
from adapters.sql.maintenance import SqlaMaintenanceStore
from adapters.sql.tables import idempotency_keys, outbox, processed_webhooks, relay_leases
from application.events.outbox_status import DescribeOutbox
from application.system.housekeeping import PurgeOldRecords
from domain.events import decode_event, encode_event
from domain.ports import DeadLetter
from tests.fakes.metrics import RecordingMetrics
from tests.fakes.streaming import make_event

pytestmark = pytest.mark.integration
NOW = datetime.now(UTC)


def _letter(event, group: str = "receipts", attempts: int = 7) -> DeadLetter:
    return DeadLetter(
        consumer_group=group,
        event_id=event.event_id,
        event_type=str(event.type),
        envelope=encode_event(event),
        error="ConnectionError: redis down",
        attempts=attempts,
        first_failed_at=NOW - timedelta(seconds=60),
        dead_lettered_at=NOW,
    )


async def test_dead_letters_are_stored_listed_replayed_and_one_per_group_and_event(engine):
    """The record keeps envelope, group, error, attempts and times; the same event of the same
    group again updates it; another group's is its own; replayed ones leave the waiting list."""
    store = SqlaDeadLetterStore(engine, write_lock_for(engine))
    event = make_event(amount=12)
    stored = await store.add(_letter(event))
    assert stored.id is not None and stored.status == "waiting"
    assert decode_event(stored.envelope) == event
    assert stored.first_failed_at == NOW - timedelta(seconds=60)
    again = await store.add(_letter(event, attempts=3))
    assert (again.id, again.attempts) == (stored.id, 10)
    other = await store.add(_letter(event, group="analytics"))
    assert [x.id for x in await store.list()] == [stored.id, other.id]
    assert await store.count_waiting() == 2
    await store.record_failure(stored.id, "still down")
    assert ((await store.get(stored.id)).attempts, (await store.get(stored.id)).error) == (11, "still down")
    await store.mark_replayed(stored.id)
    replayed = await store.get(stored.id)
    assert replayed.status == "replayed" and replayed.replayed_at is not None
    assert [x.id for x in await store.list()] == [other.id]
    assert len(await store.list(waiting_only=False)) == 2 and await store.count_waiting() == 1


async def _count(engine, table) -> int:
    async with engine.connect() as conn:
        return (await conn.execute(select(func.count()).select_from(table))).scalar_one()


async def test_housekeeping_purges_only_old_sent_outbox_rows_old_webhooks_and_expired_keys_in_batches(engine):
    """Old sent rows, old processed webhooks and expired keys go, in batches of 3; unsent,
    recently sent, recent webhooks and live keys stay; the outbox status reads what is left."""
    old, recent = NOW - timedelta(days=10), NOW - timedelta(minutes=1)
    rows = [{"sent_at": old}] * 7 + [{"sent_at": recent}, {"sent_at": None}, {"sent_at": None}]
    async with engine.begin() as conn:
        for i, row in enumerate(rows):
            event = make_event(seq=i)
            await conn.execute(
                insert(outbox).values(
                    event_id=event.event_id,
                    type=str(event.type),
                    aggregate_id=event.aggregate_id,
                    user_id=event.user_id,
                    payload=encode_event(event),
                    occurred_at=old if i == 8 else recent,
                    sent_at=row["sent_at"],
                )
            )
        for i, received in enumerate([old] * 5 + [recent]):
            await conn.execute(
                insert(processed_webhooks).values(provider="stripe", provider_event_id=f"evt_{i}", received_at=received)
            )
        for i, expires in enumerate([old] * 4 + [NOW + timedelta(hours=1)]):
            await conn.execute(
                insert(idempotency_keys).values(
                    scope="payments",
                    key=f"k{i}",
                    fingerprint="f",
                    recovery_point="finished",
                    created_at=old,
                    expires_at=expires,
                )
            )
        await conn.execute(
            update(relay_leases)
            .where(relay_leases.c.name == "outbox")
            .values(holder="host-a", expires_at=datetime.now(UTC) + timedelta(minutes=10))
        )
    store = SqlaMaintenanceStore(engine, write_lock_for(engine))
    dead_letters, metrics = SqlaDeadLetterStore(engine), RecordingMetrics()
    purge = PurgeOldRecords(
        store,
        dead_letters,
        batch_size=3,
        sent_outbox_retention_seconds=86_400,
        processed_webhook_retention_seconds=86_400,
        pause_seconds=0,
        metrics=metrics,
    )
    report = await purge()
    assert (report.sent_outbox, report.processed_webhooks, report.idempotency_keys) == (7, 5, 4)
    assert (await _count(engine, outbox), await _count(engine, processed_webhooks)) == (3, 1)
    assert await _count(engine, idempotency_keys) == 1
    assert metrics.waiting == [0]
    assert await purge() == type(report)(0, 0, 0)
    status = await DescribeOutbox(store)()
    assert status.unsent == 2 and status.oldest_unsent_age_seconds >= 10 * 86_400 - 5
    assert (status.relay_holder, status.relay_lease_live) == ("host-a", True)
