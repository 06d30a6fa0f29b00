"""A Metrics adapter that records nothing, for profiles or tests that do not export metrics."""

from __future__ import annotations

from domain.ports import Metrics


class NoopMetrics(Metrics):
    def payment_outcome(self, gateway: str, status: str) -> None:
        return None

    def notification_delivery(self, channel: str, outcome: str) -> None:
        return None

    def outbox_lag(self, seconds: float) -> None:
        return None

    def publish_failure(self) -> None:
        return None

    def event_pushed(self, seconds: float) -> None:
        return None

    def dead_lettered(self, group: str) -> None:
        return None

    def dead_letters_waiting(self, count: int) -> None:
        return None

    def gateway_auth_rate(self, gateway: str, rate: float) -> None:
        return None
