"""The durable delivery worker: POSTs due deliveries, signed, and schedules retries with backoff."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta

import structlog

from application.merchant_webhooks.endpoints import utc_now
from domain.events import Event, EventType
from domain.ports import WebhookDeliveryStore, WebhookEndpointStore, WebhookSender
from domain.retry import RetryPolicy
from domain.webhook_endpoints import DISABLED, ENABLED, FAILED, PENDING, SUCCEEDED, DeliveryAttempt, DueDelivery
from domain.webhook_signature import HEADER, sign

log = structlog.get_logger("merchant_webhooks")


class DeliverWebhooks:
    """One pass (run every `poll_interval_seconds` by the app): claim what is due, send it all
    concurrently, record each attempt. State lives in SQL, so a restart loses no retry.

    A failed attempt is retried after the policy's backoff until the delivery is
    `give_up_after` old; an endpoint with no success for `disable_after` is disabled and a
    `webhook_endpoint_disabled` event says so.
    """

    def __init__(
        self,
        endpoints: WebhookEndpointStore,
        deliveries: WebhookDeliveryStore,
        sender: WebhookSender,
        policy: RetryPolicy,
        *,
        batch_size: int = 50,
        give_up_after_seconds: float = 3 * 86_400,
        disable_after_seconds: float = 3 * 86_400,
        lease_seconds: float = 60.0,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._endpoints = endpoints
        self._deliveries = deliveries
        self._sender = sender
        self._policy = policy
        self._batch = batch_size
        self._give_up = timedelta(seconds=give_up_after_seconds)
        self._disable = timedelta(seconds=disable_after_seconds)
        self._lease = timedelta(seconds=lease_seconds)
        self._clock = clock

    async def __call__(self) -> int:
        """Send every due delivery once; returns how many were sent."""
        now = self._clock()
        due = await self._deliveries.claim_due(now, self._batch, now + self._lease)
        results = await asyncio.gather(*(self._send(d) for d in due), return_exceptions=True)
        for claimed, result in zip(due, results, strict=True):
            if isinstance(result, Exception):  # its claim lapses, so it is tried again later
                log.error("webhook_attempt_failed", delivery_id=claimed.delivery.id, error=repr(result))
        return len(due)

    async def _send(self, due: DueDelivery) -> None:
        delivery = due.delivery
        attempted_at = self._clock()
        headers = {
            "Content-Type": "application/json",
            HEADER: sign(due.secret, delivery.payload, int(attempted_at.timestamp())),
            "Factory-Event-Id": delivery.event_id,
            "Factory-Event-Type": delivery.event_type,
            "Factory-Delivery-Id": delivery.id,
        }
        result = await self._sender.post(due.url, delivery.payload, headers)
        attempt = DeliveryAttempt(
            attempted_at=attempted_at, latency_ms=result.latency_ms, status_code=result.status_code, error=result.error
        )
        now = self._clock()
        if attempt.succeeded:
            status, next_at = SUCCEEDED, now
        elif now - delivery.created_at >= self._give_up:
            status, next_at = FAILED, now
        else:
            delay = self._policy.delay(delivery.attempt_count + 1)
            status, next_at = PENDING, now + timedelta(seconds=delay)
        await self._deliveries.record_attempt(delivery, attempt, status, next_at)
        log.info(
            "webhook_attempt",
            delivery_id=delivery.id,
            endpoint_id=delivery.endpoint_id,
            status_code=attempt.status_code,
            error=attempt.error,
            outcome=status,
        )
        await self._track_endpoint(delivery.endpoint_id, attempt.succeeded, now)

    async def _track_endpoint(self, endpoint_id: str, succeeded: bool, now: datetime) -> None:
        endpoint = await self._endpoints.get(endpoint_id)
        if endpoint is None or endpoint.status != ENABLED:
            return
        if succeeded:
            if endpoint.failing_since is not None:
                endpoint.failing_since = None
                await self._endpoints.save(endpoint)
        elif endpoint.failing_since is None:
            endpoint.failing_since = now
            await self._endpoints.save(endpoint)
        elif now - endpoint.failing_since >= self._disable:
            endpoint.status = DISABLED
            event = Event(
                type=EventType.WEBHOOK_ENDPOINT_DISABLED,
                aggregate_id=endpoint.id,
                user_id=None,
                data={
                    "url": endpoint.url,
                    "failing_since": endpoint.failing_since.isoformat(),
                    "reason": f"every delivery failed for {int(self._disable.total_seconds())} s",
                },
            )
            await self._endpoints.save(endpoint, [event])
            log.warning("webhook_endpoint_disabled", endpoint_id=endpoint.id, url=endpoint.url)
