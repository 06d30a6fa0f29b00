"""Stripe's amount rules: zero-decimal, ISK's two-decimal legacy and three-decimal rounding."""

from __future__ import annotations

import pytest

from adapters.gateways.stripe_format import to_stripe_amount
from domain.errors import InvalidAmount
from domain.money import Money


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("100.50", "USD", 10050),
        ("500", "JPY", 500),
        ("1200", "KRW", 1200),
        ("5", "ISK", 500),
        ("10", "MGA", 10),
        ("5.120", "KWD", 5120),
        ("0.01", "EUR", 1),
    ],
)
def test_amounts_are_sent_in_stripes_minor_units(amount, currency, expected):
    """Each currency is converted to the unit Stripe's API expects for it."""
    assert to_stripe_amount(Money.parse(amount, currency)) == expected


@pytest.mark.parametrize(("amount", "currency"), [("5.125", "KWD"), ("10.50", "MGA")])
def test_amounts_stripe_cannot_take_are_refused_not_rounded(amount, currency):
    """A fraction Stripe would reject is an InvalidAmount naming the amount field."""
    with pytest.raises(InvalidAmount) as caught:
        to_stripe_amount(Money.parse(amount, currency))
    assert caught.value.field == "amount"
