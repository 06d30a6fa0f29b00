"""Composition root: the only package that imports adapters. `Container` composes one small
container per concern, each handed its own config slice; read each module as a table of what
is wired to what."""

from __future__ import annotations

from typing import Any

import msgspec
from dependency_injector import containers, providers

from application.events.outbox_relay import relay_in_background
from application.idempotency import Idempotency
from application.notifications.scheduler import run_scheduler
from application.system.background import run_periodically
from containers.channels import Channels
from containers.databases import Databases, Persistence
from containers.events import Events
from containers.factories import Factories
from containers.gateways import Gateways
from containers.infrastructure import Infrastructure
from containers.monitoring import Monitoring
from containers.notifications import Notifications
from containers.payments import Payments
from containers.queries import Queries
from containers.realtime import Realtime
from containers.system import System
from containers.webhooks import Webhooks
from containers.wiring import database_roles, run_event_bus
from entrypoints.answers import created
from entrypoints.settings import Settings, load_settings

# The containers whose providers handlers may ask for by name (see `handler_providers`).
USE_CASES = (
    "monitoring",
    "factories",
    "payments",
    "notifications",
    "queries",
    "events",
    "webhooks",
    "realtime",
    "system",
)


# Not handed to handlers: Resources start with the app; a container's dependencies and config
# belong to the container that owns them.
_INTERNAL = (
    providers.Resource,
    providers.Configuration,
    providers.Dependency,
    providers.DependenciesContainer,
    providers.Container,
)


def _handler_providers(container: Any) -> dict[str, providers.Provider]:
    """Every provider of the use-case containers by name: the entrypoint makes each a Litestar
    dependency, so a use case added to one of them reaches the handlers with no other change."""
    found: dict[str, providers.Provider] = {}
    for concern in USE_CASES:
        for name, provider in getattr(container, concern).providers.items():
            if isinstance(provider, _INTERNAL):
                continue
            if name in found:
                raise ValueError(f"provider {name!r} of {concern} is already provided by another container")
            found[name] = provider
    return found


class Container(containers.DeclarativeContainer):
    """The abstract factory: the profile's settings pick one adapter family per port."""

    __self__ = providers.Self()
    config = providers.Configuration(strict=True)
    settings = providers.Dependency(instance_of=Settings)
    # name -> provider for the entrypoint's Litestar dependencies, from the USE_CASES containers.
    handler_providers = providers.Callable(_handler_providers, __self__)

    gateways = providers.Container(Gateways, config=config.payment_gateways, simulators=config.sandbox)
    channels = providers.Container(
        Channels, config=config.notification_channels, outbox_dir=config.notifications.outbox_dir
    )
    databases = providers.Container(Databases, config=config, roles=providers.Callable(database_roles, settings))
    persistence = providers.Container(Persistence, config=config.database, payments=config.payments)
    monitoring = providers.Container(Monitoring, adapters=config.adapters)
    infrastructure = providers.Container(
        Infrastructure,
        adapters=config.adapters,
        redis=config.redis,
        events=config.events,
        kafka=config.kafka,
        persistence=persistence,
        monitoring=monitoring,
    )
    factories = providers.Container(
        Factories,
        gateway_config=config.payment_gateways,
        channel_config=config.notification_channels,
        settings=settings,
        gateways=gateways,
        channels=channels,
        databases=databases,
    )
    # Idempotency-Key handling is shared by payments and notifications; the entrypoint encodes.
    idempotency = providers.Singleton(Idempotency, persistence.idempotency, encode=created)

    payments = providers.Container(
        Payments,
        config=config.payments,
        adapters=config.adapters,
        redis=config.redis,
        settings=settings,
        idempotency=idempotency,
        factories=factories,
        persistence=persistence,
        infrastructure=infrastructure,
        monitoring=monitoring,
    )
    notifications = providers.Container(
        Notifications,
        config=config.notifications,
        channel_config=config.notification_channels,
        receipts_config=config.receipts,
        settings=settings,
        idempotency=idempotency,
        factories=factories,
        channels=channels,
        persistence=persistence,
        infrastructure=infrastructure,
        monitoring=monitoring,
    )
    queries = providers.Container(Queries, settings=settings, databases=databases, factories=factories)
    events = providers.Container(
        Events,
        adapters=config.adapters,
        kafka=config.kafka,
        mongodb=config.mongodb,
        relay=config.payments,
        settings=settings,
        notifications=notifications,
        persistence=persistence,
        infrastructure=infrastructure,
        monitoring=monitoring,
    )
    webhooks = providers.Container(
        Webhooks, config=config.merchant_webhooks, persistence=persistence, infrastructure=infrastructure
    )
    realtime = providers.Container(
        Realtime, config=config.realtime, security=config.security, settings=settings, monitoring=monitoring
    )
    system = providers.Container(
        System,
        housekeeping=config.housekeeping,
        events=config.events,
        adapters=config.adapters,
        profile=config.profile,
        settings=settings,
        databases=databases,
        factories=factories,
        payments=payments,
        persistence=persistence,
        infrastructure=infrastructure,
        monitoring=monitoring,
    )

    # What runs beside the API. The loops live here, naming the Resources they need directly:
    # dependency-injector starts and stops Resources in order only between providers that refer
    # to each other (not through another container's dependency), and every loop must stop
    # before the engine's pool closes and start after the bus's subscribers.
    event_streaming = providers.Resource(
        run_event_bus,
        infrastructure.event_bus,
        realtime.realtime_hub,
        infrastructure.cache,
        infrastructure.instance_id,
        providers.Callable(
            lambda kind, group: group if kind == "redis" else None, config.adapters.cache, config.kafka.cache_group
        ),
        events.analytics_projection,
        notifications.receipts,
        webhooks.merchant_webhooks,
    )
    relay_worker = providers.Resource(
        relay_in_background,
        events.outbox_relay,
        config.payments.relay_interval_seconds,
        persistence.lifecycle,
        event_streaming,
    )
    reconcile_worker = providers.Resource(
        run_periodically,
        "reconciler",
        payments.reconcile_payments,
        config.payments.reconcile_interval_seconds,
        persistence.lifecycle,
    )
    scheduler_worker = providers.Resource(
        run_scheduler,
        notifications.send_due_notifications,
        config.notifications.scheduler_interval_seconds,
        persistence.lifecycle,
        channels.http_clients,
    )
    webhook_worker = providers.Resource(
        run_periodically,
        "webhook-deliveries",
        webhooks.deliver_webhooks,
        config.merchant_webhooks.poll_interval_seconds,
        persistence.lifecycle,
        webhooks.webhook_http_clients,
    )
    housekeeping_worker = providers.Resource(
        run_periodically,
        "housekeeping",
        system.purge_old_records,
        config.housekeeping.interval_seconds,
        persistence.lifecycle,
    )


def migrate_database(settings: Settings, revision: str = "head") -> None:
    """Apply the Alembic migrations to the settings' transactional database (the CLI's migrate)."""
    from adapters.sql.migrate import upgrade

    upgrade(settings.database.url, revision)


def build_container(profile: str | None = None, settings: Settings | None = None) -> Container:
    """A container for one profile; tests pass their own Settings."""
    settings = settings or load_settings(profile)
    container = Container(settings=settings)
    container.config.from_dict(msgspec.to_builtins(settings))
    return container
