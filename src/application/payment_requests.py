"""The bodies the payments API accepts, decoded by msgspec (amount as JSON number or string)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

import msgspec
from msgspec import Meta

Name = Annotated[str, Meta(min_length=1, max_length=64)]
Email = Annotated[str, Meta(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)]
Phone = Annotated[str, Meta(pattern=r"^\+?[0-9][0-9 ().-]{4,19}$")]


class Customer(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    email: Email | None = None
    phone: Phone | None = None


class BankDetails(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Optional for bank_transfer: the payer's account, checked when present."""

    account_number: Annotated[str, Meta(max_length=64)] | None = None
    account_holder: Annotated[str, Meta(max_length=128)] | None = None
    routing_code: Annotated[str, Meta(max_length=32)] | None = None


class WalletDetails(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Required for digital_wallet (the gateway names `wallet_details.wallet_id` if missing)."""

    wallet_id: Annotated[str, Meta(max_length=128)] | None = None
    provider: Annotated[str, Meta(max_length=64)] | None = None


class PaymentRequest(msgspec.Struct, frozen=True, kw_only=True):
    """The seed's body (`payment_method` names the gateway when `gateway` is absent) and more."""

    user_id: Annotated[str, Meta(min_length=1, max_length=128)]
    amount: Decimal
    currency: Annotated[str, Meta(min_length=1, max_length=8)]
    payment_method: Name | None = None
    gateway: Name | None = None
    payment_system: Name | None = None
    description: Annotated[str, Meta(max_length=1000)] | None = None
    metadata: Annotated[dict[str, Any], Meta(max_length=50)] = {}
    customer: Customer | None = None
    bank_details: BankDetails | None = None
    wallet_details: WalletDetails | None = None


class RefundBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Both optional: the default amount is the whole refundable remainder."""

    amount: Decimal | None = None
    reason: Annotated[str, Meta(max_length=500)] | None = None


class ConfirmBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Optional: the transfer reference the bank reported, checked against the instructions."""

    reference: Annotated[str, Meta(max_length=64)] | None = None


class FailBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Optional: why the operator failed the payment (shown as its failure_reason)."""

    reason: Annotated[str, Meta(max_length=500)] | None = None
