"""The bodies the payments API accepts, decoded by msgspec (amount as JSON number or string)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from application.input_text import NO_CONTROL, SHORT_TEXT
from domain.payment import CaptureMethod

Name = Annotated[str, Meta(min_length=1, max_length=64, pattern=NO_CONTROL)]
Email = Annotated[
    str, Meta(pattern=r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$", max_length=254)
]
Phone = Annotated[str, Meta(pattern=r"^\+?[0-9][0-9 ().-]{4,19}$")]


class Customer(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    email: Email | None = None
    phone: Phone | None = None


class BankDetails(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Optional for bank_transfer: the payer's account, checked when present."""

    account_number: Annotated[str, Meta(max_length=64, pattern=NO_CONTROL)] | None = None
    account_holder: Annotated[str, Meta(max_length=128, pattern=NO_CONTROL)] | None = None
    routing_code: Annotated[str, Meta(max_length=32, pattern=NO_CONTROL)] | None = None


class WalletDetails(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Required for digital_wallet (the gateway names `wallet_details.wallet_id` if missing)."""

    wallet_id: Annotated[str, Meta(max_length=128, pattern=NO_CONTROL)] | None = None
    provider: Annotated[str, Meta(max_length=64, pattern=NO_CONTROL)] | None = None


class PaymentRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The seed's body (`payment_method` names the gateway when `gateway` is absent) and more."""

    user_id: Annotated[str, Meta(min_length=1, max_length=128, pattern=NO_CONTROL)]
    amount: Decimal
    currency: Annotated[str, Meta(min_length=1, max_length=8, pattern=NO_CONTROL)]
    payment_method: Name | None = None
    gateway: Name | None = None
    payment_system: Name | None = None
    description: Annotated[str, Meta(max_length=1000, pattern=SHORT_TEXT)] | None = None
    metadata: Annotated[dict[str, Any], Meta(max_length=50)] = {}
    customer: Customer | None = None
    bank_details: BankDetails | None = None
    wallet_details: WalletDetails | None = None
    capture_method: CaptureMethod = CaptureMethod.AUTOMATIC  # manual: authorize now, capture later


class CaptureBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Optional: the amount to capture (default: all that was authorized; the rest is released)."""

    amount: Decimal | None = None


class CancelBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Optional: why the authorization is voided (shown as the payment's failure_reason)."""

    reason: Annotated[str, Meta(max_length=500, pattern=SHORT_TEXT)] | None = None


class RefundBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Both optional: the default amount is the whole refundable remainder."""

    amount: Decimal | None = None
    reason: Annotated[str, Meta(max_length=500, pattern=SHORT_TEXT)] | None = None


class ConfirmBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Optional: the transfer reference the bank reported, checked against the instructions."""

    reference: Annotated[str, Meta(max_length=64, pattern=NO_CONTROL)] | None = None


class FailBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Optional: why the operator failed the payment (shown as its failure_reason)."""

    reason: Annotated[str, Meta(max_length=500, pattern=SHORT_TEXT)] | None = None
