"""Composition root: the only module that imports adapters. Read it as a table of the wiring."""

from __future__ import annotations

import os
import socket
import uuid
from importlib.metadata import PackageNotFoundError, version

import msgspec
from dependency_injector import containers, providers

from adapters.channels.file import FileChannel
from adapters.databases.mongo import MongoDatabase
from adapters.databases.sqla import SqlaDatabase
from adapters.events.memory import InMemoryEventBus
from adapters.gateways.sandbox import SandboxGateway
from adapters.sql.engine import create_engine, engine_lifespan, write_lock_for
from adapters.sql.idempotency import SqlaIdempotencyStore
from adapters.sql.uow import SqlaUnitOfWork
from application.background import run_periodically, started
from application.confirm_bank_transfer import ConfirmBankTransfer
from application.databases import DescribeDatabases
from application.factories import FactoryEntry, KeyedFactory
from application.get_payment import GetPayment
from application.health import CheckHealth, Dependency
from application.idempotency import Idempotency
from application.list_payments import ListPayments
from application.outbox_relay import OutboxRelay
from application.payment_systems import FamilySpec, PaymentSystemFactory
from application.process_payment import CreatePayment
from application.reconcile_payments import ReconcilePayments
from application.refund_payment import RefundPayment
from application.system_info import DescribeSystem
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


class Persistence(containers.DeclarativeContainer):
    """The transactional store: one pooled engine, a unit of work per transaction, the outbox."""

    config = providers.Configuration()  # the `database` section
    payments = providers.Configuration()  # the `payments` section
    engine = providers.Singleton(
        create_engine, config.url, pool_size=config.pool_size, max_overflow=config.max_overflow,
        pool_timeout=config.pool_timeout, pool_recycle=config.pool_recycle, echo=config.echo)
    # Disposes the pool on shutdown; background loops depend on it so they stop before it.
    write_lock = providers.Singleton(write_lock_for, engine)
    lifecycle = providers.Resource(engine_lifespan, engine, write_lock)
    uow = providers.Factory(SqlaUnitOfWork, engine, write_lock)
    health = providers.Singleton(SqlaDatabase, config.kind, config.url, "transactional",
                                 engine=engine)
    idempotency_sql = providers.Singleton(SqlaIdempotencyStore, engine, write_lock,
                                          payments.idempotency_ttl_seconds)


class Events(containers.DeclarativeContainer):
    """The EventBus port; `adapters.event_bus` picks the adapter."""

    config = providers.Configuration()  # the `adapters` section
    bus = providers.Selector(config.event_bus, memory=providers.Singleton(InMemoryEventBus))
    lifecycle = providers.Resource(started, bus)


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


def _health_dependencies(settings: Settings, databases: Databases,
                         transactional: SqlaDatabase) -> list[Dependency]:
    deps = [Dependency(f"database:{settings.database.kind}", transactional, required=True)]
    if settings.adapters.analytics == "mongodb":
        deps.append(Dependency("analytics:mongodb", databases.mongodb(), required=False))
    return deps


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

    persistence = providers.Container(Persistence, config=config.database, payments=config.payments)
    engine = persistence.engine
    uow = persistence.uow
    idempotency_store = providers.Selector(config.adapters.idempotency,
                                           sql=persistence.idempotency_sql)
    events = providers.Container(Events, config=config.adapters)
    event_bus = events.bus

    describe_databases = providers.Singleton(DescribeDatabases, database_factory)
    check_health = providers.Singleton(
        CheckHealth, providers.Callable(_health_dependencies, settings, databases,
                                        persistence.health))

    # Payments: use cases, then the loops that run beside the API.
    idempotency = providers.Singleton(Idempotency, idempotency_store)
    create_payment = providers.Singleton(CreatePayment, uow.provider, gateway_factory,
                                         payment_systems, idempotency)
    get_payment = providers.Singleton(GetPayment, uow.provider)
    list_payments = providers.Singleton(ListPayments, uow.provider)
    refund_payment = providers.Singleton(RefundPayment, uow.provider, gateway_factory, idempotency)
    confirm_bank_transfer = providers.Singleton(ConfirmBankTransfer, uow.provider,
                                                config.payments.operator_token)
    reconcile_payments = providers.Singleton(
        ReconcilePayments, uow.provider, gateway_factory,
        config.payments.reconcile_after_seconds, config.payments.reconcile_batch_size)
    outbox_relay = providers.Singleton(OutboxRelay, uow.provider, event_bus,
                                       config.payments.relay_batch_size)
    relay_worker = providers.Resource(
        run_periodically, "outbox-relay", outbox_relay.provided.relay_once,
        config.payments.relay_interval_seconds, persistence.lifecycle, events.lifecycle,
        flush_on_stop=True)
    reconcile_worker = providers.Resource(
        run_periodically, "reconciler", reconcile_payments,
        config.payments.reconcile_interval_seconds, persistence.lifecycle)
    describe_system = providers.Singleton(
        DescribeSystem, version=providers.Callable(_version), profile=config.profile,
        instance_id=providers.Callable(_instance_id), adapters=config.adapters)


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
