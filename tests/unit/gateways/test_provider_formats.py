"""Amount formats PayPal and Razorpay demand, and what an unconfigured base URL means."""

from __future__ import annotations

import httpx
import pytest

from adapters.gateways.paypal_format import paypal_amount
from adapters.gateways.razorpay_format import razorpay_amount, refund_idempotency_key
from adapters.gateways.wallet import DigitalWalletGateway
from domain.errors import InvalidAmount, ProviderUnavailable
from domain.money import Money
from domain.ports import ChargeRequest


@pytest.mark.parametrize(
    ("amount", "currency", "value"),
    [
        ("100.50", "USD", "100.50"),
        ("100", "USD", "100.00"),
        ("500", "JPY", "500"),
        ("1.234", "BHD", "1.234"),
        ("1500", "HUF", "1500"),
    ],
)
def test_paypal_values_have_the_currencys_decimals(amount, currency, value):
    """PayPal's value is a decimal string with exactly the decimals PayPal uses for the currency."""
    assert paypal_amount(Money.parse(amount, currency)) == {"currency_code": currency, "value": value}


def test_paypal_refuses_fractional_forint():
    """PayPal takes HUF and TWD in whole units only; a fraction is refused, not rounded."""
    with pytest.raises(InvalidAmount):
        paypal_amount(Money.parse("10.50", "HUF"))


def test_razorpay_amounts_are_subunits_and_three_decimals_end_in_zero():
    """INR 100.50 is 10050 paise; KWD must be rounded to 0.010 by the caller, or it is refused."""
    assert razorpay_amount(Money.parse("100.50", "INR")) == 10050
    assert razorpay_amount(Money.parse("5.120", "KWD")) == 5120
    with pytest.raises(InvalidAmount):
        razorpay_amount(Money.parse("5.125", "KWD"))


def test_refund_idempotency_keys_fit_razorpays_alphabet():
    """Keys Razorpay accepts pass through; others are hashed to a stable, valid key."""
    assert refund_idempotency_key("idem-7f3a9c1e-refund") == "idem-7f3a9c1e-refund"
    hashed = refund_idempotency_key("key with spaces/and:colons")
    assert hashed == refund_idempotency_key("key with spaces/and:colons")
    assert hashed.isalnum() and len(hashed) >= 10


async def test_missing_base_url_is_unavailable_and_nothing_taken():
    """A live adapter without base_url cannot have sent anything, so failover may move on."""
    async with httpx.AsyncClient() as client:
        wallet = DigitalWalletGateway(client, credentials={"api_key": "k"}, options={})
        request = ChargeRequest(
            payment_id="pay_1",
            user_id="u",
            amount=Money.parse("1.00", "USD"),
            idempotency_key="k",
            wallet_details={"wallet_id": "w", "provider": "p"},
        )
        with pytest.raises(ProviderUnavailable) as caught:
            await wallet.process(request)
    assert caught.value.extra["indeterminate"] is False
