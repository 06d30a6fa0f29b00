"""An operator fails a pending bank transfer that will not arrive, or a payment awaiting review."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import msgspec

from application.log_context import bind_ids
from application.payments.cache import PaymentCache
from application.payments.operator_review import authenticate, awaiting_decision
from application.payments.requests import FailBody
from application.payments.views import PaymentView, payment_view
from domain.payment import PaymentStatus
from domain.ports import Metrics, NoMetrics, UnitOfWork

REJECTED_BY_OPERATOR = "rejected_by_operator"


class FailPaymentCommand(msgspec.Struct, frozen=True):
    payment_id: str
    operator_token: str | None
    body: FailBody = FailBody()


class FailPayment:
    """Moves the payment to failed (payment_failed). An amount_mismatch keeps that code, so the
    record says why; what did arrive is in gateway_data for the operator to send back."""

    def __init__(
        self, uow: Callable[[], UnitOfWork], operator_token: str, cache: PaymentCache, *, metrics: Metrics | None = None
    ) -> None:
        self._uow = uow
        self._cache = cache
        self._metrics = metrics or NoMetrics()
        self._token = operator_token or ""

    async def __call__(self, command: FailPaymentCommand) -> PaymentView:
        bind_ids(payment_id=command.payment_id)
        authenticate(self._token, command.operator_token, "payment_fail")
        async with self._uow() as uow:
            payment = await awaiting_decision(uow, command.payment_id)
            payment.settle(
                PaymentStatus.FAILED,
                failure_code=payment.failure_code or REJECTED_BY_OPERATOR,
                failure_reason=command.body.reason or payment.failure_reason or "failed by an operator",
                gateway_data={"failed_at": datetime.now(UTC).isoformat(), "failed_by": "operator"},
            )
            await uow.payments.save(payment)
            refunds = await uow.payments.refunds(payment.id)
            await uow.commit()
        await self._cache.forget(payment.id)
        self._metrics.payment_outcome(payment.gateway, str(payment.status))
        return payment_view(payment, refunds)
