"""Notifications in SQL; delivery attempts are a JSON column."""

from __future__ import annotations

from sqlalchemy import insert, select, update

from adapters.sql.rows import notification_from_row, notification_values
from adapters.sql.session import SqlSession
from adapters.sql.tables import notifications
from domain.errors import NotFound
from domain.notification import Notification
from domain.ports import NotificationRepository


class SqlaNotificationRepository(NotificationRepository):
    def __init__(self, session: SqlSession) -> None:
        self._session = session

    async def add(self, notification: Notification) -> None:
        values = notification_values(notification)
        values.update(id=notification.id, created_at=notification.created_at)
        await self._session.execute(insert(notifications).values(values), write=True)
        self._session.track(notification)

    async def get(self, notification_id: str) -> Notification | None:
        """Loads for update (row lock; the write lock on SQLite): a notification is read to be
        changed by its sender, and two senders must not both deliver it."""
        query = select(notifications).where(notifications.c.id == notification_id)
        if not self._session.sqlite:
            query = query.with_for_update()
        row = (await self._session.execute(query, write=True)).mappings().first()
        if row is None:
            return None
        notification = notification_from_row(row)
        self._session.track(notification)
        return notification

    async def save(self, notification: Notification) -> None:
        result = await self._session.execute(
            update(notifications)
            .where(notifications.c.id == notification.id)
            .values(notification_values(notification)),
            write=True,
        )
        if result.rowcount != 1:
            raise NotFound(f"notification {notification.id} does not exist")
        self._session.track(notification)

    async def in_group(self, group_id: str) -> list[Notification]:
        query = (
            select(notifications)
            .where(notifications.c.group_id == group_id)
            .order_by(notifications.c.created_at, notifications.c.id)
        )
        return [notification_from_row(row) for row in (await self._session.execute(query)).mappings()]
