"""The keyed factories: gateways, channels and databases by name, with each member's metadata."""

from __future__ import annotations

from dependency_injector import containers, providers

from application.factories import KeyedFactory
from containers.wiring import database_entries, provider_entries
from entrypoints.settings import Settings


class Factories(containers.DeclarativeContainer):
    """What `/api/v1/factories` lists and what the use cases create members with."""

    gateway_config = providers.Configuration()  # the `payment_gateways` section
    channel_config = providers.Configuration()  # the `notification_channels` section
    settings = providers.Dependency(instance_of=Settings)
    gateways = providers.DependenciesContainer()
    channels = providers.DependenciesContainer()
    databases = providers.DependenciesContainer()

    gateway_factory = providers.Singleton(
        KeyedFactory,
        "payment-gateways",
        "Creates payment gateway implementations",
        gateways.by_name.provider,
        providers.Callable(provider_entries, gateways, gateway_config),
    )
    channel_factory = providers.Singleton(
        KeyedFactory,
        "notification-channels",
        "Creates notification channel implementations",
        channels.by_name.provider,
        providers.Callable(provider_entries, channels, channel_config),
    )
    database_factory = providers.Singleton(
        KeyedFactory,
        "databases",
        "Creates database connection implementations",
        databases.by_name.provider,
        providers.Callable(database_entries, databases, settings),
    )
