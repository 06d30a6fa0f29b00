"""The event-bus handler that turns each event into deliveries for the endpoints that want it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from application.merchant_webhooks.endpoints import utc_now
from domain.events import Event
from domain.ports import WebhookEndpointStore


class EnqueueWebhookDeliveries:
    """Subscribed with a consumer group shared by every instance: each event is stored once per
    endpoint (a re-delivered event finds its rows and adds none). Sending is the worker's job,
    so a slow merchant never holds up the bus, let alone a payment."""

    def __init__(self, store: WebhookEndpointStore, clock: Callable[[], datetime] = utc_now) -> None:
        self._store = store
        self._clock = clock

    async def __call__(self, event: Event) -> None:
        """Store the deliveries `event` owes; a failure propagates so the bus delivers it again.

        Args:
            event: any event from the bus.
        """
        await self._store.enqueue(event, self._clock())
