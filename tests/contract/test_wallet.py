"""DigitalWalletGateway against a local server speaking docs/wallet-provider-api.md."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from adapters.gateways.wallet import DigitalWalletGateway
from domain.errors import InvalidInput, ProviderUnavailable, WebhookSignatureInvalid
from domain.payment import PaymentStatus, RefundStatus
from tests.contract import builders
from tests.contract import wallet_api as api
from tests.contract.server import Reply

NOW = 1_730_000_000
WALLET = {"wallet_id": "wal_8Hn2", "provider": "apple_pay"}


@pytest.fixture
def wallet(http, sleeps) -> DigitalWalletGateway:
    return DigitalWalletGateway(
        http,
        credentials={"api_key": api.API_KEY, "webhook_secret": "wsec"},
        options={},
        sleep=sleeps,
        clock=lambda: NOW,
    )


async def test_charge_posts_minor_units_with_bearer_and_idempotency_key(wallet, server):
    """POST /v1/charges with amount_minor, wallet_id, provider, reference -> SUCCEEDED."""
    server.route("POST", api.CHARGES, Reply(201, api.charge()), check=api.check_charge)
    outcome = await wallet.process(builders.charge(wallet_details=WALLET))
    assert (outcome.status, outcome.transaction_id) == (PaymentStatus.SUCCEEDED, "wch_3Kd9")
    sent = server.calls("POST", api.CHARGES)[0]
    assert sent.json()["amount_minor"] == 10050
    assert sent.json()["reference"] == "pay_01JCONTRACT0000000000000000"
    assert sent.headers["idempotency-key"] == "idem-7f3a9c1e-charge"


async def test_wallet_id_is_required(wallet, server):
    """Without wallet_details.wallet_id the request is invalid and nothing is sent."""
    with pytest.raises(InvalidInput) as caught:
        wallet.validate(builders.charge(wallet_details={"provider": "apple_pay"}))
    assert caught.value.field == "wallet_details.wallet_id"
    with pytest.raises(InvalidInput):
        await wallet.process(builders.charge())
    assert server.requests == []


async def test_decline_and_action_outcomes(wallet, server):
    """402 is a FAILED payment with the wallet's code; requires_action carries action_url."""
    server.route(
        "POST", api.CHARGES, api.error(402, "insufficient_funds", "Wallet balance too low"), check=api.check_charge
    )
    outcome = await wallet.process(builders.charge(wallet_details=WALLET))
    assert (outcome.status, outcome.failure_code) == (PaymentStatus.FAILED, "insufficient_funds")
    server.route(
        "POST",
        api.CHARGES,
        Reply(201, api.charge("requires_action", action_url="https://wallet.test/confirm/wch_3Kd9")),
        check=api.check_charge,
    )
    outcome = await wallet.process(builders.charge(wallet_details=WALLET))
    assert outcome.next_action_url == "https://wallet.test/confirm/wch_3Kd9"


async def test_provider_field_errors_name_our_field(wallet, server):
    """A 422 naming wallet_id is InvalidInput(wallet_details.wallet_id)."""
    server.route(
        "POST", api.CHARGES, api.error(422, "wallet_not_found", "No such wallet", "wallet_id"), check=api.check_charge
    )
    with pytest.raises(InvalidInput) as caught:
        await wallet.process(builders.charge(wallet_details=WALLET))
    assert caught.value.field == "wallet_details.wallet_id"


async def test_5xx_then_success_and_persistent_5xx(wallet, server):
    """A 502 is retried; a persistent 502 is ProviderUnavailable that may have charged."""
    server.route(
        "POST", api.CHARGES, api.error(502, "bad_gateway", "upstream"), Reply(201, api.charge()), check=api.check_charge
    )
    assert (await wallet.process(builders.charge(wallet_details=WALLET))).status is PaymentStatus.SUCCEEDED
    server.route("POST", api.CHARGES, api.error(502, "bad_gateway", "upstream"), check=api.check_charge)
    with pytest.raises(ProviderUnavailable) as caught:
        await wallet.process(builders.charge(wallet_details=WALLET))
    assert caught.value.extra["indeterminate"] is True


async def test_partial_refund_and_status(wallet, server):
    """POST /v1/refunds with the charge id and partial amount; GET /v1/charges/{id} reconciles."""
    server.route("POST", api.REFUNDS, Reply(201, {"id": "wre_7Fa1", "status": "pending"}), check=api.check_refund)
    outcome = await wallet.refund(builders.refund("wch_3Kd9", "25.00"))
    assert (outcome.status, outcome.gateway_refund_id) == (RefundStatus.PENDING, "wre_7Fa1")
    assert server.calls("POST", api.REFUNDS)[0].json()["amount_minor"] == 2500
    server.route("GET", api.CHARGE, Reply(200, api.charge("pending")), check=api.check_get)
    assert (await wallet.fetch_status("wch_3Kd9")).status is PaymentStatus.PENDING


def signed(body: bytes, secret: str = "wsec", t: int = NOW) -> dict[str, str]:
    digest = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Wallet-Signature": f"t={t},v1={digest}"}


async def test_webhook_signature_and_mapping(wallet):
    """A signed charge.succeeded is accepted; a wrong secret or a stale timestamp is not."""
    body = json.dumps({"id": "wev_1", "type": "charge.succeeded", "data": {"object": api.charge()}}).encode()
    event = await wallet.verify_webhook(signed(body), body)
    assert (event.provider_event_id, event.payment_status) == ("wev_1", PaymentStatus.SUCCEEDED)
    for headers in (signed(body, "other"), signed(body, t=NOW - 600)):
        with pytest.raises(WebhookSignatureInvalid):
            await wallet.verify_webhook(headers, body)
