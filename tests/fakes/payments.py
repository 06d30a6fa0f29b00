"""A recording PaymentGateway fake, the errors it can raise, and a wait helper."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Mapping

from domain.errors import InvalidInput, ProviderUnavailable
from domain.payment import PaymentStatus, RefundStatus
from domain.ports import (
    CaptureRequest,
    ChargeOutcome,
    ChargeRequest,
    PaymentGateway,
    RefundOutcome,
    RefundRequest,
    WebhookEvent,
)


class FakeGateway(PaymentGateway):
    """Records every call. `gate`, when set, holds each call until the test opens it."""

    def __init__(
        self,
        name: str = "stripe",
        *,
        status: PaymentStatus = PaymentStatus.SUCCEEDED,
        error: Exception | None = None,
        refund_status: RefundStatus = RefundStatus.SUCCEEDED,
    ) -> None:
        self.name = name
        self.status = status
        self.error = error
        self.refund_status = refund_status
        self.refund_error: Exception | None = None
        self.fetched_status: PaymentStatus = PaymentStatus.SUCCEEDED
        self.charges: list[ChargeRequest] = []
        self.refunds: list[RefundRequest] = []
        self.fetches: list[str] = []
        self.gate: asyncio.Event | None = None
        self.waiting = 0
        self.manual_capture = True
        self.captures: list[CaptureRequest] = []
        self.cancels: list[CaptureRequest] = []
        self.capture_status = PaymentStatus.SUCCEEDED
        self.capture_error: Exception | None = None

    async def _wait(self) -> None:
        if self.gate is not None:
            self.waiting += 1
            await self.gate.wait()

    def validate(self, request: ChargeRequest) -> None:
        if request.metadata.get("invalid"):
            raise InvalidInput("the fake refuses this", field="metadata.invalid")

    async def process(self, request: ChargeRequest) -> ChargeOutcome:
        self.charges.append(request)
        await self._wait()
        if self.error is not None:
            raise self.error
        return ChargeOutcome(
            status=self.status,
            transaction_id=f"fake_{len(self.charges)}",
            failure_code="card_declined" if self.status is PaymentStatus.FAILED else None,
        )

    async def refund(self, request: RefundRequest) -> RefundOutcome:
        self.refunds.append(request)
        await self._wait()
        if self.refund_error is not None:
            raise self.refund_error
        return RefundOutcome(status=self.refund_status, gateway_refund_id=f"fake_re_{len(self.refunds)}")

    async def capture(self, request: CaptureRequest) -> ChargeOutcome:
        self.captures.append(request)
        await self._wait()
        if self.capture_error is not None:
            raise self.capture_error
        return ChargeOutcome(status=self.capture_status, transaction_id=f"fake_cap_{len(self.captures)}")

    async def cancel(self, request: CaptureRequest) -> ChargeOutcome:
        self.cancels.append(request)
        await self._wait()
        return ChargeOutcome(status=PaymentStatus.CANCELED, transaction_id=request.transaction_id)

    async def fetch_status(self, transaction_id: str) -> ChargeOutcome:
        self.fetches.append(transaction_id)
        return ChargeOutcome(status=self.fetched_status, transaction_id=transaction_id)

    def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        raise InvalidInput("no webhooks", field="body")


async def until(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    """Wait for a condition the test cannot await directly (e.g. N requests parked in a gate)."""
    async with asyncio.timeout(seconds):
        for _ in itertools.count():
            if condition():
                return
            await asyncio.sleep(0.001)


def timeout() -> ProviderUnavailable:
    return ProviderUnavailable("fake timed out", extra={"timeout": True, "indeterminate": True})


def unreachable() -> ProviderUnavailable:
    return ProviderUnavailable("fake refused the connection", extra={"timeout": False, "indeterminate": False})
