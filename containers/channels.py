"""Notification channels: `mode` in each channel's config slice picks the file writer or the
live provider adapter; the providers' delivery receipts by webhook path name."""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.channels.fcm import FcmPushChannel
from adapters.channels.file import FileChannel
from adapters.channels.google_auth import ServiceAccountTokens
from adapters.channels.slack import SlackWebhookChannel
from adapters.channels.smtp import SmtpEmailChannel
from adapters.channels.twilio import TwilioSmsChannel
from adapters.channels.twilio_status import TwilioDeliveryReceipts
from adapters.channels.whatsapp import WhatsAppCloudChannel
from adapters.channels.whatsapp_status import WhatsAppDeliveryReceipts
from adapters.http import close_on_shutdown
from containers.gateways import http_client


def _file(name: str, outbox_dir: providers.Provider, sender: providers.Provider | str = "") -> providers.Singleton:
    return providers.Singleton(FileChannel, name, outbox_dir, sender)


class Channels(containers.DeclarativeContainer):
    """Each channel: `mode` picks the file writer (sandbox) or the live provider adapter."""

    config = providers.Configuration()
    outbox_dir = providers.Dependency(instance_of=str)

    sms_http, push_http = http_client(config.sms), http_client(config.push)
    whatsapp_http, slack_http = http_client(config.whatsapp), http_client(config.slack)
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
