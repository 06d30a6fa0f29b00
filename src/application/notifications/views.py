"""What the API shows of a notification: status, every delivery attempt, timestamps."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from domain.notification import Notification


class NotificationAttemptView(msgspec.Struct, frozen=True):
    number: int
    outcome: str
    at: datetime
    error: str | None = None
    provider_message_id: str | None = None


class NotificationView(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    status: str
    channel: str
    recipient: str
    subject: str | None
    user_id: str | None
    group_id: str | None
    metadata: dict[str, Any]
    attempts: list[NotificationAttemptView]
    provider_message_id: str | None
    error: str | None
    created_at: datetime
    updated_at: datetime
    template: str | None = None
    locale: str | None = None
    category: str = "transactional"
    send_at: datetime | None = None
    reason: str | None = None  # why it was suppressed, or the provider's reason it was undelivered
    delivered_at: datetime | None = None  # the provider's delivered / undelivered time


def view_of(notification: Notification) -> NotificationView:
    return NotificationView(
        id=notification.id,
        status=str(notification.status),
        channel=notification.channel,
        recipient=notification.recipient,
        subject=notification.subject,
        user_id=notification.user_id,
        group_id=notification.group_id,
        metadata=notification.metadata,
        attempts=[
            NotificationAttemptView(a.number, a.outcome, a.at, a.error, a.provider_message_id)
            for a in notification.attempts
        ],
        provider_message_id=notification.provider_message_id,
        error=notification.error,
        created_at=notification.created_at,
        updated_at=notification.updated_at,
        template=notification.template,
        locale=notification.locale,
        category=notification.category,
        send_at=notification.send_at,
        reason=notification.reason,
        delivered_at=notification.delivered_at,
    )
