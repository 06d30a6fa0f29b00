"""A Metrics fake that keeps every call, for asserting what use cases report."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.ports import Metrics


@dataclass
class RecordingMetrics(Metrics):
    payments: list[tuple[str, str]] = field(default_factory=list)
    deliveries: list[tuple[str, str]] = field(default_factory=list)
    lags: list[float] = field(default_factory=list)
    publish_failures: int = 0
    dead_letters: list[str] = field(default_factory=list)
    waiting: list[int] = field(default_factory=list)

    def payment_outcome(self, gateway: str, status: str) -> None:
        self.payments.append((gateway, status))

    def notification_delivery(self, channel: str, outcome: str) -> None:
        self.deliveries.append((channel, outcome))

    def outbox_lag(self, seconds: float) -> None:
        self.lags.append(seconds)

    def publish_failure(self) -> None:
        self.publish_failures += 1

    def dead_lettered(self, group: str) -> None:
        self.dead_letters.append(group)

    def dead_letters_waiting(self, count: int) -> None:
        self.waiting.append(count)
