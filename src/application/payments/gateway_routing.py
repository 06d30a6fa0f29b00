"""Adaptive order within a payment-system family: the gateway authorizing best goes first."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Mapping, Sequence

import structlog

from domain.errors import ProviderUnavailable
from domain.payment import PaymentStatus
from domain.ports import (
    AuthRateStore,
    CaptureRequest,
    ChargeOutcome,
    ChargeRequest,
    Metrics,
    NoMetrics,
    PaymentGateway,
    RefundOutcome,
    RefundRequest,
    WebhookEvent,
)

log = structlog.get_logger("routing")


class GatewayRouter:
    """Orders a family's gateways by their recent authorization rate.

    A gateway's score is its Laplace-smoothed rate, (authorized + 1) / (total + 2), once its
    window holds `min_samples` outcomes, else a neutral 0.5; ties keep the configured order. With
    probability `exploration` a random other gateway goes first, so a gateway that recovered is
    noticed. Outcomes are recorded in the background and the rates read back from the store with
    each (one round trip), so neither ordering (`order`) nor a charge waits on the store.
    """

    def __init__(
        self,
        store: AuthRateStore,
        *,
        min_samples: int = 20,
        exploration: float = 0.1,
        metrics: Metrics | None = None,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self._store = store
        self._min_samples = min_samples
        self._exploration = exploration
        self._metrics = metrics or NoMetrics()
        self._rand = rand
        self.windows: dict[str, tuple[int, int]] = {}  # gateway -> (authorized, total)
        self._recording: set[asyncio.Task] = set()

    def score(self, gateway: str) -> float:
        authorized, total = self.windows.get(gateway, (0, 0))
        return (authorized + 1) / (total + 2) if total >= self._min_samples else 0.5

    def order(self, names: Sequence[str]) -> list[str]:
        ranked = sorted(names, key=self.score, reverse=True)  # stable: configured order breaks ties
        if len(ranked) > 1 and self._rand() < self._exploration:
            others = len(ranked) - 1
            ranked.insert(0, ranked.pop(1 + min(int(self._rand() * others), others - 1)))
        return ranked

    def observe_soon(self, gateway: str, authorized: bool, family: Sequence[str]) -> None:
        """Record in the background: a slow or unreachable store never delays a payment."""
        task = asyncio.create_task(self.observe(gateway, authorized, family))
        self._recording.add(task)
        task.add_done_callback(self._recording.discard)

    async def settled(self) -> None:
        """Wait for the outcomes being recorded (tests, shutdown)."""
        while self._recording:
            await asyncio.gather(*self._recording)

    async def observe(self, gateway: str, authorized: bool, family: Sequence[str]) -> None:
        """Record one authorization outcome; a store failure is logged, never raised."""
        try:
            windows = await self._store.record(gateway, authorized, family)
        except Exception as exc:  # routing falls back to the last known rates
            log.warning("auth_rate_store_failed", gateway=gateway, error=repr(exc))
            return
        self.windows.update(windows)
        for name, (ok, total) in windows.items():
            if total:
                self._metrics.gateway_auth_rate(name, ok / total)


# authorized (a manual payment's hold counts as authorized) or declined; other answers are not counted
_COUNTED = frozenset({PaymentStatus.SUCCEEDED, PaymentStatus.REQUIRES_CAPTURE, PaymentStatus.FAILED})


class ObservedGateway(PaymentGateway):
    """A family member that reports each charge's outcome to the router: succeeded counts as
    authorized; a decline or an unreachable gateway as not; other answers are not counted."""

    def __init__(self, gateway: PaymentGateway, router: GatewayRouter, family: Sequence[str]) -> None:
        self._gateway = gateway
        self._router = router
        self._family = list(family)
        self.name = gateway.name
        self.manual_capture = gateway.manual_capture

    def validate(self, request: ChargeRequest) -> None:
        self._gateway.validate(request)

    async def process(self, request: ChargeRequest) -> ChargeOutcome:
        try:
            outcome = await self._gateway.process(request)
        except ProviderUnavailable:
            self._router.observe_soon(self.name, False, self._family)
            raise
        if outcome.status in _COUNTED:
            self._router.observe_soon(self.name, outcome.status is not PaymentStatus.FAILED, self._family)
        return outcome

    async def refund(self, request: RefundRequest) -> RefundOutcome:
        return await self._gateway.refund(request)

    async def capture(self, request: CaptureRequest) -> ChargeOutcome:
        return await self._gateway.capture(request)

    async def cancel(self, request: CaptureRequest) -> ChargeOutcome:
        return await self._gateway.cancel(request)

    async def fetch_status(self, transaction_id: str) -> ChargeOutcome:
        return await self._gateway.fetch_status(transaction_id)

    async def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        return await self._gateway.verify_webhook(headers, body)
