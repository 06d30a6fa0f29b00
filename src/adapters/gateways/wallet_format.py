"""The wallet provider's statuses, charge outcomes and webhook events
(docs/wallet-provider-api.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.declines import classify
from domain.errors import InvalidInput
from domain.money import Money
from domain.payment import PaymentStatus, RefundStatus
from domain.ports import ChargeOutcome, WebhookEvent

CHARGE_STATUS = {
    "succeeded": PaymentStatus.SUCCEEDED,
    "pending": PaymentStatus.PENDING,
    "requires_action": PaymentStatus.REQUIRES_ACTION,
    "failed": PaymentStatus.FAILED,
}
REFUND_STATUS = {"succeeded": RefundStatus.SUCCEEDED, "pending": RefundStatus.PENDING, "failed": RefundStatus.FAILED}
FIELDS = {
    "wallet_id": "wallet_details.wallet_id",
    "provider": "wallet_details.provider",
    "amount_minor": "amount",
    "currency": "currency",
}


# The wallet API's failure codes (docs/wallet-provider-api.md) after which another gateway may
# try; every other code is hard.
SOFT_DECLINES = frozenset({"try_again", "processing_error", "provider_unavailable"})


def charge_outcome(charge: dict[str, Any]) -> ChargeOutcome:
    status = CHARGE_STATUS.get(charge.get("status") or "", PaymentStatus.PENDING)
    failed = status is PaymentStatus.FAILED
    return ChargeOutcome(
        status=status,
        transaction_id=charge.get("id"),
        failure_code=charge.get("failure_code") if failed else None,
        decline=classify(charge.get("failure_code"), SOFT_DECLINES) if failed else None,
        failure_reason=charge.get("failure_message") if failed else None,
        next_action_url=charge.get("action_url"),
        data={"wallet_status": charge.get("status"), "provider": charge.get("provider")},
    )


def webhook_event(event: dict[str, Any]) -> WebhookEvent:
    """A verified webhook's event: charge.* settle a payment, refund.* a refund."""
    kind = str(event.get("type", ""))
    obj = (event.get("data") or {}).get("object") or {}
    data = {"event_type": kind, "payment_id": obj.get("reference")}
    if kind.startswith("refund."):
        return WebhookEvent(
            provider_event_id=str(event.get("id", "")),
            transaction_id=str(obj.get("charge_id")),
            refund_id=obj.get("id"),
            refund_status=REFUND_STATUS.get(obj.get("status") or ""),
            amount=money_of(obj),
            data={**data, "payment_id": None, "merchant_refund_id": obj.get("reference")},
        )
    if not kind.startswith("charge."):
        return WebhookEvent(
            provider_event_id=str(event.get("id", "")), transaction_id=str(obj.get("id", "")), data=data
        )
    outcome = charge_outcome(obj)
    return WebhookEvent(
        provider_event_id=str(event.get("id", "")),
        transaction_id=str(obj.get("id", "")),
        payment_status=outcome.status,
        amount=money_of(obj),
        data={
            **data,
            "failure_code": outcome.failure_code,
            "failure_reason": outcome.failure_reason,
            "next_action_url": outcome.next_action_url,
        },
    )


def money_of(obj: Mapping[str, Any]) -> Money | None:
    """The object's `amount_minor` and `currency` (docs/wallet-provider-api.md); None when unusable."""
    amount, currency = obj.get("amount_minor"), obj.get("currency")
    if type(amount) is not int or amount < 0 or not isinstance(currency, str):
        return None
    try:
        return Money(amount, currency.upper())
    except InvalidInput:
        return None
