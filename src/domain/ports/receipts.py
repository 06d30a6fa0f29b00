"""The DeliveryReceipts port: a provider's signed status callbacks about sent messages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class StatusReport:
    """One message's new status. `delivered` is None for a status that settles nothing
    (queued, sent, read after delivered); `report_id` identifies the report for replays."""

    provider_message_id: str
    delivered: bool | None
    at: datetime
    report_id: str
    reason: str | None = None


@runtime_checkable
class DeliveryReceipts(Protocol):
    provider: str  # "twilio", "whatsapp"
    channel: str  # the channel whose messages it reports on

    def verify(self, url: str, headers: Mapping[str, str], body: bytes) -> list[StatusReport]:
        """Check the signature over the exact request and parse it.

        Returns:
            The reports the callback carries. Raises WebhookSignatureInvalid when the signature
            is missing or wrong, before anything is parsed.
        """

    def handshake(self, query: Mapping[str, str]) -> str:
        """Answer a subscription check (WhatsApp's hub.challenge); WebhookVerificationFailed
        when the verify token is wrong, NotFound when the provider has no handshake."""
