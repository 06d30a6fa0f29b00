"""The Metrics port: business counters the use cases report; adapters export them."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class Metrics(Protocol):
    def payment_outcome(self, gateway: str, status: str) -> None:
        """Count one payment reaching `status` (e.g. succeeded, failed, pending) on `gateway`."""

    def notification_delivery(self, channel: str, outcome: str) -> None:
        """Count one notification delivery attempt on `channel` ending in `outcome` (sent, failed)."""

    def outbox_lag(self, seconds: float) -> None:
        """Record how long the oldest unpublished outbox event has waited, in seconds."""

    def publish_failure(self) -> None:
        """Count one failed attempt to publish events to the event bus."""

    def event_pushed(self, seconds: float) -> None:
        """Record the time from an event's commit (its occurred_at) to its WebSocket push."""

    def dead_lettered(self, group: str) -> None:
        """Count one event that consumer `group` gave up on and put in dead letters."""

    def dead_letters_waiting(self, count: int) -> None:
        """Record how many dead letters wait for a replay."""

    def gateway_auth_rate(self, gateway: str, rate: float) -> None:
        """Set `gateway`'s authorization rate over its recent window (0..1), used for routing."""


class NoMetrics(Metrics):
    """Records nothing: the default of use cases built without a Metrics adapter (unit tests)."""

    def payment_outcome(self, gateway: str, status: str) -> None:
        return None

    def notification_delivery(self, channel: str, outcome: str) -> None:
        return None

    def outbox_lag(self, seconds: float) -> None:
        return None

    def publish_failure(self) -> None:
        return None

    def dead_lettered(self, group: str) -> None:
        return None

    def dead_letters_waiting(self, count: int) -> None:
        return None

    def gateway_auth_rate(self, gateway: str, rate: float) -> None:
        return None

    def event_pushed(self, seconds: float) -> None:
        return None
