"""The query catalog on the MongoDB analytics collections, as aggregation pipelines.

Parameter values arrive validated and typed (strings, ints, dates) and are placed in pipelines
as values, never as operators, so a value cannot change what a pipeline does.
payment_totals_by_gateway reads the payment rollups: `payments`/`captured_minor` from the
`succeeded` rollups (one payment_processed event per captured payment), `refunded_minor` from
every rollup's refunds; the same definition as the transactional store's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from adapters.analytics.documents import EVENTS, NOTIFICATION_ROLLUPS, PAYMENT_ROLLUPS
from adapters.analytics.projection import CAPTURED, PAYMENT_EVENTS, status_of_rank, utc
from domain.events import EventType

Rows = list[dict[str, Any]]
REFUND = {"$eq": ["$type", EventType.REFUND_PROCESSED.value]}


async def _aggregate(db: AsyncDatabase, collection: str, pipeline: list[dict]) -> Rows:
    cursor = await db[collection].aggregate(pipeline)
    return [doc async for doc in cursor]


def _since(params: dict[str, Any], match: dict[str, Any]) -> dict[str, Any]:
    if params.get("since"):
        match["day"] = {"$gte": params["since"].isoformat()}
    return match


async def payments_by_user(db: AsyncDatabase, params: dict[str, Any]) -> Rows:
    pipeline = [
        {"$match": {"user_id": params["user_id"], "type": {"$in": [t.value for t in PAYMENT_EVENTS]}}},
        {
            "$group": {
                "_id": "$aggregate_id",
                "status_rank": {"$max": "$status_rank"},
                "settled_gateway": {
                    "$max": {"$cond": [{"$ne": ["$type", EventType.PAYMENT_CREATED.value]}, "$gateway", None]}
                },
                "any_gateway": {"$max": "$gateway"},
                "amount_minor": {"$max": {"$cond": [REFUND, None, "$amount_minor"]}},
                "currency": {"$max": "$currency"},
                "refunded_minor": {"$sum": {"$cond": [REFUND, "$amount_minor", 0]}},
                "created_at": {"$min": "$occurred_at"},
            }
        },
        {"$sort": {"created_at": -1, "_id": -1}},
        {"$limit": params["limit"]},
    ]
    rows = []
    for doc in await _aggregate(db, EVENTS, pipeline):
        rank = doc.get("status_rank")
        rows.append(
            {
                "payment_id": doc["_id"],
                "status": status_of_rank(rank),
                "gateway": doc.get("settled_gateway") or doc.get("any_gateway"),
                "amount_minor": doc.get("amount_minor"),
                "currency": doc.get("currency"),
                "refunded_minor": doc.get("refunded_minor", 0),
                "created_at": utc(doc["created_at"]),
            }
        )
    return rows


async def payment_totals_by_gateway(db: AsyncDatabase, params: dict[str, Any]) -> Rows:
    match = _since(params, {"currency": params["currency"]} if params.get("currency") else {})
    captured = {"$eq": ["$status", CAPTURED]}
    pipeline = [
        {"$match": match},
        {
            "$group": {
                "_id": {"gateway": "$gateway", "currency": "$currency"},
                "payments": {"$sum": {"$cond": [captured, "$events", 0]}},
                "captured_minor": {"$sum": {"$cond": [captured, "$amount_minor", 0]}},
                "refunded_minor": {"$sum": "$refunded_minor"},
            }
        },
        {"$match": {"$or": [{"payments": {"$gt": 0}}, {"refunded_minor": {"$gt": 0}}]}},
        {"$sort": {"_id.gateway": 1, "_id.currency": 1}},
    ]
    return [
        {
            "gateway": doc["_id"]["gateway"],
            "currency": doc["_id"]["currency"],
            "payments": doc["payments"],
            "captured_minor": doc["captured_minor"],
            "refunded_minor": doc["refunded_minor"],
            "net_minor": doc["captured_minor"] - doc["refunded_minor"],
        }
        for doc in await _aggregate(db, PAYMENT_ROLLUPS, pipeline)
    ]


async def recent_events(db: AsyncDatabase, params: dict[str, Any]) -> Rows:
    match = {"type": params["type"]} if params.get("type") else {}
    pipeline = [{"$match": match}, {"$sort": {"occurred_at": -1, "event_id": -1}}, {"$limit": params["limit"]}]
    return [
        {
            "event_id": doc["event_id"],
            "type": doc["type"],
            "aggregate_id": doc["aggregate_id"],
            "user_id": doc.get("user_id"),
            "occurred_at": utc(doc["occurred_at"]),
            "data": doc.get("data"),
        }
        for doc in await _aggregate(db, EVENTS, pipeline)
    ]


async def notification_delivery_stats(db: AsyncDatabase, params: dict[str, Any]) -> Rows:
    pipeline = [
        {"$match": _since(params, {})},
        {"$group": {"_id": {"channel": "$channel", "status": "$status"}, "count": {"$sum": "$notifications"}}},
        {"$sort": {"_id.channel": 1, "_id.status": 1}},
    ]
    return [
        {"channel": doc["_id"]["channel"], "status": doc["_id"]["status"], "count": doc["count"]}
        for doc in await _aggregate(db, NOTIFICATION_ROLLUPS, pipeline)
    ]


QUERIES: dict[str, Callable[[AsyncDatabase, dict[str, Any]], Awaitable[Rows]]] = {
    "payments_by_user": payments_by_user,
    "payment_totals_by_gateway": payment_totals_by_gateway,
    "recent_events": recent_events,
    "notification_delivery_stats": notification_delivery_stats,
}
