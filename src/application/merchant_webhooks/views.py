"""What the webhook-endpoint API answers: endpoints (the secret only when made) and deliveries."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from msgspec import Meta

from domain.webhook_endpoints import WebhookDelivery, WebhookEndpoint


class WebhookEndpointBody(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    # An absolute http(s) URL with an optional numeric port; the same rule is the schema's.
    url: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=2048,
            pattern=r"^https?://[A-Za-z0-9._~%!$&'()*+,;=-]+(:[0-9]{1,5})?([/?#][!-~]*)?$",
        ),
    ]
    events: Annotated[list[str], Meta(min_length=1, max_length=64)]
    description: Annotated[str, Meta(max_length=500)] | None = None


class WebhookEndpointView(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    id: str
    url: str
    events: list[str]
    description: str | None
    status: str
    created_at: datetime
    failing_since: datetime | None = None
    secret: str | None = None  # only in the answers to create and rotate-secret


class WebhookEndpointList(msgspec.Struct, frozen=True):
    data: list[WebhookEndpointView]


class DeliveryAttemptView(msgspec.Struct, frozen=True, kw_only=True):
    attempted_at: datetime
    status_code: int | None
    latency_ms: int
    error: str | None


class DeliveryView(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    endpoint_id: str
    event_id: str
    event_type: str
    status: str
    attempt_count: int
    next_attempt_at: datetime
    created_at: datetime
    attempts: list[DeliveryAttemptView]


class DeliveryList(msgspec.Struct, frozen=True):
    data: list[DeliveryView]


def endpoint_view(endpoint: WebhookEndpoint, *, with_secret: bool = False) -> WebhookEndpointView:
    return WebhookEndpointView(
        id=endpoint.id,
        url=endpoint.url,
        events=endpoint.events,
        description=endpoint.description,
        status=endpoint.status,
        created_at=endpoint.created_at,
        failing_since=endpoint.failing_since,
        secret=endpoint.secret if with_secret else None,
    )


def delivery_view(delivery: WebhookDelivery) -> DeliveryView:
    return DeliveryView(
        id=delivery.id,
        endpoint_id=delivery.endpoint_id,
        event_id=delivery.event_id,
        event_type=delivery.event_type,
        status=delivery.status,
        attempt_count=delivery.attempt_count,
        next_attempt_at=delivery.next_attempt_at,
        created_at=delivery.created_at,
        attempts=[
            DeliveryAttemptView(
                attempted_at=a.attempted_at, status_code=a.status_code, latency_ms=a.latency_ms, error=a.error
            )
            for a in delivery.attempts
        ],
    )
