"""Merchant webhooks: where endpoints and deliveries are kept, and how one is POSTed."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from domain.events import Event
from domain.webhook_endpoints import DeliveryAttempt, DueDelivery, WebhookDelivery, WebhookEndpoint


@runtime_checkable
class WebhookEndpointStore(Protocol):
    """The merchant's endpoints."""

    async def add(self, endpoint: WebhookEndpoint) -> None: ...

    async def get(self, endpoint_id: str) -> WebhookEndpoint | None: ...

    async def list(self) -> builtins.list[WebhookEndpoint]: ...

    async def enabled(self) -> builtins.list[WebhookEndpoint]:
        """The enabled endpoints; asked for every event, so it may answer from a recent snapshot."""

    async def save(self, endpoint: WebhookEndpoint, events: builtins.list[Event] | None = None) -> None:
        """Write a changed endpoint, and `events` to the outbox in the same transaction."""

    async def delete(self, endpoint_id: str) -> bool:
        """Remove the endpoint with its deliveries; False when it did not exist."""


@runtime_checkable
class WebhookDeliveryStore(Protocol):
    """Deliveries and their attempt logs; durable, so retries survive restarts."""

    async def enqueue(self, event: Event, endpoint_ids: list[str], now: datetime) -> int:
        """A pending delivery of `event` to each endpoint, unless one exists already (the bus
        delivers at least once). Returns how many were added."""

    async def claim_due(self, now: datetime, limit: int, lease_until: datetime) -> list[DueDelivery]:
        """Pending deliveries due by `now` on enabled endpoints, each pushed to `lease_until` so no
        other worker sends it meanwhile (a crashed worker's claim simply expires)."""

    async def record_attempt(
        self, delivery: WebhookDelivery, attempt: DeliveryAttempt, status: str, next_attempt_at: datetime
    ) -> None:
        """Append `attempt` to the delivery's log and set its status and next attempt time."""

    async def deliveries(self, endpoint_id: str, limit: int) -> list[WebhookDelivery]:
        """The endpoint's deliveries, newest first, each with its attempts in order."""

    async def get(self, delivery_id: str) -> WebhookDelivery | None: ...

    async def reschedule(self, delivery_id: str, now: datetime) -> None:
        """Make a delivery pending and due at `now` (redeliver)."""


@dataclass(frozen=True, slots=True)
class PostResult:
    latency_ms: int
    status_code: int | None = None
    error: str | None = None


@runtime_checkable
class WebhookSender(Protocol):
    async def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> PostResult:
        """POST once, never raising: a timeout or refused connection is a result with `error`."""
