"""A notification sent over one channel, with every delivery attempt recorded."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from domain.errors import IllegalTransition
from domain.events import Event, EventType
from domain.ids import new_id


class NotificationStatus(enum.StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class DeliveryAttempt:
    number: int
    outcome: str  # "sent", "transient_error" or "permanent_error"
    at: datetime = field(default_factory=_now)
    error: str | None = None
    provider_message_id: str | None = None


@dataclass(slots=True, kw_only=True)
class Notification:
    channel: str
    recipient: str
    message: str
    subject: str | None = None
    html: str | None = None
    user_id: str | None = None
    group_id: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=lambda: new_id("ntf"))
    status: NotificationStatus = NotificationStatus.QUEUED
    provider_message_id: str | None = None
    error: str | None = None
    attempts: list[DeliveryAttempt] = field(default_factory=list)
    created_at: datetime = field(default_factory=_now)
    updated_at: datetime = field(default_factory=_now)
    events: list[Event] = field(default_factory=list, repr=False)

    def record_attempt(
        self, outcome: str, *, error: str | None = None, provider_message_id: str | None = None
    ) -> DeliveryAttempt:
        attempt = DeliveryAttempt(len(self.attempts) + 1, outcome, error=error, provider_message_id=provider_message_id)
        self.attempts.append(attempt)
        self.updated_at = attempt.at
        return attempt

    def mark_sent(self, provider_message_id: str | None) -> None:
        self.provider_message_id = provider_message_id
        self._finish(NotificationStatus.SENT, EventType.NOTIFICATION_SENT)

    def mark_failed(self, error: str) -> None:
        self.error = error
        self._finish(NotificationStatus.FAILED, EventType.NOTIFICATION_FAILED)

    def _finish(self, status: NotificationStatus, event: EventType) -> None:
        if self.status is not NotificationStatus.QUEUED:
            raise IllegalTransition(f"notification {self.id} is already {self.status}")
        self.status = status
        self.updated_at = _now()
        self.events.append(
            Event(
                type=event,
                aggregate_id=self.id,
                user_id=self.user_id,
                data={
                    "notification_id": self.id,
                    "channel": self.channel,
                    "status": str(status),
                    "recipient": self.recipient,
                    "group_id": self.group_id,
                    "attempts": len(self.attempts),
                    "error": self.error,
                    "provider_message_id": self.provider_message_id,
                },
            )
        )
