"""Merchant webhook endpoints, their deliveries (one per endpoint and event) and each attempt."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from domain.ids import new_id

ENABLED, DISABLED = "enabled", "disabled"
PENDING, SUCCEEDED, FAILED = "pending", "succeeded", "failed"
DELIVERY_ID_PREFIX = "wd"


def new_secret() -> str:
    return f"whsec_{secrets.token_urlsafe(32)}"


@dataclass(slots=True, kw_only=True)
class WebhookEndpoint:
    """Where the merchant wants events: `events` names the types it subscribed to."""

    url: str
    events: list[str]
    created_at: datetime
    description: str | None = None
    id: str = field(default_factory=lambda: new_id("we"))
    secret: str = field(default_factory=new_secret)
    status: str = ENABLED
    failing_since: datetime | None = None  # the first failure since the last success

    def wants(self, event_type: str) -> bool:
        return self.status == ENABLED and event_type in self.events


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliveryAttempt:
    attempted_at: datetime
    latency_ms: int
    status_code: int | None = None  # None when no answer came (timeout, refused connection)
    error: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


@dataclass(slots=True, kw_only=True)
class WebhookDelivery:
    """One event owed to one endpoint: retried with backoff until it succeeds or ages out."""

    endpoint_id: str
    event_id: str
    event_type: str
    payload: bytes  # the event envelope, exactly the bytes that are signed and sent
    created_at: datetime
    next_attempt_at: datetime
    id: str = field(default_factory=lambda: new_id(DELIVERY_ID_PREFIX))
    status: str = PENDING
    attempt_count: int = 0
    attempts: list[DeliveryAttempt] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class DueDelivery:
    """A delivery claimed for sending, with what sending needs from its endpoint."""

    delivery: WebhookDelivery
    url: str
    secret: str
