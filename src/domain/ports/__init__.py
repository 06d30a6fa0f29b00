"""The interfaces the application needs from the outside world; adapters implement them."""

from domain.ports.analytics import AnalyticsStore
from domain.ports.cache import Cache
from domain.ports.channels import (
    DeliveryFailed,
    DeliveryResult,
    NotificationChannel,
    OutgoingMessage,
)
from domain.ports.databases import QueryableDatabase
from domain.ports.dead_letters import DeadLetter, DeadLetterStore
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
from domain.ports.idempotency import IdempotencyKeys, IdempotencyStore, KeyClaim, RecoveryPoint, StoredResponse
from domain.ports.maintenance import MaintenanceStore, OutboxState
from domain.ports.metrics import Metrics, NoMetrics
from domain.ports.ratelimit import RateLimiter, RateLimitResult
from domain.ports.realtime import RealtimeHub
from domain.ports.receipts import DeliveryReceipts, StatusReport
from domain.ports.repositories import (
    NotificationRepository,
    OutboxStore,
    PaymentFilter,
    PaymentRepository,
    UnitOfWork,
)
from domain.ports.templates import PreferenceStore, TemplateEngine, TemplateStore

__all__ = [
    "AnalyticsStore",
    "Cache",
    "ChargeOutcome",
    "ChargeRequest",
    "DeadLetter",
    "DeadLetterStore",
    "DeliveryFailed",
    "DeliveryReceipts",
    "DeliveryResult",
    "EventBus",
    "EventHandler",
    "HealthCheck",
    "IdempotencyKeys",
    "IdempotencyStore",
    "KeyClaim",
    "MaintenanceStore",
    "Metrics",
    "NoMetrics",
    "NotificationChannel",
    "NotificationRepository",
    "OutboxState",
    "OutboxStore",
    "OutgoingMessage",
    "PaymentFilter",
    "PaymentGateway",
    "PaymentRepository",
    "PreferenceStore",
    "QueryableDatabase",
    "RateLimitResult",
    "RateLimiter",
    "RealtimeHub",
    "RecoveryPoint",
    "RefundOutcome",
    "RefundRequest",
    "StatusReport",
    "StoredResponse",
    "TemplateEngine",
    "TemplateStore",
    "UnitOfWork",
    "WebhookEvent",
]
