"""The durable scheduler: every instance polls the database for due notifications and sends
the ones it claims. The claim is a conditional update in the database, so however many
instances run (or restart), each scheduled notification is claimed, and sent, once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime

import structlog

from application.notification_delivery import NotificationDelivery
from application.notification_views import NotificationView, view_of
from domain.errors import NotFound
from domain.ports import UnitOfWork

log = structlog.get_logger("scheduler")


class SendDueNotifications:
    def __init__(
        self,
        unit_of_work: Callable[[], UnitOfWork],
        delivery: NotificationDelivery,
        batch_size: int = 100,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._uow = unit_of_work
        self._delivery = delivery
        self._batch = batch_size
        self._clock = clock

    async def __call__(self) -> int:
        """Claim what is due now (one short transaction), then send it.

        Returns:
            How many notifications this call claimed and sent (or failed to send). A crash
            after the claim leaves them `queued`, visible, never sent twice.
        """
        now = self._clock()
        async with self._uow() as uow:  # a read first: most ticks find nothing to lock for
            if not await uow.notifications.has_due(now):
                return 0
        async with self._uow() as uow:
            due = await uow.notifications.claim_due(now, self._batch)
            await uow.commit()
        if due:
            lateness = [(self._clock() - n.send_at).total_seconds() for n in due if n.send_at]
            log.info("scheduled_sends_claimed", count=len(due), max_lateness_s=round(max(lateness, default=0), 3))
            await asyncio.gather(*(self._delivery.deliver_claimed(n) for n in due))
        return len(due)


class CancelNotification:
    def __init__(self, unit_of_work: Callable[[], UnitOfWork]) -> None:
        self._uow = unit_of_work

    async def __call__(self, notification_id: str) -> NotificationView:
        """Cancel a scheduled notification; IllegalTransition (409) once it was claimed or
        already ended, NotFound (404) for an unknown id."""
        async with self._uow() as uow:
            notification = await uow.notifications.get(notification_id)
            if notification is None:
                raise NotFound(f"no notification with id '{notification_id}'", field="id")
            notification.cancel()
            await uow.notifications.save(notification)
            await uow.commit()
        return view_of(notification)
