"""Composition root: the only module that imports adapters. Read it as a table of the wiring."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

import msgspec
from dependency_injector import containers, providers
from prometheus_client import CollectorRegistry

from adapters.analytics.mongo import MongoAnalyticsStore
from adapters.analytics.sql import SqlAnalyticsStore
from adapters.channels.fcm import FcmPushChannel
from adapters.channels.file import FileChannel
from adapters.channels.google_auth import ServiceAccountTokens
from adapters.channels.slack import SlackWebhookChannel
from adapters.channels.smtp import SmtpEmailChannel
from adapters.channels.twilio import TwilioSmsChannel
from adapters.channels.twilio_status import TwilioDeliveryReceipts
from adapters.channels.whatsapp import WhatsAppCloudChannel
from adapters.channels.whatsapp_status import WhatsAppDeliveryReceipts
from adapters.databases.mongo import MongoDatabase
from adapters.databases.sqla import SqlaDatabase
from adapters.events.delivery import HandlerDelivery
from adapters.events.kafka import KafkaEventBus
from adapters.events.memory import InMemoryEventBus
from adapters.gateways.bank_transfer import BankTransferGateway
from adapters.gateways.paypal import PayPalGateway
from adapters.gateways.razorpay import RazorpayGateway
from adapters.gateways.sandbox import TRIGGERS, SandboxGateway
from adapters.gateways.stripe import StripeGateway
from adapters.gateways.wallet import DigitalWalletGateway
from adapters.http import close_on_shutdown, create_http_client
from adapters.http_webhooks import HttpxWebhookSender
from adapters.memory.auth_rates import InMemoryAuthRateStore
from adapters.memory.cache import InMemoryCache
from adapters.memory.ratelimit import InMemoryRateLimiter
from adapters.metrics.noop import NoopMetrics
from adapters.metrics.prometheus import PrometheusMetrics
from adapters.realtime.memory import InMemoryRealtimeHub
from adapters.redis.auth_rates import RedisAuthRateStore
from adapters.redis.cache import RedisCache
from adapters.redis.client import RedisHealth, create_redis_client, redis_lifecycle
from adapters.redis.ratelimit import RedisRateLimiter
from adapters.sql.dead_letters import SqlaDeadLetterStore
from adapters.sql.engine import create_engine, engine_lifespan, write_lock_for
from adapters.sql.idempotency import SqlaIdempotencyStore
from adapters.sql.maintenance import SqlaMaintenanceStore
from adapters.sql.shards import ShardRouter, shard_engines, shard_urls
from adapters.sql.templates import SqlaPreferenceStore, SqlaTemplateStore
from adapters.sql.uow import SqlaUnitOfWork
from adapters.sql.webhook_deliveries import SqlaWebhookDeliveryStore
from adapters.sql.webhook_endpoints import SqlaWebhookEndpointStore
from adapters.templates.jinja import JinjaTemplateEngine
from application.authorizations import Authorizations
from application.background import run_periodically
from application.capture_payment import CancelPayment, CapturePayment
from application.client_tokens import ClientTokenSigner, IssueClientToken
from application.confirm_bank_transfer import ConfirmBankTransfer
from application.dead_letters import ListDeadLetters, ReplayDeadLetters
from application.factories import KeyedFactory
from application.factory_members import create_factory_members
from application.fail_payment import FailPayment
from application.gateway_routing import GatewayRouter
from application.get_notification import GetNotification
from application.get_payment import GetPayment
from application.handle_webhook import HandleWebhook
from application.health import CheckHealth, CheckReadiness
from application.housekeeping import PurgeOldRecords
from application.idempotency import Idempotency
from application.list_payments import ListPayments
from application.merchant_webhooks.deliver import DeliverWebhooks
from application.merchant_webhooks.endpoints import WebhookEndpoints
from application.merchant_webhooks.fan_out import EnqueueWebhookDeliveries
from application.notification_delivery import NotificationDelivery
from application.notifications.catalog import TemplateCatalog
from application.notifications.compose import Composer, Safety
from application.notifications.manage_templates import DeleteTemplate, GetTemplate, ListTemplates, PutTemplate
from application.notifications.preferences import GetPreferences, PutPreferences
from application.notifications.receipts import HandleDeliveryReceipt, VerifySubscription
from application.notifications.scheduler import CancelNotification, SendDueNotifications, run_scheduler
from application.outbox_relay import Doorbell, OutboxRelay, relay_in_background
from application.outbox_status import DescribeOutbox
from application.payment_cache import PaymentCache
from application.payment_systems import PaymentSystemFactory
from application.process_payment import CreatePayment
from application.project_analytics import ProjectEvent
from application.query_catalog import QueryCatalog
from application.reconcile_payments import ReconcilePayments
from application.refund_payment import RefundPayment
from application.send_multichannel import SendMultiChannel
from application.send_notification import SendNotification
from application.send_receipt import SendReceipt
from application.shard_databases import DescribeShardedDatabases
from application.shard_loops import ReconcileEveryShard, other_shards_loops
from application.shard_queries import RunNamedQueryOnShards, RunQueryOnShards
from application.system_info import DescribeSystem
from entrypoints.answers import created
from entrypoints.metrics import HttpMetrics
from entrypoints.settings import Settings, load_settings
from entrypoints.shard_wiring import other_shards, shard_databases, shard_outboxes, sharded_health
from entrypoints.wiring import (
    client_token_secrets,
    close_database_connections,
    database_entries,
    database_roles,
    family_channels,
    family_specs,
    millis,
    new_instance_id,
    package_version,
    process_started,
    provider_entries,
    query_timeouts_of,
    replay_handlers,
    retry_policies,
    routing_of,
    run_event_bus,
    subscribe_analytics,
    subscribe_merchant_webhooks,
    subscribe_receipts,
    webhook_retry_policy,
)


def _sandbox(name: str, cfg: providers.Configuration) -> providers.Singleton:
    return providers.Singleton(SandboxGateway, name, ledger_dir=cfg.ledger_dir, latency_seconds=cfg.latency_seconds)


def _http(cfg: providers.ConfigurationOption) -> providers.Singleton:
    return providers.Singleton(create_http_client, cfg.base_url, timeout=cfg.timeout_seconds)


def _live(adapter: type, cfg: providers.ConfigurationOption, http: providers.Singleton) -> providers.Singleton:
    return providers.Singleton(
        adapter, http, credentials=cfg.credentials, options=cfg.options, max_retries=cfg.max_retries
    )


class Gateways(containers.DeclarativeContainer):
    """Each gateway: `mode` in its config slice picks the sandbox or the live adapter. Each live
    adapter has its own pooled client; `http_clients` closes them all when the app stops."""

    config = providers.Configuration()
    simulators = providers.Configuration()  # the `sandbox` section: ledger and latency
    stripe_http = _http(config.stripe)
    paypal_http = _http(config.paypal)
    razorpay_http = _http(config.razorpay)
    wallet_http = _http(config.digital_wallet)
    http_clients = providers.Resource(close_on_shutdown, stripe_http, paypal_http, razorpay_http, wallet_http)

    stripe = providers.Selector(
        config.stripe.mode,
        sandbox=_sandbox("stripe", simulators),
        live=_live(StripeGateway, config.stripe, stripe_http),
    )
    paypal = providers.Selector(
        config.paypal.mode,
        sandbox=_sandbox("paypal", simulators),
        live=_live(PayPalGateway, config.paypal, paypal_http),
    )
    razorpay = providers.Selector(
        config.razorpay.mode,
        sandbox=_sandbox("razorpay", simulators),
        live=_live(RazorpayGateway, config.razorpay, razorpay_http),
    )
    bank_transfer = providers.Selector(
        config.bank_transfer.mode,
        sandbox=_sandbox("bank_transfer", simulators),
        live=providers.Singleton(
            BankTransferGateway, credentials=config.bank_transfer.credentials, options=config.bank_transfer.options
        ),
    )
    digital_wallet = providers.Selector(
        config.digital_wallet.mode,
        sandbox=_sandbox("digital_wallet", simulators),
        live=_live(DigitalWalletGateway, config.digital_wallet, wallet_http),
    )
    by_name = providers.Aggregate(
        stripe=stripe, paypal=paypal, razorpay=razorpay, bank_transfer=bank_transfer, digital_wallet=digital_wallet
    )


def _file(name: str, outbox_dir: providers.Provider, sender: providers.Provider | str = "") -> providers.Singleton:
    return providers.Singleton(FileChannel, name, outbox_dir, sender)


class Channels(containers.DeclarativeContainer):
    """Each channel: `mode` picks the file writer (sandbox) or the live provider adapter."""

    config = providers.Configuration()
    outbox_dir = providers.Dependency(instance_of=str)

    sms_http, push_http = _http(config.sms), _http(config.push)
    whatsapp_http, slack_http = _http(config.whatsapp), _http(config.slack)
    http_clients = providers.Resource(close_on_shutdown, sms_http, push_http, whatsapp_http, slack_http)

    email = providers.Selector(
        config.email.mode,
        sandbox=_file("email", outbox_dir, config.email.credentials.from_address),
        live=providers.Singleton(
            SmtpEmailChannel,
            host=config.email.credentials.host,
            port=config.email.credentials.port,
            from_address=config.email.credentials.from_address,
            username=config.email.credentials.username,
            password=config.email.credentials.password,
            starttls=config.email.options.starttls,
            use_tls=config.email.options.use_tls,
            validate_certs=config.email.options.validate_certs,
            cert_bundle=config.email.options.cert_bundle,
            timeout=config.email.timeout_seconds,
        ),
    )
    sms = providers.Selector(
        config.sms.mode,
        sandbox=_file("sms", outbox_dir, config.sms.credentials.from_number),
        live=providers.Singleton(
            TwilioSmsChannel,
            sms_http,
            account_sid=config.sms.credentials.account_sid,
            auth_token=config.sms.credentials.auth_token,
            from_number=config.sms.credentials.from_number,
            status_callback_url=config.sms.options.status_callback_url,
        ),
    )
    push = providers.Selector(
        config.push.mode,
        sandbox=_file("push", outbox_dir),
        live=providers.Singleton(
            FcmPushChannel,
            push_http,
            project_id=config.push.credentials.project_id,
            tokens=providers.Singleton(
                ServiceAccountTokens,
                push_http,
                service_account_file=config.push.credentials.service_account_file,
                service_account_json=config.push.credentials.service_account_json,
            ),
        ),
    )
    whatsapp = providers.Selector(
        config.whatsapp.mode,
        sandbox=_file("whatsapp", outbox_dir),
        live=providers.Singleton(
            WhatsAppCloudChannel,
            whatsapp_http,
            access_token=config.whatsapp.credentials.access_token,
            phone_number_id=config.whatsapp.credentials.phone_number_id,
        ),
    )
    slack = providers.Selector(
        config.slack.mode,
        sandbox=_file("slack", outbox_dir),
        live=providers.Singleton(SlackWebhookChannel, slack_http, webhook_url=config.slack.credentials.webhook_url),
    )
    by_name = providers.Aggregate(email=email, sms=sms, push=push, whatsapp=whatsapp, slack=slack)
    # Delivery receipts: the providers' signed status callbacks, by webhook path name.
    receipts = providers.Dict(
        twilio=providers.Singleton(
            TwilioDeliveryReceipts,
            auth_token=config.sms.credentials.auth_token,
            status_callback_url=config.sms.options.status_callback_url,
        ),
        whatsapp=providers.Singleton(
            WhatsAppDeliveryReceipts,
            app_secret=config.whatsapp.credentials.app_secret,
            verify_token=config.whatsapp.credentials.verify_token,
        ),
    )


class Databases(containers.DeclarativeContainer):
    """The database factory's members; each connects lazily, pools and timeouts per member."""

    config = providers.Configuration()
    roles = providers.Dependency(instance_of=dict)
    mysql = providers.Singleton(
        SqlaDatabase, "mysql", config.databases.mysql.url, roles.provided["mysql"], options=config.databases.mysql
    )
    postgresql = providers.Singleton(
        SqlaDatabase,
        "postgresql",
        config.databases.postgresql.url,
        roles.provided["postgresql"],
        options=config.databases.postgresql,
    )
    mongodb = providers.Singleton(
        MongoDatabase,
        "mongodb",
        config.databases.mongodb.url,
        roles.provided["mongodb"],
        database=config.mongodb.database,
        timeout_ms=providers.Callable(millis, config.databases.mongodb.connect_timeout),
    )
    sqlite = providers.Singleton(
        SqlaDatabase, "sqlite", config.databases.sqlite.url, roles.provided["sqlite"], options=config.databases.sqlite
    )
    by_name: providers.Aggregate[Any] = providers.Aggregate(
        mysql=mysql, postgresql=postgresql, mongodb=mongodb, sqlite=sqlite
    )


