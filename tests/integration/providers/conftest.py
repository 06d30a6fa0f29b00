"""Fixtures: a contract server per provider and the live adapter pointed at it."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from adapters.channels.fcm import FcmPushChannel
from adapters.channels.google_auth import ServiceAccountTokens
from adapters.channels.slack import SlackWebhookChannel
from adapters.channels.twilio import TwilioSmsChannel
from adapters.channels.whatsapp import WhatsAppCloudChannel
from adapters.http import create_http_client
from domain.ports import NotificationChannel
from tests.integration.providers.contracts import (
    ProviderStub,
    SlackStub,
    TwilioStub,
    WhatsAppStub,
)
from tests.integration.providers.fcm_contract import FcmStub
from tests.integration.providers.server import ContractServer

RECIPIENTS = {
    "sms": "+14155550123",
    "whatsapp": "+14155550123",
    "slack": "#alerts",
    "push": "fGcmToken123:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx_example-token",
}


@dataclass
class Harness:
    stub: ProviderStub
    server: ContractServer
    channel: NotificationChannel
    recipient: str


@pytest.fixture(scope="session")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def service_account(path: Path, key: rsa.RSAPrivateKey, stub: FcmStub) -> Path:
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    path.write_text(
        json.dumps(
            {
                "type": "service_account",
                "project_id": stub.project_id,
                "private_key_id": "k1",
                "private_key": pem,
                "client_email": stub.client_email,
                "token_uri": stub.token_uri,
            }
        )
    )
    return path


def _stub(name: str, key: rsa.RSAPrivateKey) -> ProviderStub:
    return (
        {"sms": TwilioStub, "whatsapp": WhatsAppStub, "slack": SlackStub}[name]()
        if name != "push"
        else FcmStub(key.public_key())
    )


@pytest.fixture(params=["sms", "push", "whatsapp", "slack"])
async def harness(request: pytest.FixtureRequest, rsa_key: rsa.RSAPrivateKey, tmp_path: Path) -> AsyncIterator[Harness]:
    stub = _stub(request.param, rsa_key)
    async with ContractServer(stub) as server:
        if isinstance(stub, TwilioStub):
            client = create_http_client(server.url, timeout=5)
            channel: NotificationChannel = TwilioSmsChannel(
                client, account_sid=stub.sid, auth_token=stub.token, from_number=stub.sender
            )
        elif isinstance(stub, WhatsAppStub):
            client = create_http_client(f"{server.url}/{stub.version}", timeout=5)
            channel = WhatsAppCloudChannel(client, access_token=stub.token, phone_number_id=stub.phone_number_id)
        elif isinstance(stub, SlackStub):
            client = create_http_client(timeout=5)
            channel = SlackWebhookChannel(client, webhook_url=f"{server.url}{stub.path}")
        else:
            assert isinstance(stub, FcmStub)
            stub.token_uri = f"{server.url}{stub.token_path}"
            client = create_http_client(server.url, timeout=5)
            account = service_account(tmp_path / "sa.json", rsa_key, stub)
            channel = FcmPushChannel(client, tokens=ServiceAccountTokens(client, service_account_file=str(account)))
        yield Harness(stub, server, channel, RECIPIENTS[request.param])
        await client.aclose()
