"""What the API shows of a payment and its refunds (msgspec Structs, encoded once)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import msgspec

from domain.payment import Payment, Refund


class RefundView(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    payment_id: str
    amount: str
    amount_minor: int
    currency: str
    reason: str | None
    status: str
    gateway_refund_id: str | None
    created_at: datetime


class PaymentAttemptView(msgspec.Struct, frozen=True, kw_only=True):
    gateway: str
    outcome: str
    at: datetime
    detail: str | None = None
    decline_code: str | None = None
    decline: str | None = None  # soft: the family's next gateway was tried; hard: final


class PaymentView(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    status: str
    user_id: str
    amount: str
    amount_minor: int
    currency: str
    gateway: str
    payment_system: str | None
    transaction_id: str | None
    gateway_data: dict[str, Any]
    failure_code: str | None
    failure_reason: str | None
    next_action_url: str | None
    refunded: str
    refunded_minor: int
    refundable: str
    refundable_minor: int
    description: str | None
    metadata: dict[str, Any]
    customer: dict[str, Any]
    refunds: list[RefundView]
    attempts: list[PaymentAttemptView]
    created_at: datetime
    updated_at: datetime
    capture_method: str = "automatic"
    amount_captured: str = "0"  # what was taken: refundable is at most this
    amount_captured_minor: int = 0


class RefundResult(msgspec.Struct, frozen=True, kw_only=True):
    """A refund and the payment after it, so the caller sees refunded and remaining at once."""

    refund: RefundView
    payment: PaymentView


def refund_view(refund: Refund) -> RefundView:
    return RefundView(
        id=refund.id,
        payment_id=refund.payment_id,
        amount=str(refund.amount),
        amount_minor=refund.amount.minor,
        currency=refund.amount.currency,
        reason=refund.reason,
        status=str(refund.status),
        gateway_refund_id=refund.gateway_refund_id,
        created_at=refund.created_at,
    )


def payment_view(payment: Payment, refunds: Sequence[Refund] = ()) -> PaymentView:
    refunded, refundable = payment.refunded, payment.refundable
    return PaymentView(
        id=payment.id,
        status=str(payment.status),
        user_id=payment.user_id,
        amount=str(payment.amount),
        amount_minor=payment.amount.minor,
        currency=payment.amount.currency,
        gateway=payment.gateway,
        payment_system=payment.payment_system,
        transaction_id=payment.transaction_id,
        gateway_data=payment.gateway_data,
        failure_code=payment.failure_code,
        failure_reason=payment.failure_reason,
        next_action_url=payment.next_action_url,
        refunded=str(refunded),
        refunded_minor=refunded.minor,
        refundable=str(refundable),
        refundable_minor=refundable.minor,
        description=payment.description,
        metadata=payment.metadata,
        customer=payment.customer,
        refunds=[refund_view(r) for r in refunds],
        attempts=[
            PaymentAttemptView(
                gateway=a.gateway,
                outcome=a.outcome,
                at=a.at,
                detail=a.detail,
                decline_code=a.decline_code,
                decline=a.decline,
            )
            for a in payment.attempts
        ],
        created_at=payment.created_at,
        updated_at=payment.updated_at,
        capture_method=str(payment.capture_method),
        amount_captured=str(payment.captured),
        amount_captured_minor=payment.captured.minor,
    )
