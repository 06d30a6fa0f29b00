"""Composition root: the only module that imports adapters. Read it as a table of the wiring."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import AsyncIterator
from importlib.metadata import PackageNotFoundError, version
from operator import attrgetter

import msgspec
from dependency_injector import containers, providers

from adapters.channels.file import FileChannel
from adapters.databases.mongo import MongoDatabase
from adapters.databases.sqla import SqlaDatabase
from adapters.events.kafka import KafkaEventBus
from adapters.events.memory import InMemoryEventBus
from adapters.gateways.sandbox import SandboxGateway
from adapters.memory.cache import InMemoryCache
from adapters.memory.ratelimit import InMemoryRateLimiter
from adapters.realtime.memory import InMemoryRealtimeHub
from adapters.redis.cache import RedisCache
from adapters.redis.client import RedisHealth, create_redis_client, redis_lifecycle
from adapters.redis.idempotency import RedisIdempotencyStore
from adapters.redis.ratelimit import RedisRateLimiter
from application.databases import DescribeDatabases
from application.factories import FactoryEntry, KeyedFactory
from application.health import CheckHealth, Dependency
from application.payment_systems import FamilySpec, PaymentSystemFactory
from application.read_through import invalidate_payment_cache
from application.system_info import DescribeSystem
from domain.ports import Cache, EventBus, RealtimeHub
from entrypoints.settings import Settings, load_settings

GATEWAYS = ("stripe", "paypal", "razorpay", "bank_transfer", "digital_wallet")
CHANNELS = ("email", "sms", "push", "whatsapp", "slack")
DATABASES = ("mysql", "postgresql", "mongodb", "sqlite")


def _sandbox(name: str) -> providers.Singleton:
    return providers.Singleton(SandboxGateway, name)


class Gateways(containers.DeclarativeContainer):
    """Each gateway: `mode` in its config slice picks the sandbox or the live adapter."""

    config = providers.Configuration()
    stripe = providers.Selector(config.stripe.mode, sandbox=_sandbox("stripe"))
    paypal = providers.Selector(config.paypal.mode, sandbox=_sandbox("paypal"))
    razorpay = providers.Selector(config.razorpay.mode, sandbox=_sandbox("razorpay"))
    bank_transfer = providers.Selector(config.bank_transfer.mode, sandbox=_sandbox("bank_transfer"))
    digital_wallet = providers.Selector(config.digital_wallet.mode,
                                        sandbox=_sandbox("digital_wallet"))
    by_name = providers.Aggregate(stripe=stripe, paypal=paypal, razorpay=razorpay,
                                  bank_transfer=bank_transfer, digital_wallet=digital_wallet)


def _file(name: str) -> providers.Singleton:
    return providers.Singleton(FileChannel, name)


class Channels(containers.DeclarativeContainer):
    """Each channel: `mode` picks the file writer (local) or the live provider adapter."""

    config = providers.Configuration()
    email = providers.Selector(config.email.mode, sandbox=_file("email"))
    sms = providers.Selector(config.sms.mode, sandbox=_file("sms"))
    push = providers.Selector(config.push.mode, sandbox=_file("push"))
    whatsapp = providers.Selector(config.whatsapp.mode, sandbox=_file("whatsapp"))
    slack = providers.Selector(config.slack.mode, sandbox=_file("slack"))
    by_name = providers.Aggregate(email=email, sms=sms, push=push, whatsapp=whatsapp, slack=slack)


class Databases(containers.DeclarativeContainer):
    """The database factory's members; each connects lazily."""

    config = providers.Configuration()
    roles = providers.Dependency(instance_of=dict)
    mysql = providers.Singleton(SqlaDatabase, "mysql", config.databases.mysql.url,
                                roles.provided["mysql"])
    postgresql = providers.Singleton(SqlaDatabase, "postgresql", config.databases.postgresql.url,
                                     roles.provided["postgresql"])
    mongodb = providers.Singleton(MongoDatabase, "mongodb", config.databases.mongodb.url,
                                  roles.provided["mongodb"])
    sqlite = providers.Singleton(SqlaDatabase, "sqlite", config.databases.sqlite.url,
                                 roles.provided["sqlite"])
    by_name = providers.Aggregate(mysql=mysql, postgresql=postgresql, mongodb=mongodb,
                                  sqlite=sqlite)


