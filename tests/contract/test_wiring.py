"""The production profile wires each live adapter over its own client, aimed at base_url."""

from __future__ import annotations

from containers import build_container
from domain.payment import PaymentStatus
from entrypoints.settings import load_settings
from tests.contract import builders
from tests.contract import stripe_api as api
from tests.contract.server import Reply

LIVE = {
    "stripe": "StripeGateway",
    "paypal": "PayPalGateway",
    "razorpay": "RazorpayGateway",
    "bank_transfer": "BankTransferGateway",
    "digital_wallet": "DigitalWalletGateway",
}


async def test_production_profile_charges_through_the_configured_base_url(server):
    """STRIPE_BASE_URL and STRIPE_SECRET_KEY from the environment reach the live Stripe adapter."""
    settings = load_settings("production", env={"STRIPE_BASE_URL": server.url, "STRIPE_SECRET_KEY": api.SECRET_KEY})
    container = build_container(settings=settings)
    await container.init_resources()
    factory = container.factories.gateway_factory()
    assert {e.name: e.adapter for e in factory.entries} == LIVE
    server.route("POST", api.INTENTS, Reply(200, api.intent("succeeded")), check=api.check_create_intent)
    stripe = factory.create("stripe")
    outcome = await stripe.process(builders.charge(payment_method="pm_card_visa"))
    assert outcome.status is PaymentStatus.SUCCEEDED
    assert factory.create("stripe") is stripe  # one adapter, one pooled client
    await container.shutdown_resources()
    assert stripe._api.client.is_closed


def test_local_profile_keeps_the_sandboxes():
    """Without mode: live every gateway is the sandbox simulator."""
    container = build_container(settings=load_settings("local", env={}))
    assert {e.adapter for e in container.factories.gateway_factory().entries} == {"SandboxGateway"}
