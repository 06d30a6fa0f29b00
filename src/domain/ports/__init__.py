"""The interfaces the application needs from the outside world; adapters implement them."""

from domain.ports.analytics import AnalyticsStore
from domain.ports.auth_rates import AuthRateStore
from domain.ports.cache import Cache
from domain.ports.channels import (
    DeliveryFailed,
    DeliveryResult,
    NotificationChannel,
    OutgoingMessage,
)
from domain.ports.databases import QueryableDatabase
from domain.ports.events import EventBus, EventHandler
from domain.ports.gateways import (
    ChargeOutcome,
    ChargeRequest,
    PaymentGateway,
    RefundOutcome,
    RefundRequest,
    WebhookEvent,
)
from domain.ports.health import HealthCheck
from domain.ports.metrics import Metrics, NoMetrics
from domain.ports.ratelimit import RateLimiter, RateLimitResult
from domain.ports.realtime import RealtimeHub
from domain.ports.repositories import (
    IdempotencyStore,
    NotificationRepository,
    OutboxStore,
    PaymentFilter,
    PaymentRepository,
    StoredResponse,
    UnitOfWork,
)
from domain.ports.webhook_endpoints import PostResult, WebhookDeliveryStore, WebhookEndpointStore, WebhookSender

__all__ = [
    "PostResult",
    "WebhookDeliveryStore",
    "WebhookEndpointStore",
    "WebhookSender",
    "AnalyticsStore",
    "AuthRateStore",
    "Cache",
    "ChargeOutcome",
    "ChargeRequest",
    "DeliveryFailed",
    "DeliveryResult",
    "EventBus",
    "EventHandler",
    "HealthCheck",
    "IdempotencyStore",
    "Metrics",
    "NoMetrics",
    "NotificationChannel",
    "NotificationRepository",
    "OutboxStore",
    "OutgoingMessage",
    "PaymentFilter",
    "PaymentGateway",
    "PaymentRepository",
    "QueryableDatabase",
    "RateLimitResult",
    "RateLimiter",
    "RealtimeHub",
    "RefundOutcome",
    "RefundRequest",
    "StoredResponse",
    "UnitOfWork",
    "WebhookEvent",
]
