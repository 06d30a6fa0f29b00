"""The one event envelope shared by the outbox, Kafka, WebSocket clients and analytics."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

import msgspec

from domain.ids import new_id


class EventType(enum.StrEnum):
    PAYMENT_CREATED = "payment_created"
    PAYMENT_PROCESSED = "payment_processed"
    PAYMENT_FAILED = "payment_failed"
    REFUND_PROCESSED = "refund_processed"
    NOTIFICATION_SENT = "notification_sent"
    NOTIFICATION_FAILED = "notification_failed"
    NOTIFICATION_DELIVERED = "notification_delivered"  # a provider's delivery receipt


class Event(msgspec.Struct, frozen=True, kw_only=True):
    """An immutable fact; `event_id` is unique so every consumer can de-duplicate replays."""

    type: EventType
    aggregate_id: str
    user_id: str | None
    data: dict[str, Any]
    event_id: str = msgspec.field(default_factory=lambda: new_id("evt"))
    occurred_at: datetime = msgspec.field(default_factory=lambda: datetime.now(UTC))


def encode_event(event: Event) -> bytes:
    return msgspec.json.encode(event)


def decode_event(raw: bytes | str) -> Event:
    return msgspec.json.decode(raw, type=Event)
