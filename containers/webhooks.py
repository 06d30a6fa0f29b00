"""Webhooks to the merchant: the bus stores deliveries, a worker sends them from SQL."""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.http import close_on_shutdown, create_http_client
from adapters.http_webhooks import HttpxWebhookSender
from adapters.sql.webhook_deliveries import SqlaWebhookDeliveryStore
from adapters.sql.webhook_endpoints import SqlaWebhookEndpointStore
from application.merchant_webhooks.deliver import DeliverWebhooks
from application.merchant_webhooks.endpoints import WebhookEndpoints
from application.merchant_webhooks.fan_out import EnqueueWebhookDeliveries
from containers.subscriptions import subscribe_merchant_webhooks
from containers.wiring import webhook_retry_policy


class Webhooks(containers.DeclarativeContainer):
    """Endpoints the merchant registers, the fan-out from the bus, and signed delivery."""

    config = providers.Configuration()  # the `merchant_webhooks` section
    persistence = providers.DependenciesContainer()
    infrastructure = providers.DependenciesContainer()

    webhook_endpoint_store = providers.Singleton(SqlaWebhookEndpointStore, persistence.engine, persistence.write_lock)
    webhook_delivery_store = providers.Singleton(SqlaWebhookDeliveryStore, persistence.engine, persistence.write_lock)
    webhook_endpoints = providers.Singleton(WebhookEndpoints, webhook_endpoint_store, webhook_delivery_store)
    webhook_http = providers.Singleton(create_http_client, timeout=config.timeout_seconds)
    webhook_http_clients = providers.Resource(close_on_shutdown, webhook_http)
    merchant_webhooks = providers.Resource(
        subscribe_merchant_webhooks,
        infrastructure.event_bus,
        providers.Singleton(EnqueueWebhookDeliveries, webhook_endpoint_store, webhook_delivery_store),
        config.enabled,
        config.group,
    )
    deliver_webhooks = providers.Singleton(
        DeliverWebhooks,
        webhook_endpoint_store,
        webhook_delivery_store,
        providers.Singleton(HttpxWebhookSender, webhook_http),
        providers.Callable(webhook_retry_policy, config),
        batch_size=config.batch_size,
        give_up_after_seconds=config.give_up_after_seconds,
        disable_after_seconds=config.disable_after_seconds,
        lease_seconds=providers.Callable(lambda t: float(t) + 30.0, config.timeout_seconds),
    )