class Persistence(containers.DeclarativeContainer):
    """The transactional store: one pooled engine, a unit of work per transaction, the outbox."""

    config = providers.Configuration()  # the `database` section
    payments = providers.Configuration()  # the `payments` section
    engine = providers.Singleton(
        create_engine,
        config.url,
        pool_size=config.pool_size,
        max_overflow=config.max_overflow,
        pool_timeout=config.pool_timeout,
        pool_recycle=config.pool_recycle,
        echo=config.echo,
    )
    # Disposes the pool on shutdown; background loops depend on it so they stop before it.
    write_lock = providers.Singleton(write_lock_for, engine)
    lifecycle = providers.Resource(engine_lifespan, engine, write_lock)
    # Set by every commit that wrote events: the outbox relay publishes right after it.
    events_committed = providers.Singleton(Doorbell)
    primary_uow = providers.Factory(SqlaUnitOfWork, engine, write_lock, on_events=events_committed.provided.ring)
    health = providers.Singleton(SqlaDatabase, config.kind, config.url, "transactional", engine=engine)
    # Idempotency-Key records live beside the rows they speak for, in every profile.
    idempotency = providers.Singleton(
        SqlaIdempotencyStore,
        engine,
        write_lock,
        payments.idempotency_ttl_seconds,
        payments.idempotency_lock_seconds,
    )
    templates = providers.Singleton(SqlaTemplateStore, engine, write_lock)
    preferences = providers.Singleton(SqlaPreferenceStore, engine, write_lock)
    dead_letters = providers.Singleton(SqlaDeadLetterStore, engine, write_lock)
    maintenance = providers.Singleton(SqlaMaintenanceStore, engine, write_lock)

    # --- User-based sharding (issue 19, docs/sharding.md) ---------------------------------------
    # `database.shards`: one engine, write lock, unit of work and Idempotency-Key store per shard,
    # the first shard being the engine above. `uow` routes each call by user or id; with one
    # shard or none it is `primary_uow`, exactly as before. The other shards' pools close with
    # the app (other_engines).
    shards = providers.Singleton(
        ShardRouter,
        config,
        payments,
        engine,
        write_lock,
        events_committed,
        primary_uow.provider,
        providers.Object(Doorbell),
    )
    other_engines = providers.Resource(shard_engines, shards, lifecycle)
    uow = providers.Callable(ShardRouter.unit_of_work, shards)
    # ---------------------------------------------------------------------------------------------


