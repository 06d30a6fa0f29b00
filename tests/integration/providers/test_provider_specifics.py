"""Provider-specific contract details: FCM's OAuth2 exchange, WhatsApp throttling, Slack targets."""

from __future__ import annotations

import pytest

from adapters.channels.fcm import FcmPushChannel
from adapters.channels.google_auth import ServiceAccountTokens
from adapters.http import create_http_client
from domain.ports import DeliveryFailed, OutgoingMessage
from tests.fakes.notifications import notification_kit
from tests.integration.providers.conftest import RECIPIENTS, service_account
from tests.integration.providers.fcm_contract import FcmStub
from tests.integration.providers.server import ContractServer
from tests.integration.providers.test_http_channels import _command

pytestmark = pytest.mark.integration


def _message(recipient: str) -> OutgoingMessage:
    return OutgoingMessage(notification_id="ntf_1", recipient=recipient, message="m", subject="s")


@pytest.mark.parametrize("harness", ["push"], indirect=True)
async def test_fcm_exchanges_a_signed_assertion_once_and_reuses_the_token(harness):
    """Two sends need one token exchange: the access token is cached until it expires."""
    await harness.channel.send(_message(harness.recipient))
    await harness.channel.send(_message(harness.recipient))
    assert harness.stub.violations == []
    assert [r.path for r in harness.server.requests].count("/token") == 1
    assert harness.stub.issued == ["ya29.test-1"]


@pytest.mark.parametrize("harness", ["push"], indirect=True)
async def test_fcm_401_drops_the_token_and_the_retry_uses_a_fresh_one(harness):
    """An expired or revoked access token is transient: the retry exchanges a new one."""
    await harness.channel.send(_message(harness.recipient))
    harness.stub.script = [harness.stub.unauthenticated()]
    kit = notification_kit(harness.channel)
    notification = (await kit.send(_command(harness))).notification
    assert notification.status == "sent"
    assert [a.outcome for a in notification.attempts] == ["transient_error", "sent"]
    assert harness.stub.issued == ["ya29.test-1", "ya29.test-2"]
    assert harness.stub.violations == []


async def test_fcm_token_refused_for_a_key_google_does_not_know_is_permanent(rsa_key, tmp_path):
    """An assertion signed with the wrong key gets invalid_grant: a permanent failure."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    stub = FcmStub(rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key())
    async with ContractServer(stub) as server:
        stub.token_uri = f"{server.url}/token"
        client = create_http_client(server.url, timeout=5)
        tokens = ServiceAccountTokens(
            client, service_account_file=str(service_account(tmp_path / "sa.json", rsa_key, stub))
        )
        with pytest.raises(DeliveryFailed) as failure:
            await FcmPushChannel(client, tokens=tokens).send(_message(RECIPIENTS["push"]))
        await client.aclose()
    assert failure.value.permanent is True and "invalid_grant" in failure.value.detail


async def test_fcm_without_a_service_account_is_not_configured():
    """No service account configured: a permanent failure naming the missing setting."""
    client = create_http_client("http://127.0.0.1:9", timeout=1)
    channel = FcmPushChannel(client, tokens=ServiceAccountTokens(client), project_id="p")
    with pytest.raises(DeliveryFailed) as failure:
        await channel.send(_message(RECIPIENTS["push"]))
    await client.aclose()
    assert failure.value.permanent is True and "service_account" in failure.value.detail


@pytest.mark.parametrize("harness", ["whatsapp"], indirect=True)
async def test_whatsapp_throttling_code_on_a_400_is_transient(harness):
    """Graph API rate-limit codes (130429) arrive with HTTP 400 and are still retried."""
    harness.stub.script = [harness.stub.throttled_as_400()]
    kit = notification_kit(harness.channel)
    notification = (await kit.send(_command(harness))).notification
    assert [a.outcome for a in notification.attempts] == ["transient_error", "sent"]
    assert harness.server.requests[0].json()["to"] == "14155550123"


@pytest.mark.parametrize("harness", ["slack"], indirect=True)
async def test_slack_sends_channel_only_for_an_explicit_target(harness):
    """`#alerts` goes in `channel`; an empty recipient posts to the webhook's own channel."""
    await harness.channel.send(_message("#alerts"))
    await harness.channel.send(_message(""))
    first, second = (r.json() for r in harness.server.requests)
    assert first == {"text": "*s*\nm", "channel": "#alerts"}
    assert second == {"text": "*s*\nm"}
    assert harness.stub.violations == []
