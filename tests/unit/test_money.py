"""Money: exact parsing into minor units and arithmetic that never mixes currencies."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import InvalidAmount, UnsupportedCurrency
from domain.money import CURRENCY_EXPONENTS, MAX_MINOR_UNITS, Money


@pytest.mark.parametrize(
    ("value", "currency", "minor"),
    [
        (Decimal("100.50"), "USD", 10050),
        ("100.5", "usd", 10050),
        (1, "JPY", 1),
        ("1.234", "KWD", 1234),
        ("0.01", "INR", 1),
        (Decimal("1E+2"), "USD", 10000),
    ],
)
def test_parses_exactly_into_minor_units(value, currency, minor):
    assert Money.parse(value, currency).minor == minor


@pytest.mark.parametrize(
    "value", ["1.005", "0", "-1", "abc", "NaN", "Infinity", Decimal("1E+309"), 0.5, True, "10000000000000"]
)
def test_rejects_amounts_that_are_not_exact_positive_money(value):
    with pytest.raises(InvalidAmount) as info:
        Money.parse(value, "USD")
    assert info.value.field == "amount"


def test_zero_decimal_currency_rejects_fractions():
    with pytest.raises(InvalidAmount):
        Money.parse("1.5", "JPY")


def test_unknown_currency_is_rejected_naming_the_field():
    with pytest.raises(UnsupportedCurrency) as info:
        Money.parse("1", "XXX1")
    assert info.value.field == "currency"


def test_str_has_exactly_the_currencys_places():
    assert str(Money(10050, "USD")) == "100.50"
    assert str(Money(5, "JPY")) == "5"
    assert str(Money(1, "KWD")) == "0.001"


def test_mixing_currencies_is_refused():
    with pytest.raises(InvalidAmount):
        Money(1, "USD") + Money(1, "EUR")


currencies = st.sampled_from(sorted(CURRENCY_EXPONENTS))


@given(minor=st.integers(1, MAX_MINOR_UNITS), currency=currencies)
def test_str_then_parse_round_trips(minor, currency):
    money = Money(minor, currency)
    assert Money.parse(str(money), currency) == money


@given(a=st.integers(0, 10**9), b=st.integers(0, 10**9), currency=currencies)
def test_addition_and_subtraction_are_exact_inverses(a, b, currency):
    total = Money(a, currency) + Money(b, currency)
    assert total.minor == a + b
    assert (total - Money(b, currency)).minor == a
