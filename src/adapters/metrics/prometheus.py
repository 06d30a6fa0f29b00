"""The Prometheus Metrics adapter: business counters on the registry `/metrics` exposes."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from domain.ports import Metrics


class PrometheusMetrics(Metrics):
    """Counters and a gauge named `factory_*`; label values come from the factories' fixed names."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self._payments = Counter(
            "factory_payments_total", "Payments by gateway and final status", ["gateway", "status"], registry=registry
        )
        self._notifications = Counter(
            "factory_notification_deliveries_total",
            "Notification deliveries by channel and outcome",
            ["channel", "outcome"],
            registry=registry,
        )
        self._outbox_lag = Gauge(
            "factory_outbox_lag_seconds", "Age of the oldest unpublished outbox event", registry=registry
        )
        self._auth_rates = Gauge(
            "factory_gateway_auth_rate",
            "Authorization rate of each gateway over its recent window (the routing signal)",
            ["gateway"],
            registry=registry,
        )
        self._publish_failures = Counter(
            "factory_event_publish_failures_total", "Failed attempts to publish events to the bus", registry=registry
        )
        self._dead_letters = Counter(
            "factory_dead_letters_total", "Events a consumer group gave up on", ["group"], registry=registry
        )
        self._dead_letters_waiting = Gauge(
            "factory_dead_letters_waiting", "Dead letters waiting for a replay", registry=registry
        )

        self._pushed = Histogram(
            "factory_event_push_seconds",
            "From an event's commit (occurred_at) to its hand-off to a WebSocket connection",
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=registry,
        )

    def payment_outcome(self, gateway: str, status: str) -> None:
        self._payments.labels(gateway, status).inc()

    def notification_delivery(self, channel: str, outcome: str) -> None:
        self._notifications.labels(channel, outcome).inc()

    def outbox_lag(self, seconds: float) -> None:
        self._outbox_lag.set(seconds)

    def publish_failure(self) -> None:
        self._publish_failures.inc()

    def event_pushed(self, seconds: float) -> None:
        self._pushed.observe(seconds)

    def dead_lettered(self, group: str) -> None:
        self._dead_letters.labels(group).inc()

    def dead_letters_waiting(self, count: int) -> None:
        self._dead_letters_waiting.set(count)

    def gateway_auth_rate(self, gateway: str, rate: float) -> None:
        self._auth_rates.labels(gateway).set(rate)
