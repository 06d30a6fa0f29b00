"""Composition root: the only package that imports adapters. `Container` is the concerns
(concerns.py: one small container per concern, each handed its own config slice) and what runs
beside the API; read each module as a table of what is wired to what."""

from __future__ import annotations

from typing import Any

import msgspec
from dependency_injector import providers

from adapters.sql.shards import shard_urls
from application.events.outbox_relay import relay_in_background
from application.notifications.scheduler import run_scheduler
from application.system.background import run_periodically
from application.system.shard_loops import other_shards_loops
from containers.concerns import Concerns
from containers.shards import other_shards
from containers.subscriptions import run_event_bus
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


class Container(Concerns):
    """The abstract factory: the concerns, and what runs beside the API."""

    __self__ = providers.Self()
    # name -> provider for the entrypoint's Litestar dependencies, from the USE_CASES containers.
    handler_providers = providers.Callable(_handler_providers, __self__)

    # What runs beside the API. The loops live here, naming the Resources they need directly:
    # dependency-injector starts and stops Resources in order only between providers that refer
    # to each other (not through another container's dependency), and every loop must stop
    # before the engine's pool closes and start after the bus's subscribers.
    event_streaming = providers.Resource(
        run_event_bus,
        Concerns.infrastructure.event_bus,
        Concerns.realtime.realtime_hub,
        Concerns.infrastructure.cache,
        Concerns.infrastructure.instance_id,
        providers.Callable(
            lambda kind, group: group if kind == "redis" else None,
            Concerns.config.adapters.cache,
            Concerns.config.kafka.cache_group,
        ),
        Concerns.events.analytics_projection,
        Concerns.notifications.receipts,
        Concerns.webhooks.merchant_webhooks,
    )
    relay_worker = providers.Resource(
        relay_in_background,
        Concerns.events.outbox_relay,
        Concerns.config.payments.relay_interval_seconds,
        Concerns.persistence.lifecycle,
        event_streaming,
    )
    reconcile_worker = providers.Resource(
        run_periodically,
        "reconciler",
        Concerns.payments.reconcile_payments,
        Concerns.config.payments.reconcile_interval_seconds,
        Concerns.persistence.lifecycle,
    )
    scheduler_worker = providers.Resource(
        run_scheduler,
        Concerns.notifications.send_due_notifications,
        Concerns.config.notifications.scheduler_interval_seconds,
        Concerns.persistence.lifecycle,
        Concerns.channels.http_clients,
    )
    webhook_worker = providers.Resource(
        run_periodically,
        "webhook-deliveries",
        Concerns.webhooks.deliver_webhooks,
        Concerns.config.merchant_webhooks.poll_interval_seconds,
        Concerns.persistence.lifecycle,
        Concerns.webhooks.webhook_http_clients,
    )
    housekeeping_worker = providers.Resource(
        run_periodically,
        "housekeeping",
        Concerns.system.purge_old_records,
        Concerns.config.housekeeping.interval_seconds,
        Concerns.persistence.lifecycle,
    )
    # User-based sharding (issue 19): the shards after the first, each with its own relay (and
    # lease), reconciler pass and housekeeping. Unsharded: no shards here, nothing runs.
    shard_loops = providers.Resource(
        other_shards_loops,
        providers.Callable(other_shards, Concerns.persistence.shards),
        Concerns.events.shard_outbox_relay.provider,
        Concerns.payments.shard_reconciler.provider,
        Concerns.system.shard_purge.provider,
        Concerns.config.payments.relay_interval_seconds,
        Concerns.config.payments.reconcile_interval_seconds,
        Concerns.config.housekeeping.interval_seconds,
        Concerns.persistence.other_engines,
        event_streaming,
    )


def migrate_database(settings: Settings, revision: str = "head") -> None:
    """Apply the Alembic migrations to the settings' transactional database (the CLI's migrate)."""
    from adapters.sql.migrate import upgrade

    for _, url in shard_urls(msgspec.to_builtins(settings.database)):  # every shard (issue 19)
        upgrade(url, revision)


def build_container(profile: str | None = None, settings: Settings | None = None) -> Container:
    """A container for one profile; tests pass their own Settings."""
    settings = settings or load_settings(profile)
    container = Container(settings=settings)
    container.config.from_dict(msgspec.to_builtins(settings))
    return container
