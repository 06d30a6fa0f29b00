"""The query catalog on analytics_events, in SQLAlchemy Core: rollups are GROUP BY queries.

payment_totals_by_gateway counts, per gateway and currency of payments created on or after
`since`: `payment_processed` events with status succeeded (each payment has at most one) and
their amounts, and `refund_processed` amounts; the transactional store's definition in
adapters/sql/queries.py, from recorded events.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select

from adapters.analytics.projection import (
    CAPTURED,
    NOTIFICATION_EVENTS,
    PAYMENT_EVENTS,
    STATUS_RANK,
    status_of_rank,
)
from adapters.sql.catalog import SqlCatalog
from adapters.sql.tables import analytics_events
from domain.events import EventType

a = analytics_events.c
REFUND = a.type == EventType.REFUND_PROCESSED.value
CAPTURE = and_(a.type == EventType.PAYMENT_PROCESSED.value, a.status == CAPTURED)


def payments_by_user(params: dict[str, Any]) -> Select:
    rank = case(STATUS_RANK, value=a.status, else_=-1)
    settled_gateway = case((a.type != EventType.PAYMENT_CREATED.value, a.gateway))
    created = func.min(a.occurred_at).label("created_at")
    return (
        select(
            a.aggregate_id.label("payment_id"),
            func.max(rank).label("status_rank"),
            func.coalesce(func.max(settled_gateway), func.max(a.gateway)).label("gateway"),
            func.max(case((~REFUND, a.amount_minor))).label("amount_minor"),
            func.max(a.currency).label("currency"),
            func.coalesce(func.sum(case((REFUND, a.amount_minor), else_=0)), 0).label("refunded_minor"),
            created,
        )
        .where(a.user_id == params["user_id"], a.type.in_([t.value for t in PAYMENT_EVENTS]))
        .group_by(a.aggregate_id)
        .order_by(created.desc(), a.aggregate_id.desc())
        .limit(params["limit"])
    )


def payment_totals_by_gateway(params: dict[str, Any]) -> Select:
    captured = func.coalesce(func.sum(case((CAPTURE, a.amount_minor), else_=0)), 0)
    refunded = func.coalesce(func.sum(case((REFUND, a.amount_minor), else_=0)), 0)
    query = (
        select(
            a.gateway,
            a.currency,
            func.sum(case((CAPTURE, 1), else_=0)).label("payments"),
            captured.label("captured_minor"),
            refunded.label("refunded_minor"),
            (captured - refunded).label("net_minor"),
        )
        .where(or_(CAPTURE, REFUND))
        .group_by(a.gateway, a.currency)
        .order_by(a.gateway, a.currency)
    )
    if params.get("currency"):
        query = query.where(a.currency == params["currency"])
    if params.get("since"):
        query = query.where(a.day >= params["since"].isoformat())
    return query


def recent_events(params: dict[str, Any]) -> Select:
    query = (
        select(a.event_id, a.type, a.aggregate_id, a.user_id, a.occurred_at, a.data)
        .order_by(a.occurred_at.desc(), a.event_id.desc())
        .limit(params["limit"])
    )
    if params.get("type"):
        query = query.where(a.type == params["type"])
    return query


def notification_delivery_stats(params: dict[str, Any]) -> Select:
    query = (
        select(a.channel, a.status, func.count().label("count"))
        .where(a.type.in_([t.value for t in NOTIFICATION_EVENTS]))
        .group_by(a.channel, a.status)
        .order_by(a.channel, a.status)
    )
    if params.get("since"):
        query = query.where(a.day >= params["since"].isoformat())
    return query


def _status(row: dict[str, Any]) -> dict[str, Any]:
    rank = row.pop("status_rank")
    return {
        "payment_id": row.pop("payment_id"),
        "status": status_of_rank(rank),
        **row,
    }


QUERIES: dict[str, Callable[[dict[str, Any]], Select]] = {
    "payments_by_user": payments_by_user,
    "payment_totals_by_gateway": payment_totals_by_gateway,
    "recent_events": recent_events,
    "notification_delivery_stats": notification_delivery_stats,
}
ROW_FIXES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {"payments_by_user": _status}
CATALOG = SqlCatalog(QUERIES, ROW_FIXES)
