"""A known data set built from real domain aggregates: payments driven through settle and refund
(so their events are the ones the service records), notifications, and their SQL rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.tables import notifications, outbox, payments, refunds
from domain.events import Event, encode_event
from domain.money import Money
from domain.notification import Notification
from domain.payment import Payment, PaymentStatus, Refund


def at(day: str, hour: int = 12) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def captured(
    user: str, gateway: str, minor: int, currency: str, created: datetime, refund_minor: tuple[int, ...] = ()
) -> tuple[Payment, list[Refund]]:
    payment = Payment.create(
        user_id=user, amount=Money(minor, currency), gateway=gateway, created_at=created, updated_at=created
    )
    payment.start_processing(gateway)
    payment.settle(PaymentStatus.SUCCEEDED, transaction_id=f"tx_{payment.id}")
    done = []
    for amount in refund_minor:
        refund = payment.request_refund(Money(amount, currency))
        payment.complete_refund(refund, gateway_refund_id=f"gr_{refund.id}")
        done.append(refund)
    return payment, done


def failed(user: str, gateway: str, minor: int, currency: str, created: datetime) -> Payment:
    payment = Payment.create(
        user_id=user, amount=Money(minor, currency), gateway=gateway, created_at=created, updated_at=created
    )
    payment.start_processing(gateway)
    payment.settle(PaymentStatus.FAILED, failure_code="card_declined", failure_reason="declined")
    return payment


def notification(channel: str, sent: bool, created: datetime) -> Notification:
    item = Notification(
        channel=channel,
        recipient="someone@example.com",
        message="hi",
        user_id="u1",
        created_at=created,
        updated_at=created,
    )
    item.record_attempt("sent" if sent else "permanent_error")
    if sent:
        item.mark_sent("msg-1")
    else:
        item.mark_failed("bounced")
    return item


@dataclass
class DataSet:
    payments: list[Payment] = field(default_factory=list)
    refunds: list[Refund] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)

    @property
    def events(self) -> list[Event]:
        return [e for p in self.payments for e in p.events] + [e for n in self.notifications for e in n.events]


def known_data() -> DataSet:
    """u1: a partly refunded Stripe USD payment, a failed PayPal one, an old Stripe USD one;
    u2: a fully refunded Razorpay INR payment. Four notifications on two channels."""
    data = DataSet()
    p_old, _ = captured("u1", "stripe", 2000, "USD", at("2024-01-01"))
    p_inr, r_inr = captured("u2", "razorpay", 5000, "INR", at("2025-02-01"), (5000,))
    p_failed = failed("u1", "paypal", 500, "EUR", at("2025-03-01"))
    p_new, r_new = captured("u1", "stripe", 1000, "USD", at("2025-03-02"), (300,))
    data.payments = [p_old, p_inr, p_failed, p_new]
    data.refunds = r_inr + r_new
    data.notifications = [
        notification("email", True, at("2025-03-01")),
        notification("email", False, at("2025-03-02")),
        notification("sms", True, at("2025-03-02")),
        notification("email", True, at("2024-01-01")),
    ]
    return data


def payment_row(p: Payment) -> dict:
    return {
        "id": p.id,
        "user_id": p.user_id,
        "status": str(p.status),
        "gateway": p.gateway,
        "payment_system": None,
        "amount_minor": p.amount.minor,
        "currency": p.amount.currency,
        "refunded_minor": p.refunded_minor,
        "description": None,
        "metadata": {},
        "customer": {},
        "transaction_id": p.transaction_id,
        "gateway_data": {},
        "failure_code": p.failure_code,
        "failure_reason": p.failure_reason,
        "next_action_url": None,
        "attempts": [],
        "created_at": p.created_at,
        "updated_at": p.updated_at,
        "version": p.version,
    }


def refund_row(r: Refund) -> dict:
    return {
        "id": r.id,
        "payment_id": r.payment_id,
        "amount_minor": r.amount.minor,
        "currency": r.amount.currency,
        "reason": r.reason,
        "status": str(r.status),
        "gateway_refund_id": r.gateway_refund_id,
        "created_at": r.created_at,
        "updated_at": r.created_at,
    }


def notification_row(n: Notification) -> dict:
    return {
        "id": n.id,
        "channel": n.channel,
        "recipient": n.recipient,
        "subject": None,
        "message": n.message,
        "html": None,
        "user_id": n.user_id,
        "group_id": None,
        "metadata": {},
        "status": str(n.status),
        "provider_message_id": n.provider_message_id,
        "error": n.error,
        "attempts": [],
        "created_at": n.created_at,
        "updated_at": n.updated_at,
    }


def outbox_row(e: Event) -> dict:
    return {
        "event_id": e.event_id,
        "type": str(e.type),
        "aggregate_id": e.aggregate_id,
        "user_id": e.user_id,
        "payload": encode_event(e),
        "occurred_at": e.occurred_at,
        "sent_at": None,
    }


async def insert_rows(engine: AsyncEngine, data: DataSet) -> None:
    """Write the data set as the transactional store would: rows plus their outbox events."""
    async with engine.begin() as conn:
        for table, rows in (
            (payments, [payment_row(p) for p in data.payments]),
            (refunds, [refund_row(r) for r in data.refunds]),
            (notifications, [notification_row(n) for n in data.notifications]),
        ):
            if rows:
                await conn.execute(insert(table), rows)
        for event in data.events:  # one by one, so `seq` follows the events' order
            await conn.execute(insert(outbox).values(outbox_row(event)))
