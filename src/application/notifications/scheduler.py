"""The durable scheduler: every instance polls the database for due notifications and sends
the ones it claims. The claim is a conditional update in the database, so however many
instances run (or restart), each scheduled notification is claimed, and sent, once."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

import structlog

from application.notifications.delivery import NotificationDelivery
from application.notifications.views import NotificationView, view_of
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


async def run_scheduler(
    send_due: SendDueNotifications, interval_seconds: float, *after: Any, stop_timeout: float = 8.0
) -> AsyncIterator[asyncio.Task]:
    """The scheduler as a Resource. On shutdown it is not cancelled mid-pass: what it claimed
    it sends (within `stop_timeout`), so a restart never strands a claimed notification.
    `after`: the Resources it needs (the database, the channels' clients) stop after it."""
    stopping = asyncio.Event()

    async def loop() -> None:
        while not stopping.is_set():
            try:
                await send_due()
            except Exception:  # logged; the next pass tries again
                log.exception("scheduler_pass_failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), interval_seconds)

    task = asyncio.create_task(loop(), name="notification-scheduler")
    try:
        yield task
    finally:
        stopping.set()
        try:
            await asyncio.wait_for(task, stop_timeout)
        except TimeoutError:
            log.error("scheduler_stop_timed_out", timeout_s=stop_timeout)


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