class Container(containers.DeclarativeContainer):
    """The abstract factory: the profile's settings pick one adapter family per port."""

    config = providers.Configuration(strict=True)
    settings = providers.Dependency(instance_of=Settings)

    gateways = providers.Container(Gateways, config=config.payment_gateways, simulators=config.sandbox)
    channels = providers.Container(
        Channels, config=config.notification_channels, outbox_dir=config.notifications.outbox_dir
    )
    databases = providers.Container(Databases, config=config, roles=providers.Callable(database_roles, settings))

    gateway_factory = providers.Singleton(
        KeyedFactory,
        "payment-gateways",
        "Creates payment gateway implementations",
        gateways.by_name.provider,
        providers.Callable(provider_entries, gateways, config.payment_gateways),
    )
    channel_factory = providers.Singleton(
        KeyedFactory,
        "notification-channels",
        "Creates notification channel implementations",
        channels.by_name.provider,
        providers.Callable(provider_entries, channels, config.notification_channels),
    )
    database_factory = providers.Singleton(
        KeyedFactory,
        "databases",
        "Creates database connection implementations",
        databases.by_name.provider,
        providers.Callable(database_entries, databases, settings),
    )

    persistence = providers.Container(Persistence, config=config.database, payments=config.payments)
    engine = persistence.engine
    uow = persistence.uow

    # --- User-based sharding (issue 19): what the other providers take from the shard router ---
    # Unsharded, every one of these is a no-op: ids without a bucket, one Idempotency-Key store,
    # no shard entries in health/databases/queries, no extra loops.
    shard_router = persistence.shards
    shard_ids = shard_router.provided.ids  # ids carry the user's bucket when sharded
    shard_idempotency = providers.Callable(lambda r: r.idempotency_store if r.sharded else None, shard_router)
    shard_query_databases = providers.Callable(shard_databases, shard_router)
    shard_kind = config.database.kind
    # ---------------------------------------------------------------------------------------------

    instance_id = providers.Singleton(new_instance_id)

    # One registry per container: business series (the Metrics port) and HTTP series on it.
    metrics_registry = providers.Singleton(CollectorRegistry)
    metrics = providers.Selector(
        config.adapters.metrics,
        prometheus=providers.Singleton(PrometheusMetrics, metrics_registry),
        noop=providers.Singleton(NoopMetrics),
    )
    http_metrics = providers.Singleton(HttpMetrics, metrics_registry)

    # Streaming, cache, rate limiting: `adapters.<port>` in the profile picks the adapter.
    redis_client = providers.Singleton(
        create_redis_client, config.redis.url, config.redis.socket_timeout_seconds, config.redis.cluster
    )
    redis_connection = providers.Resource(redis_lifecycle, redis_client)
    redis_health = providers.Singleton(RedisHealth, redis_client)
    # Either bus hands events to handlers the same way: retried, then dead-lettered in SQL.
    handler_delivery = providers.Singleton(
        HandlerDelivery,
        persistence.dead_letters,
        retry_base_seconds=config.events.retry_base_seconds,
        retry_max_seconds=config.events.retry_max_seconds,
        retry_for_seconds=config.events.retry_for_seconds,
        metrics=metrics,
    )
    event_bus = providers.Selector(
        config.adapters.event_bus,
        memory=providers.Singleton(InMemoryEventBus, handler_delivery),
        kafka=providers.Singleton(
            KafkaEventBus,
            config.kafka.bootstrap_servers,
            config.kafka.topic,
            client_id=config.kafka.client_id,
            partitions=config.kafka.partitions,
            request_timeout_ms=config.kafka.request_timeout_ms,
            session_timeout_ms=config.kafka.session_timeout_ms,
            heartbeat_interval_ms=config.kafka.heartbeat_interval_ms,
            enable_idempotence=config.kafka.enable_idempotence,
            start_margin_seconds=config.events.start_margin_seconds,
            delivery=handler_delivery,
        ),
    )
    cache = providers.Selector(
        config.adapters.cache,
        memory=providers.Singleton(InMemoryCache),
        redis=providers.Singleton(RedisCache, redis_client, config.redis.key_prefix),
    )
    rate_limiter = providers.Selector(
        config.adapters.rate_limiter,
        memory=providers.Singleton(InMemoryRateLimiter),
        redis=providers.Singleton(RedisRateLimiter, redis_client, config.redis.key_prefix),
    )
    realtime_hub = providers.Singleton(InMemoryRealtimeHub, config.realtime.queue_size, metrics=metrics)
    realtime_settings = providers.Callable(attrgetter("realtime"), settings)
    client_token_signer = providers.Singleton(ClientTokenSigner, providers.Callable(client_token_secrets, settings))
    issue_client_token = providers.Singleton(
        IssueClientToken, client_token_signer, config.security.client_token_max_ttl_seconds
    )

    notification_delivery = providers.Singleton(
        NotificationDelivery,
        channel_factory,
        uow.provider,
        providers.Callable(retry_policies, config.notification_channels, config.notifications),
        metrics=metrics,
    )
    idempotency = providers.Singleton(Idempotency, persistence.idempotency, encode=created, shards=shard_idempotency)
    template_catalog = providers.Singleton(
        TemplateCatalog, persistence.templates, providers.Singleton(JinjaTemplateEngine)
    )
    composer = providers.Singleton(
        Composer,
        template_catalog,
        persistence.preferences,
        rate_limiter,
        providers.Singleton(
            Safety,
            recipient_hourly_cap=config.notifications.recipient_hourly_cap,
            dedupe_window_seconds=config.notifications.dedupe_window_seconds,
            max_schedule_days=config.notifications.max_schedule_days,
        ),
        ids=shard_ids,
    )
    send_notification = providers.Singleton(SendNotification, notification_delivery, idempotency, composer)
    send_multichannel = providers.Singleton(SendMultiChannel, notification_delivery, idempotency, composer)
    get_notification = providers.Singleton(GetNotification, uow.provider)
    cancel_notification = providers.Singleton(CancelNotification, uow.provider)
    put_template = providers.Singleton(PutTemplate, template_catalog, channel_factory)
    get_template = providers.Singleton(GetTemplate, template_catalog)
    list_templates = providers.Singleton(ListTemplates, template_catalog)
    delete_template = providers.Singleton(DeleteTemplate, template_catalog)
    get_preferences = providers.Singleton(GetPreferences, persistence.preferences)
    put_preferences = providers.Singleton(PutPreferences, persistence.preferences, channel_factory)
    handle_delivery_receipt = providers.Singleton(HandleDeliveryReceipt, uow.provider, channels.receipts)
    verify_subscription = providers.Singleton(VerifySubscription, channels.receipts)
    send_due_notifications = providers.Singleton(
        SendDueNotifications, uow.provider, notification_delivery, config.notifications.scheduler_batch_size
    )
    scheduler_worker = providers.Resource(
        run_scheduler,
        send_due_notifications,
        config.notifications.scheduler_interval_seconds,
        persistence.lifecycle,
        channels.http_clients,
    )

    describe_databases = providers.Singleton(
        DescribeShardedDatabases, database_factory, shard_query_databases, shard_kind
    )
    database_connections = providers.Resource(
        close_database_connections,
        providers.List(databases.mysql, databases.postgresql, databases.mongodb, databases.sqlite),
    )
    query_catalog = providers.Singleton(QueryCatalog)
    query_timeouts = providers.Callable(query_timeouts_of, settings)
    run_named_query = providers.Singleton(
        RunNamedQueryOnShards,
        database_factory,
        query_catalog,
        query_timeouts,
        shards=shard_query_databases,
        kind=shard_kind,
    )
    run_query_everywhere = providers.Singleton(
        RunQueryOnShards,
        database_factory,
        query_catalog,
        query_timeouts,
        shards=shard_query_databases,
        kind=shard_kind,
    )

    analytics_store = providers.Selector(
        config.adapters.analytics,
        sql=providers.Singleton(SqlAnalyticsStore, engine=persistence.engine, write_lock=persistence.write_lock),
        mongodb=providers.Singleton(MongoAnalyticsStore, config.mongodb.url, config.mongodb.database),
    )
    project_event = providers.Singleton(ProjectEvent, analytics_store)
    analytics_projection = providers.Resource(
        subscribe_analytics, event_bus, project_event, config.kafka.analytics_group, analytics_store
    )
    send_receipt = providers.Singleton(
        SendReceipt,
        uow.provider,
        send_notification,
        providers.Callable(family_channels, settings),
        config.receipts.channels,
    )
    receipts = providers.Resource(
        subscribe_receipts, event_bus, send_receipt.provider, config.receipts.enabled, config.receipts.group
    )
    # Webhooks to the merchant: the bus stores deliveries, a worker sends them from SQL.
    webhook_endpoint_store = providers.Singleton(SqlaWebhookEndpointStore, engine, persistence.write_lock)
    webhook_delivery_store = providers.Singleton(SqlaWebhookDeliveryStore, engine, persistence.write_lock)
    webhook_endpoints = providers.Singleton(WebhookEndpoints, webhook_endpoint_store, webhook_delivery_store)
    webhook_http = providers.Singleton(create_http_client, timeout=config.merchant_webhooks.timeout_seconds)
    webhook_http_clients = providers.Resource(close_on_shutdown, webhook_http)
    merchant_webhooks = providers.Resource(
        subscribe_merchant_webhooks,
        event_bus,
        providers.Singleton(EnqueueWebhookDeliveries, webhook_endpoint_store, webhook_delivery_store),
        config.merchant_webhooks.enabled,
        config.merchant_webhooks.group,
    )
    deliver_webhooks = providers.Singleton(
        DeliverWebhooks,
        webhook_endpoint_store,
        webhook_delivery_store,
        providers.Singleton(HttpxWebhookSender, webhook_http),
        providers.Callable(webhook_retry_policy, config.merchant_webhooks),
        batch_size=config.merchant_webhooks.batch_size,
        give_up_after_seconds=config.merchant_webhooks.give_up_after_seconds,
        disable_after_seconds=config.merchant_webhooks.disable_after_seconds,
        lease_seconds=providers.Callable(lambda t: float(t) + 30.0, config.merchant_webhooks.timeout_seconds),
    )
    webhook_worker = providers.Resource(
        run_periodically,
        "webhook-deliveries",
        deliver_webhooks,
        config.merchant_webhooks.poll_interval_seconds,
        persistence.lifecycle,
        webhook_http_clients,
    )
    event_streaming = providers.Resource(
        run_event_bus,
        event_bus,
        realtime_hub,
        cache,
        instance_id,
        providers.Callable(
            lambda kind, group: group if kind == "redis" else None, config.adapters.cache, config.kafka.cache_group
        ),
        analytics_projection,
        receipts,
        merchant_webhooks,
    )
    check_health = providers.Singleton(
        CheckHealth,
        providers.Callable(
            sharded_health,
            settings,
            databases,
            persistence.health,
            event_bus.provider,
            redis_health.provider,
            shard_router,
        ),
    )
    check_readiness = providers.Singleton(
        CheckReadiness, check_health, event_bus, config.events.readiness_cache_seconds
    )

    # Dead letters and housekeeping: what operators see and replay, and the purge loop.
    list_dead_letters = providers.Singleton(ListDeadLetters, persistence.dead_letters)
    replay_dead_letters = providers.Singleton(
        ReplayDeadLetters,
        persistence.dead_letters,
        providers.Callable(replay_handlers, settings, project_event.provider, send_receipt.provider, cache.provider),
        metrics=metrics,
    )
    describe_outbox = providers.Singleton(DescribeOutbox, persistence.maintenance)
    purge_old_records = providers.Singleton(
        PurgeOldRecords,
        persistence.maintenance,
        persistence.dead_letters,
        batch_size=config.housekeeping.batch_size,
        sent_outbox_retention_seconds=config.housekeeping.sent_outbox_retention_seconds,
        processed_webhook_retention_seconds=config.housekeeping.processed_webhook_retention_seconds,
        metrics=metrics,
    )
    housekeeping_worker = providers.Resource(
        run_periodically,
        "housekeeping",
        purge_old_records,
        config.housekeeping.interval_seconds,
        persistence.lifecycle,
    )

    # Payment systems: a family's gateways in adaptive order (authorization rates per gateway).
    routing = providers.Callable(routing_of, settings)
    auth_rate_store = providers.Selector(
        config.adapters.auth_rates,
        memory=providers.Singleton(InMemoryAuthRateStore, routing.provided["window_size"]),
        redis=providers.Singleton(
            RedisAuthRateStore, redis_client, config.redis.key_prefix, routing.provided["window_size"]
        ),
    )
    gateway_router = providers.Singleton(
        GatewayRouter,
        auth_rate_store,
        min_samples=routing.provided["min_samples"],
        exploration=routing.provided["exploration"],
        metrics=metrics,
    )
    sandbox_triggers = providers.Object(TRIGGERS)  # metadata.sandbox_trigger, for the API's description
    payment_systems = providers.Singleton(
        PaymentSystemFactory,
        providers.Callable(family_specs, settings),
        gateway_factory,
        channel_factory,
        providers.Callable(
            lambda adaptive, router: router() if adaptive else None,
            routing.provided["adaptive"],
            gateway_router.provider,
        ),
    )
    # Created at start-up, one `Factory created ...` log line per member.
    factory_members = providers.Resource(
        create_factory_members, payment_systems, gateway_factory, channel_factory, database_factory
    )

    # Payments: use cases, then the loops that run beside the API.
    # Every writer forgets `payment:{id}` after its commit; GetPayment reads through it.
    payment_cache = providers.Singleton(PaymentCache, cache, config.redis.cache_ttl_seconds)
    create_payment = providers.Singleton(
        CreatePayment,
        uow.provider,
        gateway_factory,
        payment_systems,
        idempotency,
        payment_cache,
        metrics=metrics,
        ids=shard_ids,
    )
    get_payment = providers.Singleton(GetPayment, uow.provider, payment_cache)
    list_payments = providers.Singleton(ListPayments, uow.provider)
    refund_payment = providers.Singleton(RefundPayment, uow.provider, gateway_factory, idempotency, payment_cache)
    authorizations = providers.Singleton(Authorizations, uow.provider, gateway_factory, payment_cache, metrics=metrics)
    capture_payment = providers.Singleton(CapturePayment, authorizations, idempotency)
    cancel_payment = providers.Singleton(CancelPayment, authorizations, idempotency)
    confirm_bank_transfer = providers.Singleton(
        ConfirmBankTransfer, uow.provider, config.payments.operator_token, payment_cache, metrics=metrics
    )
    fail_payment = providers.Singleton(
        FailPayment, uow.provider, config.payments.operator_token, payment_cache, metrics=metrics
    )
    handle_webhook = providers.Singleton(HandleWebhook, uow.provider, gateway_factory, payment_cache)
    reconcile_payments = providers.Singleton(
        ReconcilePayments,
        persistence.primary_uow.provider,  # the first shard's pass; the others: shard_loops
        gateway_factory,
        payment_cache,
        config.payments.reconcile_after_seconds,
        config.payments.reconcile_batch_size,
        metrics=metrics,
        authorizations=authorizations,
        authorization_ttl_seconds=providers.Callable(
            lambda hours: float(hours) * 3600, config.payments.authorization_ttl_hours
        ),
    )
    outbox_relay = providers.Singleton(
        OutboxRelay,
        persistence.primary_uow.provider,  # the first shard's outbox; the others: shard_loops
        event_bus,
        config.payments.relay_batch_size,
        metrics=metrics,
        holder=instance_id,
        lease_seconds=config.payments.relay_lease_seconds,
        wake=persistence.events_committed,
    )
    relay_worker = providers.Resource(
        relay_in_background,
        outbox_relay,
        config.payments.relay_interval_seconds,
        persistence.lifecycle,
        event_streaming,
    )
    reconcile_worker = providers.Resource(
        run_periodically,
        "reconciler",
        reconcile_payments,
        config.payments.reconcile_interval_seconds,
        persistence.lifecycle,
    )
    # --- User-based sharding (issue 19): the shards after the first -----------------------------
    # Each has its own reconciler pass, outbox relay (with its own lease) and housekeeping (dead
    # letters live on the first shard only); `reconcile --now` runs every shard's pass and
    # `outbox status` shows every shard's outbox. Unsharded: no shards here, nothing runs.
    describe_shard_outboxes = providers.Callable(shard_outboxes, shard_router)
    shard_reconciler = providers.Factory(
        ReconcilePayments,
        gateways=gateway_factory,
        cache=payment_cache,
        after_seconds=config.payments.reconcile_after_seconds,
        batch_size=config.payments.reconcile_batch_size,
        metrics=metrics,
        authorizations=authorizations,
        authorization_ttl_seconds=providers.Callable(
            lambda hours: float(hours) * 3600, config.payments.authorization_ttl_hours
        ),
    )
    reconcile_every_shard = providers.Singleton(
        ReconcileEveryShard,
        reconcile_payments,
        providers.Callable(
            lambda router, make: [make(uow=s.unit_of_work) for s in other_shards(router)],
            shard_router,
            shard_reconciler.provider,
        ),
    )
    shard_loops = providers.Resource(
        other_shards_loops,
        providers.Callable(other_shards, shard_router),
        providers.Factory(
            OutboxRelay,
            bus=event_bus,
            batch_size=config.payments.relay_batch_size,
            metrics=metrics,
            holder=instance_id,
            lease_seconds=config.payments.relay_lease_seconds,
        ).provider,
        shard_reconciler.provider,
        providers.Factory(
            PurgeOldRecords,
            dead_letters=persistence.dead_letters,
            batch_size=config.housekeeping.batch_size,
            sent_outbox_retention_seconds=config.housekeeping.sent_outbox_retention_seconds,
            processed_webhook_retention_seconds=config.housekeeping.processed_webhook_retention_seconds,
            metrics=metrics,
        ).provider,
        config.payments.relay_interval_seconds,
        config.payments.reconcile_interval_seconds,
        config.housekeeping.interval_seconds,
        persistence.other_engines,
        event_streaming,
    )
    # ---------------------------------------------------------------------------------------------
    describe_system = providers.Singleton(
        DescribeSystem,
        version=providers.Callable(package_version),
        profile=config.profile,
        instance_id=instance_id,
        adapters=config.adapters,
        started=providers.Callable(process_started),
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
