"""Notifications in SQL; delivery attempts are a JSON column."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, bindparam, insert, select, update

from adapters.sql.rows import notification_from_row, notification_values
from adapters.sql.session import SqlSession
from adapters.sql.tables import notifications
from domain.errors import NotFound
from domain.notification import Notification, NotificationStatus
from domain.ports import NotificationRepository

_ADD = insert(notifications)
_SAVE = update(notifications).where(notifications.c.id == bindparam("b_id"))
SCHEDULED = str(NotificationStatus.SCHEDULED)
_HAS_DUE = (
    select(notifications.c.id)
    .where(notifications.c.status == SCHEDULED, notifications.c.send_at <= bindparam("b_now"))
    .limit(1)
)


class SqlaNotificationRepository(NotificationRepository):
    def __init__(self, session: SqlSession) -> None:
        self._session = session

    async def add(self, notification: Notification) -> None:
        values = notification_values(notification)
        values.update(id=notification.id, created_at=notification.created_at)
        self._session.stage(_ADD, values)
        self._session.track(notification)

    async def get(self, notification_id: str) -> Notification | None:
        """Loads for update (row lock; the write lock on SQLite): a notification is read to be
        changed by its sender, and two senders must not both deliver it."""
        return await self._one(select(notifications).where(notifications.c.id == notification_id))

    async def find_by_provider_id(self, channel: str, provider_message_id: str) -> Notification | None:
        c = notifications.c
        return await self._one(
            select(notifications).where(c.channel == channel, c.provider_message_id == provider_message_id).limit(1)
        )

    async def save(self, notification: Notification) -> None:
        notification_id = notification.id

        def check(rowcount: int) -> None:
            if rowcount != 1:
                raise NotFound(f"notification {notification_id} does not exist")

        self._session.stage(_SAVE, {**notification_values(notification), "b_id": notification_id}, check)
        self._session.track(notification)

    async def has_due(self, now: datetime) -> bool:
        """Every instance asks once a second: on SQLite as a writer would (one hop to the
        writer thread, no snapshot to open), like the outbox relay's poll."""
        return (await self._session.execute(_HAS_DUE, {"b_now": now}, write=True)).first() is not None

    async def claim_due(self, now: datetime, limit: int) -> list[Notification]:
        """SKIP LOCKED lets several schedulers scan at once without waiting on each other's
        rows (SQLite has one writer anyway); the conditional UPDATE is what makes a claim
        exclusive on every backend: only the claimer that moves the row from scheduled counts."""
        c = notifications.c
        query = select(notifications).where(c.status == SCHEDULED, c.send_at <= now).order_by(c.send_at).limit(limit)
        if not self._session.sqlite:
            query = query.with_for_update(skip_locked=True)
        rows = (await self._session.execute(query, write=True)).mappings().all()
        claimed = []
        for row in rows:
            notification = notification_from_row(row)
            notification.claim()
            result = await self._session.execute(
                update(notifications)
                .where(c.id == notification.id, c.status == SCHEDULED)
                .values(status=str(notification.status), updated_at=notification.updated_at),
                write=True,
            )
            if result.rowcount == 1:
                claimed.append(notification)
        return claimed

    async def _one(self, query: Select) -> Notification | None:
        if not self._session.sqlite:
            query = query.with_for_update()
        row = (await self._session.execute(query, write=True)).mappings().first()
        if row is None:
            return None
        notification = notification_from_row(row)
        self._session.track(notification)
        return notification

    async def in_group(self, group_id: str) -> list[Notification]:
        query = (
            select(notifications)
            .where(notifications.c.group_id == group_id)
            .order_by(notifications.c.created_at, notifications.c.id)
        )
        return [notification_from_row(row) for row in (await self._session.execute(query)).mappings()]
