"""Delivery of one notification over one channel: attempts, retries, final status, events.

Shared by the single and the multi-channel use cases. Two short transactions: the first records
the notification as queued (so a crash mid-delivery leaves it visible), the second stores the
attempts and final status, and the aggregate's notification_sent / notification_failed event
goes to the outbox with it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping

import structlog

from application.factories import KeyedFactory
from application.idempotency import Claim
from application.log_context import bound_ids
from application.notifications.views import view_of
from domain.errors import DomainError, NotFound
from domain.notification import Notification, NotificationStatus
from domain.ports import DeliveryFailed, Metrics, NoMetrics, NotificationChannel, OutgoingMessage, UnitOfWork
from domain.retry import RetryPolicy

log = structlog.get_logger("notifications")
Sleep = Callable[[float], Awaitable[None]]


class NotificationDelivery:
    """`policies` maps a channel name to its retry policy; other channels get the default."""

    def __init__(
        self,
        channel_factory: KeyedFactory[NotificationChannel],
        unit_of_work: Callable[[], UnitOfWork],
        policies: Mapping[str, RetryPolicy],
        sleep: Sleep = asyncio.sleep,
        *,
        metrics: Metrics | None = None,
    ) -> None:
        self._factory = channel_factory
        self._metrics = metrics or NoMetrics()
        self._uow = unit_of_work
        self._policies = policies
        self._sleep = sleep

    def channel_for(self, name: str, recipient: str, *, field_prefix: str = "") -> NotificationChannel:
        """The enabled channel called `name`, once `recipient` passed its rule; 422 otherwise."""
        channel = self._factory.create(name, field=f"{field_prefix}channel")
        channel.validate_recipient(recipient, field=f"{field_prefix}recipient")
        return channel

    async def deliver(
        self, notification: Notification, channel: NotificationChannel, claim: Claim | None = None
    ) -> Notification:
        """Record it, then send it now unless it is scheduled or suppressed (those are only
        stored). `claim` (an Idempotency-Key) moves with the rows: `recorded` with the stored
        notification, `finished` with its outcome and view."""
        claim = claim or Claim()
        # Scoped, not bound for the rest of the task: receipts deliver from a bus consumer's task.
        with bound_ids(notification_id=notification.id):
            async with self._uow() as uow:
                await uow.notifications.add(notification)
                await claim.record(uow, notification.id)
                await uow.commit()
            return await self._finish(notification, channel, claim)

    async def deliver_claimed(self, notification: Notification) -> Notification:
        """Send a stored notification the scheduler has just claimed (status queued)."""
        try:
            channel = self._factory.create(notification.channel, field="channel")
        except DomainError as exc:  # the channel was disabled since it was scheduled
            notification.mark_failed(exc.detail)
            async with self._uow() as uow:
                await uow.notifications.save(notification)
                await uow.commit()
            return notification
        return await self._finish(notification, channel, Claim())

    async def resume(self, notification_id: str, channel: NotificationChannel, claim: Claim) -> Notification:
        """The request that recorded this notification died: one still queued is sent (a
        message may then arrive twice, never not at all), then the outcome is answered."""
        async with self._uow() as uow:
            notification = await uow.notifications.get(notification_id)
        if notification is None:
            raise NotFound(f"notification '{notification_id}' of this Idempotency-Key does not exist", field="id")
        return await self._finish(notification, channel, claim)

    async def record(self, claim: Claim, resource_id: str) -> None:
        """Move a claim to `recorded` in a transaction of its own: a group has no row of its own."""
        if claim.key is not None:
            async with self._uow() as uow:
                await claim.record(uow, resource_id)
                await uow.commit()

    async def group(self, group_id: str) -> list[Notification]:
        async with self._uow() as uow:
            return await uow.notifications.in_group(group_id)

    async def finish(self, notification: Notification, channel: NotificationChannel) -> Notification:
        """A recorded notification of a group whose request died: sent if still queued."""
        if notification.status is not NotificationStatus.QUEUED:
            return notification
        return await self._finish(notification, channel, Claim())

    async def _finish(self, notification: Notification, channel: NotificationChannel, claim: Claim) -> Notification:
        if notification.status is not NotificationStatus.QUEUED:  # scheduled or suppressed: stored as is
            if claim.key is not None:
                async with self._uow() as uow:
                    await claim.finish(uow, view_of(notification))
                    await uow.commit()
            return notification
        with bound_ids(notification_id=notification.id):
            await self._attempt(notification, channel)
        async with self._uow() as uow:
            await uow.notifications.save(notification)
            await claim.finish(uow, view_of(notification))
            await uow.commit()
        self._metrics.notification_delivery(notification.channel, str(notification.status))
        return notification

    async def _attempt(self, notification: Notification, channel: NotificationChannel) -> None:
        policy = self._policies.get(notification.channel) or RetryPolicy()
        message = OutgoingMessage(
            notification_id=notification.id,
            recipient=notification.recipient,
            message=notification.message,
            subject=notification.subject,
            html=notification.html,
        )
        attempt = 0
        while True:
            attempt += 1
            try:
                result = await channel.send(message)
            except DeliveryFailed as exc:
                failure = exc
            except Exception as exc:  # an adapter bug or an unmapped library error: log, retry
                log.exception("channel_send_crashed", channel=notification.channel, notification_id=notification.id)
                failure = DeliveryFailed(f"{type(exc).__name__}: {exc}", permanent=False)
            else:
                notification.record_attempt("sent", provider_message_id=result.provider_message_id)
                notification.mark_sent(result.provider_message_id)
                return
            notification.record_attempt(
                "permanent_error" if failure.permanent else "transient_error", error=failure.detail
            )
            wait = self._wait_before_retry(policy, attempt, failure)
            if wait is None:
                notification.mark_failed(failure.detail)
                log.warning(
                    "notification_failed",
                    channel=notification.channel,
                    notification_id=notification.id,
                    attempts=attempt,
                    error=failure.detail,
                )
                return
            await self._sleep(wait)

    @staticmethod
    def _wait_before_retry(policy: RetryPolicy, attempt: int, failure: DeliveryFailed) -> float | None:
        """Seconds to wait, or None to stop: permanent, out of attempts, or the provider asked
        for a pause longer than the policy's longest (retrying earlier would not honour it)."""
        if failure.permanent or not policy.should_retry(attempt):
            return None
        if failure.retry_after is not None and failure.retry_after > policy.max_delay:
            return None
        return policy.delay(attempt, failure.retry_after)
