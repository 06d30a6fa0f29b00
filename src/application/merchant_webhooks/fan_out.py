"""The event-bus handler that turns each event into deliveries for the endpoints that want it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from application.merchant_webhooks.endpoints import utc_now
from domain.events import Event
from domain.ports import WebhookDeliveryStore, WebhookEndpointStore


class EnqueueWebhookDeliveries:
    """Subscribed with a consumer group shared by every instance: each event is stored once per
    endpoint that subscribed to its type (a re-delivered event finds its rows and adds none).
    Sending is the worker's job, so a slow merchant never holds up the bus, let alone a payment."""

    def __init__(
        self,
        endpoints: WebhookEndpointStore,
        deliveries: WebhookDeliveryStore,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._endpoints = endpoints
        self._deliveries = deliveries
        self._clock = clock

    async def __call__(self, event: Event) -> None:
        """Store the deliveries `event` owes; a failure propagates so the bus delivers it again.

        Args:
            event: any event from the bus.
        """
        wanted = [e.id for e in await self._endpoints.enabled() if e.wants(str(event.type))]
        if wanted:
            await self._deliveries.enqueue(event, wanted, self._clock())
