"""Payment gateways: `mode` in each gateway's config slice picks the sandbox or the live adapter."""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.gateways.bank_transfer import BankTransferGateway
from adapters.gateways.paypal import PayPalGateway
from adapters.gateways.razorpay import RazorpayGateway
from adapters.gateways.sandbox import SandboxGateway
from adapters.gateways.stripe import StripeGateway
from adapters.gateways.wallet import DigitalWalletGateway
from adapters.http import close_on_shutdown, create_http_client


def _sandbox(name: str, cfg: providers.Configuration) -> providers.Singleton:
    return providers.Singleton(SandboxGateway, name, ledger_dir=cfg.ledger_dir, latency_seconds=cfg.latency_seconds)


def http_client(cfg: providers.ConfigurationOption) -> providers.Singleton:
    """A provider's own pooled HTTP client, from its config slice's base_url and timeout."""
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
    stripe_http = http_client(config.stripe)
    paypal_http = http_client(config.paypal)
    razorpay_http = http_client(config.razorpay)
    wallet_http = http_client(config.digital_wallet)
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
