"""Composition helpers for the containers: factory metadata, health dependencies, and the
Resources that subscribe handlers to the event bus and start it with the app."""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import AsyncIterator, Callable
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from application.events.project_analytics import ProjectEvent
from application.factories import FactoryEntry
from application.merchant_webhooks.fan_out import EnqueueWebhookDeliveries
from application.notifications.send_receipt import SendReceipt
from application.payments.systems import FamilySpec
from application.read_through import invalidate_payment_cache
from application.system.health import Dependency
from domain.ports import AnalyticsStore, Cache, EventBus, HealthCheck, RealtimeHub
from domain.retry import RetryPolicy
from entrypoints.settings import Settings

DATABASES = ("mysql", "postgresql", "mongodb", "sqlite")


def millis(seconds: float) -> int:
    return int(seconds * 1000)


def retry_policies(channels: dict, notifications: dict) -> dict[str, RetryPolicy]:
    """One policy per channel: its `max_retries` after the first attempt, the shared backoff."""
    return {
        name: RetryPolicy(
            max_attempts=int(cfg.get("max_retries", 2)) + 1,
            base_delay=float(notifications["retry_base_seconds"]),
            max_delay=float(notifications["retry_max_seconds"]),
        )
        for name, cfg in channels.items()
    }


def provider_entries(family: Any, config: dict) -> list[FactoryEntry]:
    entries = []
    for name in family.by_name.providers:
        cfg = config.get(name, {})
        adapter = getattr(family, name).providers.get(cfg.get("mode"))
        entries.append(
            FactoryEntry(
                name=name,
                description=cfg.get("description", ""),
                enabled=bool(cfg.get("enabled")) and adapter is not None,
                adapter=adapter.cls.__name__ if adapter else f"none for mode '{cfg.get('mode')}'",
                mode=cfg.get("mode"),
                settings_present={k: v not in ("", None) for k, v in cfg.get("credentials", {}).items()},
            )
        )
    return entries


def database_entries(family: Any, settings: Settings) -> list[FactoryEntry]:
    roles = database_roles(settings)
    return [
        FactoryEntry(
            name=name,
            description=settings.databases[name].description,
            enabled=settings.databases[name].enabled or bool(roles[name]),
            adapter=getattr(family, name).cls.__name__,
            role=roles[name] or None,
            settings_present={"url": bool(settings.databases[name].url)},
        )
        for name in family.by_name.providers
    ]


def database_roles(settings: Settings) -> dict[str, str]:
    """Which database serves transactions and which analytics in this profile."""
    roles = dict.fromkeys(DATABASES, "")
    roles[settings.database.kind] = "transactional"
    analytics = "mongodb" if settings.adapters.analytics == "mongodb" else settings.database.kind
    roles[analytics] = "+".join(filter(None, (roles[analytics], "analytics")))
    return roles


def family_specs(settings: Settings) -> list[FamilySpec]:
    systems = settings.payment_systems
    if systems is None:
        return []
    return [
        FamilySpec(
            name=name,
            description=f.description,
            gateways=f.gateways,
            channel=f.channel,
            database=settings.database.kind,
            default=name == systems.default,
        )
        for name, f in systems.families.items()
    ]


def routing_of(settings: Settings) -> dict:
    systems = settings.payment_systems
    routing = systems.routing if systems else None
    return {
        "adaptive": bool(routing and routing.adaptive),
        "window_size": routing.window_size if routing else 200,
        "min_samples": routing.min_samples if routing else 20,
        "exploration": routing.exploration if routing else 0.0,
    }


def health_dependencies(
    settings: Settings,
    databases: Any,
    transactional: HealthCheck,
    event_bus: Callable[[], Any],
    redis_health: Callable[[], Any],
) -> list[Dependency]:
    deps = [Dependency(f"database:{settings.database.kind}", transactional, required=True)]
    if settings.adapters.analytics == "mongodb":
        deps.append(Dependency("analytics:mongodb", databases.mongodb(), required=False))
    if settings.adapters.event_bus == "kafka":  # down: events wait in the outbox
        deps.append(Dependency("events:kafka", event_bus(), required=False))
    adapters = settings.adapters
    if "redis" in (adapters.cache, adapters.rate_limiter, adapters.auth_rates):
        deps.append(Dependency("cache:redis", redis_health(), required=False))  # reads fall back
    return deps


def client_token_secrets(settings: Settings) -> list[str]:
    return settings.security.client_token_secret_list()


def query_timeouts_of(settings: Settings) -> dict[str, float]:
    return {name: database.query_timeout for name, database in settings.databases.items()}


async def subscribe_analytics(
    bus: EventBus, project: ProjectEvent, group: str, store: AnalyticsStore
) -> AsyncIterator[ProjectEvent]:
    """Subscribe the projector with the app's start; close the store's connections at stop."""
    bus.subscribe(group, project)
    yield project
    close = getattr(store, "close", None)  # the adapters hold connections; the port does not say
    if close is not None:
        await close()


def family_channels(settings: Settings) -> dict[str, str]:
    systems = settings.payment_systems
    return {name: f.channel for name, f in systems.families.items()} if systems else {}


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


def webhook_retry_policy(cfg: dict) -> RetryPolicy:
    return RetryPolicy(
        max_attempts=1_000_000,  # bounded by age (give_up_after_seconds), not by count
        base_delay=float(cfg["retry_base_seconds"]),
        max_delay=float(cfg["retry_max_seconds"]),
        jitter=False,
    )


async def close_database_connections(members: list) -> AsyncIterator[list]:
    """The factory's members connect lazily; whatever they opened is closed with the app."""
    yield members
    for member in members:
        await member.close()


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


_IMPORTED = time.monotonic()


def process_started() -> float:
    """When this process started, on time.monotonic's clock: from /proc on Linux (start time in
    clock ticks since boot, against the seconds since boot), else when this module was imported."""
    try:
        with open("/proc/self/stat") as stat, open("/proc/uptime") as uptime:
            start_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
            since_boot = float(uptime.read().split()[0])
        age = since_boot - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return _IMPORTED
    return min(time.monotonic() - max(age, 0.0), _IMPORTED)


def new_instance_id() -> str:
    return os.environ.get("INSTANCE_ID") or f"{socket.gethostname()}-{uuid.uuid4().hex[:8]}"


def package_version() -> str:
    try:
        return version("factory-service")
    except PackageNotFoundError:
        return "0.0.0+local"
