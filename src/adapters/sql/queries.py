"""The query catalog on the transactional tables, in SQLAlchemy Core: every value a bound parameter.

payment_totals_by_gateway, the definition analytics must agree with: for payments created on or
after `since` (UTC day) in `currency`, per gateway and currency,
- `payments`: payments that were captured (status succeeded, partially_refunded or refunded);
- `captured_minor`: the sum of what they captured (a manual capture may take less than the amount);
- `refunded_minor`: the sum of their succeeded refunds;
- `net_minor`: captured minus refunded.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any

import msgspec
from sqlalchemy import Select, func, select

from adapters.sql.catalog import SqlCatalog
from adapters.sql.tables import notifications, outbox, payments, refunds
from domain.events import decode_event

CAPTURED_STATUSES = ("succeeded", "partially_refunded", "refunded")


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def payments_by_user(params: dict[str, Any]) -> Select:
    p = payments.c
    return (
        select(
            p.id.label("payment_id"), p.status, p.gateway, p.amount_minor, p.currency, p.refunded_minor, p.created_at
        )
        .where(p.user_id == params["user_id"])
        .order_by(p.created_at.desc(), p.id.desc())
        .limit(params["limit"])
    )


def payment_totals_by_gateway(params: dict[str, Any]) -> Select:
    p, r = payments.c, refunds.c
    refunded = (
        select(r.payment_id, func.sum(r.amount_minor).label("amount"))
        .where(r.status == "succeeded")
        .group_by(r.payment_id)
        .subquery()
    )
    captured = func.sum(func.coalesce(p.amount_captured_minor, p.amount_minor))
    refunded_sum = func.coalesce(func.sum(refunded.c.amount), 0)
    query = (
        select(
            p.gateway,
            p.currency,
            func.count().label("payments"),
            captured.label("captured_minor"),
            refunded_sum.label("refunded_minor"),
            (captured - refunded_sum).label("net_minor"),
        )
        .select_from(payments.outerjoin(refunded, refunded.c.payment_id == p.id))
        .where(p.status.in_(CAPTURED_STATUSES))
        .group_by(p.gateway, p.currency)
        .order_by(p.gateway, p.currency)
    )
    if params.get("currency"):
        query = query.where(p.currency == params["currency"])
    if params.get("since"):
        query = query.where(p.created_at >= day_start(params["since"]))
    return query


def recent_events(params: dict[str, Any]) -> Select:
    o = outbox.c
    query = (
        select(o.event_id, o.type, o.aggregate_id, o.user_id, o.occurred_at, o.payload)
        .order_by(o.seq.desc())
        .limit(params["limit"])
    )
    if params.get("type"):
        query = query.where(o.type == params["type"])
    return query


def notification_delivery_stats(params: dict[str, Any]) -> Select:
    n = notifications.c
    query = (
        select(n.channel, n.status, func.count().label("count"))
        .group_by(n.channel, n.status)
        .order_by(n.channel, n.status)
    )
    if params.get("since"):
        query = query.where(n.created_at >= day_start(params["since"]))
    return query


def _event_data(row: dict[str, Any]) -> dict[str, Any]:
    """The outbox keeps the encoded envelope; rows show its `data` like analytics does."""
    payload = row.pop("payload", None)
    try:
        row["data"] = decode_event(payload).data if payload is not None else None
    except (msgspec.DecodeError, msgspec.ValidationError):
        row["data"] = None
    return row


QUERIES: dict[str, Callable[[dict[str, Any]], Select]] = {
    "payments_by_user": payments_by_user,
    "payment_totals_by_gateway": payment_totals_by_gateway,
    "recent_events": recent_events,
    "notification_delivery_stats": notification_delivery_stats,
}
ROW_FIXES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {"recent_events": _event_data}
CATALOG = SqlCatalog(QUERIES, ROW_FIXES)
