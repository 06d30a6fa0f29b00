"""The NotificationChannel port: one way of reaching a person."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, slots=True, kw_only=True)
class OutgoingMessage:
    notification_id: str
    recipient: str
    message: str
    subject: str | None = None
    html: str | None = None


@dataclass(frozen=True, slots=True)
class DeliveryResult:
    provider_message_id: str | None
    detail: str | None = None


class DeliveryFailed(Exception):
    """A send that did not deliver; `permanent` ones are never retried."""

    def __init__(self, detail: str, *, permanent: bool, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.permanent = permanent
        self.retry_after = retry_after


@runtime_checkable
class NotificationChannel(Protocol):
    name: str

    def validate_recipient(self, recipient: str, *, field: str = "recipient") -> None:
        """Raise InvalidInput naming `field` when the recipient is not valid for this channel."""

    async def send(self, message: OutgoingMessage) -> DeliveryResult:
        """Deliver one message.

        Returns:
            The provider's message id. Raises DeliveryFailed when the provider refused it.
        """
