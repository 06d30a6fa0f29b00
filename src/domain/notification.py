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
    SCHEDULED = "scheduled"  # waits for `send_at`; the scheduler claims it then
    QUEUED = "queued"
    SENT = "sent"  # the provider accepted it
    FAILED = "failed"
    SUPPRESSED = "suppressed"  # never sent: an opt-out, a duplicate or the recipient's cap
    CANCELED = "canceled"
    DELIVERED = "delivered"  # the provider's delivery receipt said so
    UNDELIVERED = "undelivered"


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
    template: str | None = None
    locale: str | None = None
    category: str = "transactional"
    send_at: datetime | None = None
    id: str = field(default_factory=lambda: new_id("ntf"))
    status: NotificationStatus = NotificationStatus.QUEUED
    provider_message_id: str | None = None
    error: str | None = None
    reason: str | None = None  # why it was suppressed or undelivered
    delivered_at: datetime | None = None  # when the provider reported delivered / undelivered
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

    def schedule(self, send_at: datetime) -> None:
        self._move(NotificationStatus.QUEUED, NotificationStatus.SCHEDULED)
        self.send_at = send_at

    def claim(self) -> None:
        """The scheduler takes a due notification to send it now."""
        self._move(NotificationStatus.SCHEDULED, NotificationStatus.QUEUED)

    def cancel(self) -> None:
        self._move(NotificationStatus.SCHEDULED, NotificationStatus.CANCELED)

    def suppress(self, reason: str) -> None:
        """Not sent, on purpose: no event (it did not fail), the reason is kept."""
        self._move(NotificationStatus.QUEUED, NotificationStatus.SUPPRESSED)
        self.reason = reason

    def mark_sent(self, provider_message_id: str | None) -> None:
        self.provider_message_id = provider_message_id
        self._finish(NotificationStatus.SENT, EventType.NOTIFICATION_SENT)

    def mark_failed(self, error: str) -> None:
        self.error = error
        self._finish(NotificationStatus.FAILED, EventType.NOTIFICATION_FAILED)

    def record_receipt(self, delivered: bool, at: datetime, reason: str | None = None) -> bool:
        """Apply a provider's delivery receipt to a sent notification; False when it changes
        nothing (not sent yet, or a receipt already settled it)."""
        if self.status is not NotificationStatus.SENT:
            return False
        self.delivered_at, self.reason = at, reason
        if delivered:
            self._finish(NotificationStatus.DELIVERED, EventType.NOTIFICATION_DELIVERED, NotificationStatus.SENT)
        else:
            self.error = reason
            self._finish(NotificationStatus.UNDELIVERED, EventType.NOTIFICATION_FAILED, NotificationStatus.SENT)
        return True

    def _move(self, source: NotificationStatus, target: NotificationStatus) -> None:
        if self.status is not source:
            raise IllegalTransition(f"notification {self.id} is {self.status}, not {source}")
        self.status = target
        self.updated_at = _now()

    def _finish(
        self, status: NotificationStatus, event: EventType, source: NotificationStatus = NotificationStatus.QUEUED
    ) -> None:
        if self.status is not source:
            raise IllegalTransition(f"notification {self.id} is already {self.status}")
        self.status = status
        self.updated_at = _now()
        data = {
            "notification_id": self.id,
            "channel": self.channel,
            "status": str(status),
            "recipient": self.recipient,
            "group_id": self.group_id,
            "attempts": len(self.attempts),
            "error": self.error,
            "provider_message_id": self.provider_message_id,
        }
        if source is NotificationStatus.SENT:
            data.update(delivered_at=self.delivered_at.isoformat() if self.delivered_at else None, reason=self.reason)
        self.events.append(Event(type=event, aggregate_id=self.id, user_id=self.user_id, data=data))
