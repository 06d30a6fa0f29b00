"""Notification storage on SQLite, MariaDB and PostgreSQL: scheduled claims are exclusive,
receipts find a notification by provider id, templates and preferences round-trip."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from adapters.sql.engine import create_engine, write_lock_for
from adapters.sql.templates import SqlaPreferenceStore, SqlaTemplateStore
from adapters.sql.uow import SqlaUnitOfWork
from domain.notification import Notification, NotificationStatus
from domain.preferences import Preferences
from domain.templates import Content, Template

pytestmark = pytest.mark.integration


async def _scheduled(uow, count: int, due_in: float) -> list[str]:
    ids = []
    async with uow() as tx:
        for n in range(count):
            notification = Notification(channel="email", recipient=f"u{n}@example.com", message="m")
            notification.schedule(datetime.now(UTC) + timedelta(seconds=due_in))
            await tx.notifications.add(notification)
            ids.append(notification.id)
        await tx.commit()
    return ids


async def _claim(uow) -> list[str]:
    async with uow() as tx:
        claimed = await tx.notifications.claim_due(datetime.now(UTC), 100)
        await tx.commit()
    return [n.id for n in claimed]


async def test_concurrent_schedulers_on_separate_engines_claim_each_due_notification_once(database_url):
    """Four 'instances' (each its own engine and pool) claim at once: every due row is claimed
    by exactly one of them; a row not yet due is claimed by none."""
    engines = [create_engine(database_url, pool_size=2) for _ in range(4)]
    uows = [lambda e=e, lock=write_lock_for(e): SqlaUnitOfWork(e, lock) for e in engines]
    try:
        due = await _scheduled(uows[0], 30, -1)
        later = await _scheduled(uows[0], 2, 3600)
        claims = await asyncio.gather(*(_claim(u) for u in uows * 3))
        claimed = [i for claim in claims for i in claim]
        assert sorted(claimed) == sorted(due)  # all of them, none twice
        async with uows[1]() as tx:
            assert (await tx.notifications.get(later[0])).status is NotificationStatus.SCHEDULED
            assert (await tx.notifications.get(due[0])).status is NotificationStatus.QUEUED
            assert await tx.notifications.has_due(datetime.now(UTC)) is False
    finally:
        for engine in engines:
            await engine.dispose()


async def test_a_notification_is_found_by_its_provider_message_id(uow):
    notification = Notification(channel="sms", recipient="+14155550123", message="m")
    notification.record_attempt("sent", provider_message_id="SM123")
    notification.mark_sent("SM123")
    async with uow() as tx:
        await tx.notifications.add(notification)
        await tx.commit()
    async with uow() as tx:
        found = await tx.notifications.find_by_provider_id("sms", "SM123")
        assert found is not None and found.id == notification.id
        assert await tx.notifications.find_by_provider_id("whatsapp", "SM123") is None
        assert found.record_receipt(True, datetime(2026, 1, 1, tzinfo=UTC))
        await tx.notifications.save(found)
        await tx.commit()
    async with uow() as tx:
        stored = await tx.notifications.get(notification.id)
    assert stored.status is NotificationStatus.DELIVERED and stored.delivered_at == datetime(2026, 1, 1, tzinfo=UTC)


async def test_templates_and_preferences_round_trip_and_replace(engine):
    lock = write_lock_for(engine)
    templates, preferences = SqlaTemplateStore(engine, lock), SqlaPreferenceStore(engine, lock)
    template = Template(
        name="welcome",
        channels={"email": Content(text="Hi {{ name }}", subject="Welcome")},
        locales={"fr": {"email": Content(text="Salut {{ name }}")}},
        optional=False,
    )
    await templates.put(template)
    await templates.put(Template(name="welcome", channels={"sms": Content(text="Hi")}, category="marketing"))
    stored = await templates.get("welcome")
    assert (list(stored.channels), stored.locales, stored.category) == (["sms"], {}, "marketing")
    await templates.put(template)
    stored = await templates.get("welcome")
    assert stored.locales["fr"]["email"].text == "Salut {{ name }}" and stored.optional is False
    assert [t.name for t in await templates.list()] == ["welcome"]
    assert await templates.delete("welcome") and not await templates.delete("welcome")
    await preferences.put(Preferences(user_id="u1", channels={"sms": False}))
    await preferences.put(Preferences(user_id="u1", categories={"marketing": False}))
    stored_preferences = await preferences.get("u1")
    assert (stored_preferences.channels, stored_preferences.categories) == ({}, {"marketing": False})
    assert await preferences.get("nobody") is None
