"""Composition helpers for the containers: factory metadata, values derived from the settings,
and health dependencies."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

from application.factories import FactoryEntry
from application.payments.systems import FamilySpec
from application.system.health import Dependency
from domain.ports import HealthCheck
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


def family_channels(settings: Settings) -> dict[str, str]:
    systems = settings.payment_systems
    return {name: f.channel for name, f in systems.families.items()} if systems else {}


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
