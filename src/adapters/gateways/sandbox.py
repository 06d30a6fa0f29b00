"""A deterministic sandbox that stands in for one payment provider in the local profile."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from domain.errors import InvalidInput
from domain.payment import PaymentStatus, RefundStatus
from domain.ports import (
    ChargeOutcome,
    ChargeRequest,
    PaymentGateway,
    RefundOutcome,
    RefundRequest,
    WebhookEvent,
)


class SandboxGateway(PaymentGateway):
    """Answers like a provider would, without the network; every outcome is reproducible."""

    def __init__(self, name: str) -> None:
        self.name = name

    def _transaction_id(self, request: ChargeRequest) -> str:
        digest = hashlib.sha256(f"{self.name}:{request.idempotency_key}".encode()).hexdigest()
        return f"sbx_{self.name}_{digest[:24]}"

    def validate(self, request: ChargeRequest) -> None:
        return None

    async def process(self, request: ChargeRequest) -> ChargeOutcome:
        return ChargeOutcome(status=PaymentStatus.SUCCEEDED,
                             transaction_id=self._transaction_id(request))

    async def refund(self, request: RefundRequest) -> RefundOutcome:
        return RefundOutcome(status=RefundStatus.SUCCEEDED,
                             gateway_refund_id=f"sbx_re_{request.refund_id}")

    async def fetch_status(self, transaction_id: str) -> ChargeOutcome:
        return ChargeOutcome(status=PaymentStatus.SUCCEEDED, transaction_id=transaction_id)

    async def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        raise InvalidInput(f"the {self.name} sandbox sends no webhooks", field="body")
