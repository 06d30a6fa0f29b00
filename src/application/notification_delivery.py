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
from application.log_context import bound_ids
from domain.notification import Notification
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
        channel = self._factory.create(name, field=f"{field_prefix}channel", status=422)
        channel.validate_recipient(recipient, field=f"{field_prefix}recipient")
        return channel

    async def deliver(self, notification: Notification, channel: NotificationChannel) -> Notification:
        # Scoped, not bound for the rest of the task: receipts deliver from a bus consumer's task.
        with bound_ids(notification_id=notification.id):
            async with self._uow() as uow:
                await uow.notifications.add(notification)
                await uow.commit()
            await self._attempt(notification, channel)
            async with self._uow() as uow:
                await uow.notifications.save(notification)
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
