"""Beanie documents of the MongoDB analytics store: one per event, plus rollups.

Plain ids only (no Link): SecantusDB, the tests' MongoDB-wire server, does not fetch links, and
analytics never needs to.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from beanie import Document
from pymongo import ASCENDING, DESCENDING, IndexModel

EVENTS = "analytics_events"
PAYMENT_ROLLUPS = "analytics_payment_rollups"
NOTIFICATION_ROLLUPS = "analytics_notification_rollups"


class AnalyticsEventDocument(Document):
    """One recorded event; the unique event_id index is what makes a replay a no-op."""

    event_id: str
    type: str
    aggregate_id: str
    user_id: str | None = None
    occurred_at: datetime
    day: str
    gateway: str | None = None
    channel: str | None = None
    currency: str | None = None
    status: str | None = None
    status_rank: float | None = None  # projection.STATUS_RANK; whole numbers for the seed's statuses
    amount_minor: int | None = None
    data: dict[str, Any]

    class Settings:
        name = EVENTS
        indexes = [
            IndexModel([("event_id", ASCENDING)], unique=True, name="uq_event_id"),
            IndexModel([("user_id", ASCENDING), ("type", ASCENDING)], name="ix_user_type"),
            IndexModel([("occurred_at", DESCENDING)], name="ix_occurred_at"),
        ]


class PaymentRollup(Document):
    """Per payment-creation day, gateway, currency and status: events that moved payments into
    the status (`events`, `amount_minor`), and refunds (`refunds`, `refunded_minor`)."""

    day: str
    gateway: str | None = None
    currency: str | None = None
    status: str | None = None
    events: int = 0
    amount_minor: int = 0
    refunds: int = 0
    refunded_minor: int = 0

    class Settings:
        name = PAYMENT_ROLLUPS
        indexes = [
            IndexModel(
                [("day", ASCENDING), ("gateway", ASCENDING), ("currency", ASCENDING), ("status", ASCENDING)],
                unique=True,
                name="uq_rollup_key",
            )
        ]


class NotificationRollup(Document):
    """Per day, channel and delivery status: how many notifications ended there."""

    day: str
    channel: str | None = None
    status: str | None = None
    notifications: int = 0

    class Settings:
        name = NOTIFICATION_ROLLUPS
        indexes = [
            IndexModel(
                [("day", ASCENDING), ("channel", ASCENDING), ("status", ASCENDING)], unique=True, name="uq_rollup_key"
            )
        ]


DOCUMENTS = [AnalyticsEventDocument, PaymentRollup, NotificationRollup]
