"""A payment gateway fake that answers each charge from a script and records what it was asked."""

from __future__ import annotations

from collections.abc import Mapping

from domain.errors import InvalidInput, ProviderUnavailable
from domain.payment import PaymentStatus, RefundStatus
from domain.ports import (
    ChargeOutcome,
    ChargeRequest,
    PaymentGateway,
    RefundOutcome,
    RefundRequest,
    WebhookEvent,
)


def unavailable(*, indeterminate: bool) -> ProviderUnavailable:
    return ProviderUnavailable(
        "provider answered 503" if not indeterminate else "read timeout", extra={"indeterminate": indeterminate}
    )


class ScriptedGateway(PaymentGateway):
    """`answers` is returned (an outcome) or raised (an exception) in turn, one per charge."""

    def __init__(self, name: str, *answers: ChargeOutcome | Exception, invalid: str | None = None) -> None:
        self.name = name
        self.answers = list(answers)
        self.invalid = invalid
        self.charged: list[ChargeRequest] = []

    def validate(self, request: ChargeRequest) -> None:
        if self.invalid:
            raise InvalidInput(f"{self.name} cannot take this", field=self.invalid)

    async def process(self, request: ChargeRequest) -> ChargeOutcome:
        self.charged.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    async def refund(self, request: RefundRequest) -> RefundOutcome:
        return RefundOutcome(status=RefundStatus.SUCCEEDED, gateway_refund_id="re_fake")

    async def fetch_status(self, transaction_id: str) -> ChargeOutcome:
        return ChargeOutcome(status=PaymentStatus.SUCCEEDED, transaction_id=transaction_id)

    async def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        raise InvalidInput("no webhooks", field="body")