def _provider_entries(family: containers.Container, config: dict) -> list[FactoryEntry]:
    entries = []
    for name in family.by_name.providers:
        cfg = config.get(name, {})
        adapter = getattr(family, name).providers.get(cfg.get("mode"))
        entries.append(FactoryEntry(
            name=name, description=cfg.get("description", ""),
            enabled=bool(cfg.get("enabled")) and adapter is not None,
            adapter=adapter.cls.__name__ if adapter else f"none for mode '{cfg.get('mode')}'",
            mode=cfg.get("mode"),
            settings_present={k: v not in ("", None) for k, v in cfg.get("credentials", {}).items()},
        ))
    return entries


def _database_entries(family: containers.Container, settings: Settings) -> list[FactoryEntry]:
    roles = database_roles(settings)
    return [FactoryEntry(
        name=name, description=settings.databases[name].description,
        enabled=settings.databases[name].enabled or bool(roles[name]),
        adapter=getattr(family, name).cls.__name__, role=roles[name] or None,
        settings_present={"url": bool(settings.databases[name].url)},
    ) for name in family.by_name.providers]


def database_roles(settings: Settings) -> dict[str, str]:
    """Which database serves transactions and which analytics in this profile."""
    roles = dict.fromkeys(DATABASES, "")
    roles[settings.database.kind] = "transactional"
    analytics = "mongodb" if settings.adapters.analytics == "mongodb" else settings.database.kind
    roles[analytics] = "+".join(filter(None, (roles[analytics], "analytics")))
    return roles


def _families(settings: Settings) -> list[FamilySpec]:
    systems = settings.payment_systems
    if systems is None:
        return []
    return [FamilySpec(name=name, description=f.description, gateways=f.gateways,
                       channel=f.channel, database=settings.database.kind,
                       default=name == systems.default) for name, f in systems.families.items()]


def _health_dependencies(settings: Settings, databases: Databases, event_bus: providers.Provider,
                         redis_health: providers.Provider) -> list[Dependency]:
    deps = [Dependency(f"database:{settings.database.kind}",
                       databases.by_name(settings.database.kind), required=True)]
    if settings.adapters.analytics == "mongodb":
        deps.append(Dependency("analytics:mongodb", databases.mongodb(), required=False))
    if settings.adapters.event_bus == "kafka":  # down: events wait in the outbox
        deps.append(Dependency("events:kafka", event_bus(), required=False))
    adapters = settings.adapters
    if "redis" in (adapters.cache, adapters.rate_limiter, adapters.idempotency):
        deps.append(Dependency("cache:redis", redis_health(), required=False))  # reads fall back
    return deps


async def run_event_bus(bus: EventBus, hub: RealtimeHub, cache: Cache, instance_id: str,
                        shared_cache: bool) -> AsyncIterator[EventBus]:
    """Subscribe this instance's consumers, then start the bus with the app and stop it after.

    WebSocket fan-out needs every event on every instance: a group per instance, live only.
    A shared (Redis) cache is invalidated once per event by one shared group.
    """
    bus.subscribe(f"realtime-{instance_id}", hub.broadcast, from_beginning=False)
    bus.subscribe("cache-invalidation" if shared_cache else f"cache-{instance_id}",
                  invalidate_payment_cache(cache), from_beginning=False)
    await bus.start()
    try:
        yield bus
    finally:
        await bus.stop()


def _instance_id() -> str:
    return os.environ.get("INSTANCE_ID") or f"{socket.gethostname()}-{uuid.uuid4().hex[:8]}"


def _version() -> str:
    try:
        return version("factory-service")
    except PackageNotFoundError:
        return "0.0.0+local"


