"""The concerns of the composition root: gateways, channels, databases, infrastructure, the
factories and the use-case containers, composed with their config slices."""

from __future__ import annotations

from dependency_injector import containers, providers

from application.idempotency import Idempotency
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
from containers.wiring import database_roles
from entrypoints.answers import created
from entrypoints.settings import Settings


class Concerns(containers.DeclarativeContainer):
    """One small container per concern, each handed its own config slice and the containers it
    depends on; the profile's settings pick one adapter family per port."""

    config = providers.Configuration(strict=True)
    settings = providers.Dependency(instance_of=Settings)

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
    idempotency = providers.Singleton(
        Idempotency, persistence.idempotency, encode=created, shards=persistence.shard_idempotency
    )

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
    queries = providers.Container(
        Queries, settings=settings, databases=databases, factories=factories, persistence=persistence
    )
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
