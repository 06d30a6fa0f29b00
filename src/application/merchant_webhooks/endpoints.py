"""Managing webhook endpoints: register, list, read, delete, rotate the secret, inspect and redeliver."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlsplit

import msgspec
from msgspec import Meta

from domain.errors import Conflict, InvalidInput, NotFound
from domain.events import EventType
from domain.ports import WebhookEndpointStore
from domain.webhook_endpoints import ENABLED, WebhookDelivery, WebhookEndpoint, new_secret

KNOWN_EVENTS = sorted(t.value for t in EventType)


def utc_now() -> datetime:
    return datetime.now(UTC)


class WebhookEndpointBody(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    url: Annotated[str, Meta(min_length=1, max_length=2048)]
    events: Annotated[list[str], Meta(min_length=1, max_length=64)]
    description: Annotated[str, Meta(max_length=500)] | None = None


class WebhookEndpointView(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    id: str
    url: str
    events: list[str]
    description: str | None
    status: str
    created_at: datetime
    failing_since: datetime | None = None
    secret: str | None = None  # only in the answers to create and rotate-secret


class WebhookEndpointList(msgspec.Struct, frozen=True):
    data: list[WebhookEndpointView]


class AttemptView(msgspec.Struct, frozen=True, kw_only=True):
    attempted_at: datetime
    status_code: int | None
    latency_ms: int
    error: str | None


class DeliveryView(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    endpoint_id: str
    event_id: str
    event_type: str
    status: str
    attempt_count: int
    next_attempt_at: datetime
    created_at: datetime
    attempts: list[AttemptView]


class DeliveryList(msgspec.Struct, frozen=True):
    data: list[DeliveryView]


def endpoint_view(endpoint: WebhookEndpoint, *, with_secret: bool = False) -> WebhookEndpointView:
    return WebhookEndpointView(
        id=endpoint.id,
        url=endpoint.url,
        events=endpoint.events,
        description=endpoint.description,
        status=endpoint.status,
        created_at=endpoint.created_at,
        failing_since=endpoint.failing_since,
        secret=endpoint.secret if with_secret else None,
    )


def delivery_view(delivery: WebhookDelivery) -> DeliveryView:
    return DeliveryView(
        id=delivery.id,
        endpoint_id=delivery.endpoint_id,
        event_id=delivery.event_id,
        event_type=delivery.event_type,
        status=delivery.status,
        attempt_count=delivery.attempt_count,
        next_attempt_at=delivery.next_attempt_at,
        created_at=delivery.created_at,
        attempts=[
            AttemptView(attempted_at=a.attempted_at, status_code=a.status_code, latency_ms=a.latency_ms, error=a.error)
            for a in delivery.attempts
        ],
    )


def _checked(body: WebhookEndpointBody) -> WebhookEndpointBody:
    parts = urlsplit(body.url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput("url must be an absolute http:// or https:// URL", field="url")
    unknown = sorted(set(body.events) - set(KNOWN_EVENTS))
    if unknown:
        raise InvalidInput(
            f"unknown event type(s): {', '.join(unknown)}", field="events", extra={"known": KNOWN_EVENTS}
        )
    return body


class WebhookEndpoints:
    """The endpoint API's use cases; the secret leaves the service only when it is made."""

    def __init__(self, store: WebhookEndpointStore, clock: Callable[[], datetime] = utc_now) -> None:
        self._store = store
        self._clock = clock

    async def create(self, body: WebhookEndpointBody) -> WebhookEndpointView:
        """Register an endpoint. Raises InvalidInput naming `url` or `events`."""
        body = _checked(body)
        endpoint = WebhookEndpoint(
            url=body.url, events=sorted(set(body.events)), description=body.description, created_at=self._clock()
        )
        await self._store.add(endpoint)
        return endpoint_view(endpoint, with_secret=True)

    async def list(self) -> WebhookEndpointList:
        return WebhookEndpointList([endpoint_view(e) for e in await self._store.list()])

    async def get(self, endpoint_id: str) -> WebhookEndpointView:
        return endpoint_view(await self._endpoint(endpoint_id))

    async def delete(self, endpoint_id: str) -> None:
        if not await self._store.delete(endpoint_id):
            raise NotFound(f"webhook endpoint '{endpoint_id}' does not exist", field="id")

    async def rotate_secret(self, endpoint_id: str) -> WebhookEndpointView:
        """A new secret signs every later attempt, retries of older deliveries included."""
        endpoint = await self._endpoint(endpoint_id)
        endpoint.secret = new_secret()
        await self._store.save(endpoint)
        return endpoint_view(endpoint, with_secret=True)

    async def deliveries(self, endpoint_id: str, limit: int = 50) -> DeliveryList:
        await self._endpoint(endpoint_id)
        if not 1 <= limit <= 200:
            raise InvalidInput("limit must be between 1 and 200", field="limit")
        return DeliveryList([delivery_view(d) for d in await self._store.deliveries(endpoint_id, limit)])

    async def redeliver(self, delivery_id: str) -> DeliveryView:
        """Send a delivery again now, whatever its status. Raises NotFound, or Conflict when its
        endpoint is disabled."""
        delivery = await self._store.get_delivery(delivery_id)
        if delivery is None:
            raise NotFound(f"webhook delivery '{delivery_id}' does not exist", field="id")
        endpoint = await self._endpoint(delivery.endpoint_id)
        if endpoint.status != ENABLED:
            raise Conflict(f"webhook endpoint '{endpoint.id}' is {endpoint.status}")
        await self._store.reschedule(delivery_id, self._clock())
        rescheduled = await self._store.get_delivery(delivery_id)
        return delivery_view(rescheduled or delivery)

    async def _endpoint(self, endpoint_id: str) -> WebhookEndpoint:
        endpoint = await self._store.get(endpoint_id)
        if endpoint is None:
            raise NotFound(f"webhook endpoint '{endpoint_id}' does not exist", field="id")
        return endpoint
