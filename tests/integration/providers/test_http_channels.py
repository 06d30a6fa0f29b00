"""Every HTTP channel against a local server holding it to its provider's documented contract."""

from __future__ import annotations

import pytest

from adapters.channels.twilio import TwilioSmsChannel
from adapters.http import create_http_client
from application.notifications.send_notification import SendNotificationCommand
from domain.ports import DeliveryFailed, OutgoingMessage
from tests.fakes.notifications import notification_kit
from tests.integration.providers.conftest import Harness
from tests.integration.providers.server import ContractServer

pytestmark = pytest.mark.integration

MESSAGE_IDS = {"sms": "SM", "push": "projects/factory-test/messages/", "whatsapp": "wamid."}


def _sends(harness: Harness) -> list:
    return [r for r in harness.server.requests if r.path != "/token"]


def _command(harness: Harness) -> SendNotificationCommand:
    return SendNotificationCommand(
        channel=harness.stub.channel,
        recipient=harness.recipient,
        subject="Payment received",
        message="Your receipt: 10.00 USD",
    )


async def test_a_send_follows_the_contract_and_returns_the_provider_message_id(harness):
    """One send is one request that the provider's contract accepts; its id comes back."""
    result = await harness.channel.send(
        OutgoingMessage(notification_id="ntf_1", recipient=harness.recipient, message="Hello", subject="Hi")
    )
    assert harness.stub.violations == []
    assert len(_sends(harness)) == 1
    prefix = MESSAGE_IDS.get(harness.stub.channel)
    if prefix is None:  # Slack webhooks give no message id
        assert result.provider_message_id is None and result.detail == "ok"
    else:
        assert result.provider_message_id.startswith(prefix)


async def test_a_5xx_then_success_is_retried_and_both_attempts_are_recorded(harness):
    """The provider's documented 5xx is transient: the use case retries and records two attempts."""
    harness.stub.script = [harness.stub.server_error()]
    kit = notification_kit(harness.channel)
    notification = (await kit.send(_command(harness))).notification
    assert harness.stub.violations == []
    assert notification.status == "sent"
    assert [a.outcome for a in notification.attempts] == ["transient_error", "sent"]
    assert " 50" in notification.attempts[0].error
    assert len(_sends(harness)) == 2 and len(kit.sleep.delays) == 1
    assert [e.type for e in kit.state.outbox] == ["notification_sent"]
    assert kit.state.notifications[notification.id].provider_message_id == notification.provider_message_id


async def test_a_429_is_retried_after_the_providers_retry_after(harness):
    """A 429 waits exactly the Retry-After the provider sent before the next attempt."""
    harness.stub.script = [harness.stub.rate_limited(2)]
    kit = notification_kit(harness.channel)
    notification = (await kit.send(_command(harness))).notification
    assert harness.stub.violations == []
    assert kit.sleep.delays == [2.0]
    assert [a.outcome for a in notification.attempts] == ["transient_error", "sent"]
    assert notification.status == "sent"


async def test_a_4xx_is_permanent_not_retried_and_emits_notification_failed(harness):
    """The provider's documented 4xx refusal fails the notification after one attempt."""
    harness.stub.script = [harness.stub.rejected()]
    kit = notification_kit(harness.channel)
    notification = (await kit.send(_command(harness))).notification
    assert harness.stub.violations == []
    assert notification.status == "failed"
    assert [a.outcome for a in notification.attempts] == ["permanent_error"]
    assert notification.error and " 40" in notification.error
    assert kit.sleep.delays == [] and len(_sends(harness)) == 1
    assert [e.type for e in kit.state.outbox] == ["notification_failed"]
    assert kit.state.notifications[notification.id].status == "failed"


async def test_an_unreachable_provider_is_a_transient_failure():
    """A refused connection is transient, so the use case's retries apply."""
    async with ContractServer(lambda request: None) as server:  # type: ignore[arg-type, return-value]
        url = server.url
    client = create_http_client(url, timeout=2)
    channel = TwilioSmsChannel(client, account_sid="AC1", auth_token="t", from_number="+15005550006")
    with pytest.raises(DeliveryFailed) as failure:
        await channel.send(OutgoingMessage(notification_id="n", recipient="+14155550123", message="m"))
    await client.aclose()
    assert failure.value.permanent is False and "unreachable" in failure.value.detail


async def test_a_channel_without_credentials_fails_permanently_without_a_request():
    """Missing credentials are a configuration error: permanent, and nothing is sent."""
    client = create_http_client("http://127.0.0.1:9", timeout=1)
    channel = TwilioSmsChannel(client, account_sid="", auth_token="", from_number="")
    with pytest.raises(DeliveryFailed) as failure:
        await channel.send(OutgoingMessage(notification_id="n", recipient="+14155550123", message="m"))
    await client.aclose()
    assert failure.value.permanent is True and "account_sid" in failure.value.detail
