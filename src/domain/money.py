"""Money as integer minor units of an ISO-4217 currency, parsed exactly from decimal text."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from domain.errors import InvalidAmount, UnsupportedCurrency

_ZERO_DECIMAL = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
_THREE_DECIMAL = "BHD IQD JOD KWD LYD OMR TND"
_FOUR_DECIMAL = "CLF UYW"
_TWO_DECIMAL = (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD "
    "CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD "
    "GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD "
    "MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP "
    "PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS "
    "TMT TOP TRY TTD TWD TZS UAH USD UZS VES WST XCD YER ZAR ZMW ZWG"
)

CURRENCY_EXPONENTS: dict[str, int] = {
    **{code: 2 for code in _TWO_DECIMAL.split()},
    **{code: 0 for code in _ZERO_DECIMAL.split()},
    **{code: 3 for code in _THREE_DECIMAL.split()},
    **{code: 4 for code in _FOUR_DECIMAL.split()},
}

# Twelve digits of minor units fit every provider's limit and a signed 64-bit column with room.
MAX_MINOR_UNITS = 999_999_999_999


def currency_exponent(currency: str, *, field: str = "currency") -> int:
    """The number of minor-unit digits of an ISO-4217 code; unknown codes are rejected."""
    exponent = CURRENCY_EXPONENTS.get(currency.upper()) if isinstance(currency, str) else None
    if exponent is None:
        raise UnsupportedCurrency(f"'{currency}' is not an ISO-4217 currency code", field=field)
    return exponent


@dataclass(frozen=True, slots=True, order=True)
class Money:
    """An amount in integer minor units of one currency; arithmetic refuses to mix currencies."""

    minor: int
    currency: str

    def __post_init__(self) -> None:
        currency_exponent(self.currency)
        if type(self.minor) is not int:
            raise InvalidAmount("minor units must be an integer", field="amount")

    @classmethod
    def parse(
        cls, value: Decimal | str | int, currency: str, *, field: str = "amount", allow_zero: bool = False
    ) -> Money:
        """Parse a decimal amount exactly; more decimals than the currency has is an error."""
        code = currency.upper() if isinstance(currency, str) else currency
        exponent = currency_exponent(code)
        if isinstance(value, bool) or isinstance(value, float):
            raise InvalidAmount("amount must be a decimal number or string, not a float", field=field)
        try:
            amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
        except InvalidOperation:
            raise InvalidAmount(f"'{value}' is not a decimal amount", field=field) from None
        if not amount.is_finite():
            raise InvalidAmount("amount must be finite", field=field)
        if amount.adjusted() > 15:
            raise InvalidAmount("amount is too large", field=field)
        scaled = amount.scaleb(exponent)
        if scaled != scaled.to_integral_value():
            raise InvalidAmount(f"{code} allows at most {exponent} decimal places; got {value}", field=field)
        minor = int(scaled)
        if minor < 0 or (minor == 0 and not allow_zero):
            raise InvalidAmount("amount must be greater than zero", field=field)
        if minor > MAX_MINOR_UNITS:
            raise InvalidAmount("amount is too large", field=field)
        return cls(minor, code)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency.upper())

    @property
    def exponent(self) -> int:
        return CURRENCY_EXPONENTS[self.currency]

    def __str__(self) -> str:
        """The amount as a decimal string with exactly the currency's places ("100.50")."""
        exponent = self.exponent
        if exponent == 0:
            return str(self.minor)
        whole, frac = divmod(abs(self.minor), 10**exponent)
        return f"{'-' if self.minor < 0 else ''}{whole}.{frac:0{exponent}d}"

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise InvalidAmount(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor - other.minor, self.currency)
