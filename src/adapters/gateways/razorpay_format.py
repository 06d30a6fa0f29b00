"""Razorpay's shapes: subunit amounts, payment statuses, error objects and webhook events."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from domain.errors import InvalidAmount, InvalidInput
from domain.money import Money
from domain.payment import PaymentStatus, RefundStatus
from domain.ports import ChargeOutcome, RefundOutcome, WebhookEvent

PAYMENT_STATUS = {
    "captured": PaymentStatus.SUCCEEDED,
    "refunded": PaymentStatus.SUCCEEDED,
    "failed": PaymentStatus.FAILED,
    "created": PaymentStatus.PENDING,
    "authorized": PaymentStatus.PENDING,
}
REFUND_STATUS = {
    "processed": RefundStatus.SUCCEEDED,
    "pending": RefundStatus.PENDING,
    "created": RefundStatus.PENDING,
    "failed": RefundStatus.FAILED,
}
_FIELDS = {"amount": "amount", "currency": "currency", "receipt": "payment_id"}


def refund_idempotency_key(key: str) -> str:
    """X-Refund-Idempotency takes 10+ letters, digits, '-' and '_'; other keys are hashed to fit."""
    if re.fullmatch(r"[A-Za-z0-9_-]{10,64}", key):
        return key
    return hashlib.sha256(key.encode()).hexdigest()[:40]


def razorpay_amount(money: Money) -> int:
    """Amount in subunits (paise); three-decimal currencies must end in 0, as Razorpay requires."""
    if money.exponent == 3 and money.minor % 10:
        raise InvalidAmount(f"Razorpay needs {money.currency} amounts rounded to 0.010; got {money}", field="amount")
    return money.minor


def money_of(entity: dict[str, Any]) -> Money | None:
    """An entity's subunit `amount` and `currency` as our Money; None when unusable."""
    amount, currency = entity.get("amount"), entity.get("currency")
    if type(amount) is not int or amount < 0 or not isinstance(currency, str):
        return None
    try:
        return Money(amount, currency.upper())
    except InvalidInput:
        return None


def payment_outcome(payment: dict[str, Any]) -> ChargeOutcome:
    status = PAYMENT_STATUS.get(payment.get("status") or "", PaymentStatus.PENDING)
    failed = status is PaymentStatus.FAILED
    return ChargeOutcome(
        status=status,
        transaction_id=payment.get("id"),
        failure_code=(payment.get("error_reason") or payment.get("error_code")) if failed else None,
        failure_reason=payment.get("error_description") if failed else None,
        data={
            "order_id": payment.get("order_id"),
            "razorpay_status": payment.get("status"),
            "method": payment.get("method"),
        },
    )


def order_error(body: dict[str, Any]) -> ChargeOutcome:
    """A 400 on order creation: names our field when Razorpay's `field` maps, else FAILED."""
    error = body.get("error") or {}
    field = _FIELDS.get(error.get("field") or "")
    description = error.get("description") or error.get("code") or "rejected by Razorpay"
    if field:
        raise InvalidInput(description, field=field, extra={"provider_code": error.get("code")})
    return ChargeOutcome(
        status=PaymentStatus.FAILED, failure_code=error.get("reason") or error.get("code"), failure_reason=description
    )


def refund_outcome(refund: dict[str, Any]) -> RefundOutcome:
    status = REFUND_STATUS.get(refund.get("status") or "", RefundStatus.PENDING)
    return RefundOutcome(
        status=status,
        gateway_refund_id=refund.get("id"),
        failure_reason="Razorpay reported the refund failed" if status is RefundStatus.FAILED else None,
    )


def to_event(event_id: str, event: dict[str, Any]) -> WebhookEvent:
    """payment.* and order.paid settle a payment (by payment id); refund.* settle a refund."""
    kind = str(event.get("event", ""))
    payload = event.get("payload") or {}
    payment = (payload.get("payment") or {}).get("entity") or {}
    refund = (payload.get("refund") or {}).get("entity") or {}
    order = (payload.get("order") or {}).get("entity") or {}
    # Our payment id travels as the order's receipt (and in notes when checkout passes them on).
    data: dict[str, Any] = {
        "event_type": kind,
        "payment_id": order.get("receipt") or (payment.get("notes") or {}).get("payment_id"),
    }
    if kind.startswith("refund."):
        outcome = refund_outcome(refund)
        return WebhookEvent(
            provider_event_id=event_id,
            transaction_id=str(refund.get("payment_id")),
            refund_id=refund.get("id"),
            refund_status=outcome.status,
            amount=money_of(refund),
            data={**data, "merchant_refund_id": (refund.get("notes") or {}).get("refund_id")},
        )
    if kind.startswith("payment.") or kind == "order.paid":
        charged = payment_outcome(payment)
        status = PaymentStatus.SUCCEEDED if kind == "order.paid" else charged.status
        return WebhookEvent(
            provider_event_id=event_id,
            transaction_id=str(payment.get("id")),
            payment_status=status,
            amount=money_of(payment),
            references=tuple(str(i) for i in (payment.get("order_id"), order.get("id")) if i),
            data={
                **data,
                **charged.data,
                "failure_code": charged.failure_code,
                "failure_reason": charged.failure_reason,
                "needs_capture": payment.get("status") == "authorized",
            },
        )
    return WebhookEvent(provider_event_id=event_id, transaction_id=str(payment.get("id", "")), data=data)
