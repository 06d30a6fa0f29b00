"""Notifications: delivery with retries, composition from templates and preferences, the
notification use cases, and payment receipts sent from the event bus."""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.templates.jinja import JinjaTemplateEngine
from application.idempotency import Idempotency
from application.notifications.catalog import TemplateCatalog
from application.notifications.compose import Composer, Safety
from application.notifications.delivery import NotificationDelivery
from application.notifications.get_notification import GetNotification
from application.notifications.manage_templates import DeleteTemplate, GetTemplate, ListTemplates, PutTemplate
from application.notifications.preferences import GetPreferences, PutPreferences
from application.notifications.receipts import HandleDeliveryReceipt, VerifySubscription
from application.notifications.scheduler import CancelNotification, SendDueNotifications
from application.notifications.send_multichannel import SendMultiChannel
from application.notifications.send_notification import SendNotification
from application.notifications.send_receipt import SendReceipt
from containers.subscriptions import subscribe_receipts
from containers.wiring import family_channels, retry_policies
from entrypoints.settings import Settings


class Notifications(containers.DeclarativeContainer):
    """Channels come from the channel factory; every send goes through NotificationDelivery."""

    config = providers.Configuration()  # the `notifications` section
    channel_config = providers.Configuration()  # the `notification_channels` section
    receipts_config = providers.Configuration()  # the `receipts` section
    settings = providers.Dependency(instance_of=Settings)
    idempotency = providers.Dependency(instance_of=Idempotency)
    persistence = providers.DependenciesContainer()
    infrastructure = providers.DependenciesContainer()
    monitoring = providers.DependenciesContainer()
    factories = providers.DependenciesContainer()
    channels = providers.DependenciesContainer()

    notification_delivery = providers.Singleton(
        NotificationDelivery,
        factories.channel_factory,
        persistence.uow.provider,
        providers.Callable(retry_policies, channel_config, config),
        metrics=monitoring.metrics,
    )
    template_catalog = providers.Singleton(
        TemplateCatalog, persistence.templates, providers.Singleton(JinjaTemplateEngine)
    )
    composer = providers.Singleton(
        Composer,
        template_catalog,
        persistence.preferences,
        infrastructure.rate_limiter,
        providers.Singleton(
            Safety,
            recipient_hourly_cap=config.recipient_hourly_cap,
            dedupe_window_seconds=config.dedupe_window_seconds,
            max_schedule_days=config.max_schedule_days,
        ),
        ids=persistence.shard_ids,
    )
    send_notification = providers.Singleton(SendNotification, notification_delivery, idempotency, composer)
    send_multichannel = providers.Singleton(SendMultiChannel, notification_delivery, idempotency, composer)
    get_notification = providers.Singleton(GetNotification, persistence.uow.provider)
    cancel_notification = providers.Singleton(CancelNotification, persistence.uow.provider)
    put_template = providers.Singleton(PutTemplate, template_catalog, factories.channel_factory)
    get_template = providers.Singleton(GetTemplate, template_catalog)
    list_templates = providers.Singleton(ListTemplates, template_catalog)
    delete_template = providers.Singleton(DeleteTemplate, template_catalog)
    get_preferences = providers.Singleton(GetPreferences, persistence.preferences)
    put_preferences = providers.Singleton(PutPreferences, persistence.preferences, factories.channel_factory)
    handle_delivery_receipt = providers.Singleton(HandleDeliveryReceipt, persistence.uow.provider, channels.receipts)
    verify_subscription = providers.Singleton(VerifySubscription, channels.receipts)
    send_due_notifications = providers.Singleton(
        SendDueNotifications, persistence.uow.provider, notification_delivery, config.scheduler_batch_size
    )

    send_receipt = providers.Singleton(
        SendReceipt,
        persistence.uow.provider,
        send_notification,
        providers.Callable(family_channels, settings),
        receipts_config.channels,
    )
    receipts = providers.Resource(
        subscribe_receipts,
        infrastructure.event_bus,
        send_receipt.provider,
        receipts_config.enabled,
        receipts_config.group,
    )