class Container(containers.DeclarativeContainer):
    """The abstract factory: the profile's settings pick one adapter family per port."""

    config = providers.Configuration(strict=True)
    settings = providers.Dependency(instance_of=Settings)

    gateways = providers.Container(Gateways, config=config.payment_gateways)
    channels = providers.Container(Channels, config=config.notification_channels)
    databases = providers.Container(Databases, config=config,
                                    roles=providers.Callable(database_roles, settings))

    gateway_factory = providers.Singleton(
        KeyedFactory, "payment-gateways", "Creates payment gateway implementations",
        gateways.by_name.provider,
        providers.Callable(_provider_entries, gateways, config.payment_gateways))
    channel_factory = providers.Singleton(
        KeyedFactory, "notification-channels", "Creates notification channel implementations",
        channels.by_name.provider,
        providers.Callable(_provider_entries, channels, config.notification_channels))
    database_factory = providers.Singleton(
        KeyedFactory, "databases", "Creates database connection implementations",
        databases.by_name.provider, providers.Callable(_database_entries, databases, settings))
    payment_systems = providers.Singleton(
        PaymentSystemFactory, providers.Callable(_families, settings), gateway_factory,
        channel_factory)

    instance_id = providers.Singleton(_instance_id)

    # Streaming, cache, rate limiting: `adapters.<port>` in the profile picks the adapter.
    redis_client = providers.Singleton(create_redis_client, config.redis.url,
                                       config.redis.socket_timeout_seconds)
    redis_connection = providers.Resource(redis_lifecycle, redis_client)
    redis_health = providers.Singleton(RedisHealth, redis_client)
    event_bus = providers.Selector(
        config.adapters.event_bus,
        memory=providers.Singleton(InMemoryEventBus),
        kafka=providers.Singleton(
            KafkaEventBus, config.kafka.bootstrap_servers, config.kafka.topic,
            client_id=config.kafka.client_id, partitions=config.kafka.partitions,
            request_timeout_ms=config.kafka.request_timeout_ms,
            session_timeout_ms=config.kafka.session_timeout_ms,
            heartbeat_interval_ms=config.kafka.heartbeat_interval_ms,
            handler_max_attempts=config.kafka.handler_max_attempts))
    cache = providers.Selector(
        config.adapters.cache,
        memory=providers.Singleton(InMemoryCache),
        redis=providers.Singleton(RedisCache, redis_client, config.redis.key_prefix))
    rate_limiter = providers.Selector(
        config.adapters.rate_limiter,
        memory=providers.Singleton(InMemoryRateLimiter),
        redis=providers.Singleton(RedisRateLimiter, redis_client, config.redis.key_prefix))
    # The `sql` choice (the production default keeps `redis`) comes with the SQL unit of work.
    idempotency_store = providers.Selector(
        config.adapters.idempotency,
        redis=providers.Singleton(
            RedisIdempotencyStore, redis_client, config.redis.key_prefix,
            ttl_seconds=config.redis.idempotency_ttl_seconds,
            lock_seconds=config.redis.idempotency_lock_seconds))
    realtime_hub = providers.Singleton(InMemoryRealtimeHub, config.realtime.queue_size)
    realtime_settings = providers.Callable(attrgetter("realtime"), settings)
    event_streaming = providers.Resource(
        run_event_bus, event_bus, realtime_hub, cache, instance_id,
        providers.Callable(lambda kind: kind == "redis", config.adapters.cache))

    describe_databases = providers.Singleton(DescribeDatabases, database_factory)
    check_health = providers.Singleton(
        CheckHealth, providers.Callable(_health_dependencies, settings, databases,
                                        event_bus.provider, redis_health.provider))
    describe_system = providers.Singleton(
        DescribeSystem, version=providers.Callable(_version), profile=config.profile,
        instance_id=instance_id, adapters=config.adapters)


def build_container(profile: str | None = None, settings: Settings | None = None) -> Container:
    """A container for one profile; tests pass their own Settings."""
    settings = settings or load_settings(profile)
    container = Container(settings=settings)
    container.config.from_dict(msgspec.to_builtins(settings))
    return container
