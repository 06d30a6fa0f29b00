"""Read one notification: its delivery status and every attempt."""

from __future__ import annotations

from collections.abc import Callable

from application.log_context import bind_ids
from application.notifications.views import NotificationView, view_of
from domain.errors import NotFound
from domain.ports import UnitOfWork


class GetNotification:
    def __init__(self, unit_of_work: Callable[[], UnitOfWork]) -> None:
        self._uow = unit_of_work

    async def __call__(self, notification_id: str) -> NotificationView:
        """The stored notification; NotFound (404) when there is none with this id."""
        bind_ids(notification_id=notification_id)
        async with self._uow() as uow:
            notification = await uow.notifications.get(notification_id)
        if notification is None:
            raise NotFound(f"no notification with id '{notification_id}'", field="id")
        return view_of(notification)
