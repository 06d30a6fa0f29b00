"""The Resources that subscribe handlers to the event bus and start it with the app, and the
shared groups' handlers for replaying dead letters."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

from application.events.project_analytics import ProjectEvent
from application.merchant_webhooks.fan_out import EnqueueWebhookDeliveries
from application.notifications.send_receipt import SendReceipt
from application.read_through import invalidate_payment_cache
from domain.ports import AnalyticsStore, Cache, EventBus, RealtimeHub
from entrypoints.settings import Settings


async def subscribe_analytics(
    bus: EventBus, project: ProjectEvent, group: str, store: AnalyticsStore
) -> AsyncIterator[ProjectEvent]:
    """Subscribe the projector with the app's start; close the store's connections at stop."""
    bus.subscribe(group, project)
    yield project
    close = getattr(store, "close", None)  # the adapters hold connections; the port does not say
    if close is not None:
        await close()


async def subscribe_receipts(
    bus: EventBus, send_receipt: Callable[[], SendReceipt], enabled: bool, group: str
) -> AsyncIterator[SendReceipt | None]:
    """Subscribe the receipt sender before the bus starts, when the profile turns receipts on.

    A new group starts at the instance's start time, not at the oldest retained event: reading
    a Kafka topic's history would send receipts for old payments whose idempotency keys have
    expired."""
    receipts = send_receipt() if enabled else None
    if receipts is not None:
        bus.subscribe(group, receipts, from_beginning=False)
    yield receipts


async def subscribe_merchant_webhooks(
    bus: EventBus, enqueue: EnqueueWebhookDeliveries, enabled: bool, group: str
) -> AsyncIterator[EnqueueWebhookDeliveries | None]:
    """Store merchant webhook deliveries from the bus, live from the group's creation on."""
    if enabled:
        bus.subscribe(group, enqueue, from_beginning=False)
    yield enqueue if enabled else None


async def run_event_bus(
    bus: EventBus, hub: RealtimeHub, cache: Cache, instance_id: str, cache_group: str | None, *subscribed: object
) -> AsyncIterator[EventBus]:
    """Subscribe this instance's consumers, then start the bus with the app and stop it after.

    `subscribed` are Resources that subscribe their own handlers (analytics): passing them makes
    the container open them before the bus starts.

    WebSocket fan-out needs every event on every instance: a group per instance, from the
    instance's start time on.
    A shared (Redis) cache is invalidated once per event by `cache_group`, shared by every
    instance; a per-instance cache (None) by a group of this instance.
    """
    bus.subscribe(f"realtime-{instance_id}", hub.broadcast, from_beginning=False)
    bus.subscribe(cache_group or f"cache-{instance_id}", invalidate_payment_cache(cache), from_beginning=False)
    await bus.start()
    try:
        yield bus
    finally:
        await bus.stop()


def replay_handlers(
    settings: Settings,
    project_event: Callable[[], ProjectEvent],
    send_receipt: Callable[[], SendReceipt],
    cache: Callable[[], Cache],
) -> dict[str, Any]:
    """The shared groups' handlers by group name, for replaying dead letters from any process.
    Per-instance groups (realtime-*, a local cache's) are not here: their state lives in the
    instance that dead-lettered the event."""
    handlers: dict[str, Any] = {settings.kafka.analytics_group: project_event()}
    if settings.receipts.enabled:
        handlers[settings.receipts.group] = send_receipt()
    if settings.adapters.cache == "redis":
        handlers[settings.kafka.cache_group] = invalidate_payment_cache(cache())
    return handlers
