"""Managing webhook endpoints: register, list, read, delete, rotate the secret, re-enable,
inspect the deliveries and redeliver one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from application.merchant_webhooks.views import (
    DeliveryList,
    DeliveryView,
    WebhookEndpointBody,
    WebhookEndpointList,
    WebhookEndpointView,
    delivery_view,
    endpoint_view,
)
from domain.errors import Conflict, InvalidInput, NotFound
from domain.events import EventType
from domain.ports import WebhookDeliveryStore, WebhookEndpointStore
from domain.webhook_endpoints import ENABLED, WebhookEndpoint, new_secret

KNOWN_EVENTS = sorted(t.value for t in EventType)


def utc_now() -> datetime:
    return datetime.now(UTC)


def _checked(body: WebhookEndpointBody) -> WebhookEndpointBody:
    try:
        parts = urlsplit(body.url)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput("url must be an absolute http:// or https:// URL", field="url")
    unknown = sorted(set(body.events) - set(KNOWN_EVENTS))
    if unknown:
        raise InvalidInput(
            f"unknown event type(s): {', '.join(unknown)}", field="events", extra={"known": KNOWN_EVENTS}
        )
    return body


class WebhookEndpoints:
    """The endpoint API's use cases; the secret leaves the service only when it is made."""

    def __init__(
        self,
        endpoints: WebhookEndpointStore,
        deliveries: WebhookDeliveryStore,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._endpoints = endpoints
        self._deliveries = deliveries
        self._clock = clock

    async def create(self, body: WebhookEndpointBody) -> WebhookEndpointView:
        """Register an endpoint. Raises InvalidInput naming `url` or `events`."""
        body = _checked(body)
        endpoint = WebhookEndpoint(
            url=body.url, events=sorted(set(body.events)), description=body.description, created_at=self._clock()
        )
        await self._endpoints.add(endpoint)
        return endpoint_view(endpoint, with_secret=True)

    async def list(self) -> WebhookEndpointList:
        return WebhookEndpointList([endpoint_view(e) for e in await self._endpoints.list()])

    async def get(self, endpoint_id: str) -> WebhookEndpointView:
        return endpoint_view(await self._endpoint(endpoint_id))

    async def delete(self, endpoint_id: str) -> None:
        if not await self._endpoints.delete(endpoint_id):
            raise NotFound(f"webhook endpoint '{endpoint_id}' does not exist", field="id")

    async def rotate_secret(self, endpoint_id: str) -> WebhookEndpointView:
        """A new secret signs every later attempt, retries of older deliveries included."""
        endpoint = await self._endpoint(endpoint_id)
        endpoint.secret = new_secret()
        await self._endpoints.save(endpoint)
        return endpoint_view(endpoint, with_secret=True)

    async def enable(self, endpoint_id: str) -> WebhookEndpointView:
        """Re-enable an endpoint that was disabled for failing: its pending deliveries resume."""
        endpoint = await self._endpoint(endpoint_id)
        endpoint.status, endpoint.failing_since = ENABLED, None
        await self._endpoints.save(endpoint)
        return endpoint_view(endpoint)

    async def deliveries(self, endpoint_id: str, limit: int = 50) -> DeliveryList:
        await self._endpoint(endpoint_id)
        if not 1 <= limit <= 200:
            raise InvalidInput("limit must be between 1 and 200", field="limit")
        return DeliveryList([delivery_view(d) for d in await self._deliveries.deliveries(endpoint_id, limit)])

    async def redeliver(self, delivery_id: str) -> DeliveryView:
        """Send a delivery again now, whatever its status. Raises NotFound, or Conflict when its
        endpoint is disabled."""
        delivery = await self._deliveries.get(delivery_id)
        if delivery is None:
            raise NotFound(f"webhook delivery '{delivery_id}' does not exist", field="id")
        endpoint = await self._endpoint(delivery.endpoint_id)
        if endpoint.status != ENABLED:
            raise Conflict(f"webhook endpoint '{endpoint.id}' is {endpoint.status}; enable it first")
        await self._deliveries.reschedule(delivery_id, self._clock())
        return delivery_view(await self._deliveries.get(delivery_id) or delivery)

    async def _endpoint(self, endpoint_id: str) -> WebhookEndpoint:
        endpoint = await self._endpoints.get(endpoint_id)
        if endpoint is None:
            raise NotFound(f"webhook endpoint '{endpoint_id}' does not exist", field="id")
        return endpoint
