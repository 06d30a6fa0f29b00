"""Rows to aggregates and back, and result rows as plain values the same from every engine."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import msgspec

from domain.money import Money
from domain.notification import DeliveryAttempt, Notification, NotificationStatus
from domain.payment import Attempt, Payment, PaymentStatus, Refund, RefundStatus


def payment_values(p: Payment) -> dict[str, Any]:
    """Every column but id, created_at and version (the repository owns those)."""
    return {
        "user_id": p.user_id,
        "status": str(p.status),
        "gateway": p.gateway,
        "payment_system": p.payment_system,
        "amount_minor": p.amount.minor,
        "currency": p.amount.currency,
        "refunded_minor": p.refunded_minor,
        "description": p.description,
        "metadata": p.metadata,
        "customer": p.customer,
        "transaction_id": p.transaction_id,
        "gateway_data": p.gateway_data,
        "failure_code": p.failure_code,
        "failure_reason": p.failure_reason,
        "next_action_url": p.next_action_url,
        "attempts": p.attempts,
        "updated_at": p.updated_at,
    }


def payment_from_row(row: Mapping[Any, Any]) -> Payment:
    return Payment(
        id=row["id"],
        user_id=row["user_id"],
        status=PaymentStatus(row["status"]),
        gateway=row["gateway"],
        payment_system=row["payment_system"],
        amount=Money(row["amount_minor"], row["currency"]),
        refunded_minor=row["refunded_minor"],
        description=row["description"],
        metadata=row["metadata"] or {},
        customer=row["customer"] or {},
        transaction_id=row["transaction_id"],
        gateway_data=row["gateway_data"] or {},
        failure_code=row["failure_code"],
        failure_reason=row["failure_reason"],
        next_action_url=row["next_action_url"],
        attempts=msgspec.convert(row["attempts"] or [], list[Attempt]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        version=row["version"],
    )


def refund_values(r: Refund, updated_at: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "payment_id": r.payment_id,
        "amount_minor": r.amount.minor,
        "currency": r.amount.currency,
        "reason": r.reason,
        "status": str(r.status),
        "gateway_refund_id": r.gateway_refund_id,
        "created_at": r.created_at,
        "updated_at": updated_at,
    }


def refund_from_row(row: Mapping[Any, Any]) -> Refund:
    return Refund(
        id=row["id"],
        payment_id=row["payment_id"],
        amount=Money(row["amount_minor"], row["currency"]),
        reason=row["reason"],
        status=RefundStatus(row["status"]),
        gateway_refund_id=row["gateway_refund_id"],
        created_at=row["created_at"],
    )


def notification_values(n: Notification) -> dict[str, Any]:
    return {
        "channel": n.channel,
        "recipient": n.recipient,
        "subject": n.subject,
        "message": n.message,
        "html": n.html,
        "user_id": n.user_id,
        "group_id": n.group_id,
        "metadata": n.metadata,
        "status": str(n.status),
        "provider_message_id": n.provider_message_id,
        "error": n.error,
        "attempts": n.attempts,
        "updated_at": n.updated_at,
        "template": n.template,
        "locale": n.locale,
        "category": n.category,
        "send_at": n.send_at,
        "reason": n.reason,
        "delivered_at": n.delivered_at,
    }


def notification_from_row(row: Mapping[Any, Any]) -> Notification:
    return Notification(
        id=row["id"],
        channel=row["channel"],
        recipient=row["recipient"],
        subject=row["subject"],
        message=row["message"],
        html=row["html"],
        user_id=row["user_id"],
        group_id=row["group_id"],
        metadata=row["metadata"] or {},
        status=NotificationStatus(row["status"]),
        provider_message_id=row["provider_message_id"],
        error=row["error"],
        attempts=msgspec.convert(row["attempts"] or [], list[DeliveryAttempt]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        template=row["template"],
        locale=row["locale"],
        category=row["category"],
        send_at=row["send_at"],
        reason=row["reason"],
        delivered_at=row["delivered_at"],
    )


def _plain(value: Any) -> Any:
    # SUM() is DECIMAL on MySQL and NUMERIC on PostgreSQL; minor units are whole numbers.
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    # MySQL and SQLite keep no offset; every timestamp this service writes is UTC.
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def plain_rows(rows: Iterable[Mapping[Any, Any]]) -> list[dict[str, Any]]:
    return [{key: _plain(value) for key, value in row.items()} for row in rows]
