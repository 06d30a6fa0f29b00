"""Payments: payment systems with adaptive gateway order, and the payment use cases."""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.gateways.sandbox import TRIGGERS
from adapters.memory.auth_rates import InMemoryAuthRateStore
from adapters.redis.auth_rates import RedisAuthRateStore
from application.idempotency import Idempotency
from application.payments.authorizations import Authorizations
from application.payments.cache import PaymentCache
from application.payments.capture_payment import CancelPayment, CapturePayment
from application.payments.confirm_bank_transfer import ConfirmBankTransfer
from application.payments.fail_payment import FailPayment
from application.payments.gateway_routing import GatewayRouter
from application.payments.get_payment import GetPayment
from application.payments.handle_webhook import HandleWebhook
from application.payments.list_payments import ListPayments
from application.payments.process_payment import CreatePayment
from application.payments.reconcile_payments import ReconcilePayments
from application.payments.refund_payment import RefundPayment
from application.payments.systems import PaymentSystemFactory
from application.system.shard_loops import ReconcileEveryShard
from containers.shards import other_shards
from containers.wiring import family_specs, routing_of
from entrypoints.settings import Settings


class Payments(containers.DeclarativeContainer):
    """Every writer forgets `payment:{id}` after its commit; GetPayment reads through it."""

    config = providers.Configuration()  # the `payments` section
    adapters = providers.Configuration()
    redis = providers.Configuration()
    settings = providers.Dependency(instance_of=Settings)
    idempotency = providers.Dependency(instance_of=Idempotency)
    persistence = providers.DependenciesContainer()
    infrastructure = providers.DependenciesContainer()
    monitoring = providers.DependenciesContainer()
    factories = providers.DependenciesContainer()

    # Payment systems: a family's gateways in adaptive order (authorization rates per gateway).
    routing = providers.Callable(routing_of, settings)
    auth_rate_store = providers.Selector(
        adapters.auth_rates,
        memory=providers.Singleton(InMemoryAuthRateStore, routing.provided["window_size"]),
        redis=providers.Singleton(
            RedisAuthRateStore, infrastructure.redis_client, redis.key_prefix, routing.provided["window_size"]
        ),
    )
    gateway_router = providers.Singleton(
        GatewayRouter,
        auth_rate_store,
        min_samples=routing.provided["min_samples"],
        exploration=routing.provided["exploration"],
        metrics=monitoring.metrics,
    )
    sandbox_triggers = providers.Object(TRIGGERS)  # metadata.sandbox_trigger, for the API's description
    payment_systems = providers.Singleton(
        PaymentSystemFactory,
        providers.Callable(family_specs, settings),
        factories.gateway_factory,
        factories.channel_factory,
        providers.Callable(
            lambda adaptive, router: router() if adaptive else None,
            routing.provided["adaptive"],
            gateway_router.provider,
        ),
    )

    payment_cache = providers.Singleton(PaymentCache, infrastructure.cache, redis.cache_ttl_seconds)
    create_payment = providers.Singleton(
        CreatePayment,
        persistence.uow.provider,
        factories.gateway_factory,
        payment_systems,
        idempotency,
        payment_cache,
        metrics=monitoring.metrics,
        ids=persistence.shard_ids,
    )
    get_payment = providers.Singleton(GetPayment, persistence.uow.provider, payment_cache)
    list_payments = providers.Singleton(ListPayments, persistence.uow.provider)
    refund_payment = providers.Singleton(
        RefundPayment, persistence.uow.provider, factories.gateway_factory, idempotency, payment_cache
    )
    authorizations = providers.Singleton(
        Authorizations, persistence.uow.provider, factories.gateway_factory, payment_cache, metrics=monitoring.metrics
    )
    capture_payment = providers.Singleton(CapturePayment, authorizations, idempotency)
    cancel_payment = providers.Singleton(CancelPayment, authorizations, idempotency)
    confirm_bank_transfer = providers.Singleton(
        ConfirmBankTransfer, persistence.uow.provider, config.operator_token, payment_cache, metrics=monitoring.metrics
    )
    fail_payment = providers.Singleton(
        FailPayment, persistence.uow.provider, config.operator_token, payment_cache, metrics=monitoring.metrics
    )
    handle_webhook = providers.Singleton(
        HandleWebhook, persistence.uow.provider, factories.gateway_factory, payment_cache
    )
    reconcile_payments = providers.Singleton(
        ReconcilePayments,
        persistence.primary_uow.provider,  # the first shard's pass; the others: shard_reconciler
        factories.gateway_factory,
        payment_cache,
        config.reconcile_after_seconds,
        config.reconcile_batch_size,
        metrics=monitoring.metrics,
        authorizations=authorizations,
        authorization_ttl_seconds=providers.Callable(lambda hours: float(hours) * 3600, config.authorization_ttl_hours),
    )
    # User-based sharding (issue 19): the shards after the first each get their own pass (their
    # loops: Container.shard_loops); `reconcile --now` runs every shard's.
    shard_reconciler = providers.Factory(
        ReconcilePayments,
        gateways=factories.gateway_factory,
        cache=payment_cache,
        after_seconds=config.reconcile_after_seconds,
        batch_size=config.reconcile_batch_size,
        metrics=monitoring.metrics,
        authorizations=authorizations,
        authorization_ttl_seconds=providers.Callable(lambda hours: float(hours) * 3600, config.authorization_ttl_hours),
    )
    reconcile_every_shard = providers.Singleton(
        ReconcileEveryShard,
        reconcile_payments,
        providers.Callable(
            lambda router, make: [make(uow=s.unit_of_work) for s in other_shards(router)],
            persistence.shards,
            shard_reconciler.provider,
        ),
    )
