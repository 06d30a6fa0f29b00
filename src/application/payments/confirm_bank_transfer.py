"""An operator confirms that a bank transfer arrived (standing in for the bank's notice), or
accepts a payment a notice left pending for review (amount_mismatch)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import msgspec
import structlog

from application.log_context import bind_ids
from application.payments.cache import PaymentCache
from application.payments.operator_review import authenticate, awaiting_decision
from application.payments.requests import ConfirmBody
from application.payments.views import PaymentView, payment_view
from domain.errors import InvalidInput
from domain.payment import PaymentStatus
from domain.ports import Metrics, NoMetrics, UnitOfWork

log = structlog.get_logger("bank_transfers")


class ConfirmTransferCommand(msgspec.Struct, frozen=True):
    payment_id: str
    operator_token: str | None
    body: ConfirmBody = ConfirmBody()


class ConfirmBankTransfer:
    """Moves a pending bank transfer, or a payment awaiting review, to succeeded (payment_processed)."""

    def __init__(
        self, uow: Callable[[], UnitOfWork], operator_token: str, cache: PaymentCache, *, metrics: Metrics | None = None
    ) -> None:
        self._uow = uow
        self._cache = cache
        self._metrics = metrics or NoMetrics()
        self._token = operator_token or ""

    async def __call__(self, command: ConfirmTransferCommand) -> PaymentView:
        bind_ids(payment_id=command.payment_id)
        authenticate(self._token, command.operator_token, "bank_transfer_confirm")
        async with self._uow() as uow:
            payment = await awaiting_decision(uow, command.payment_id)
            expected = payment.gateway_data.get("transfer_instructions", {}).get("reference")
            if command.body.reference is not None and command.body.reference != expected:
                raise InvalidInput("the reference does not match this payment's instructions", field="reference")
            payment.settle(
                PaymentStatus.SUCCEEDED,
                # what did arrive, when a notice reported it: refunds are made against that charge
                transaction_id=payment.gateway_data.get("received_transaction_id"),
                gateway_data={"confirmed_at": datetime.now(UTC).isoformat(), "confirmed_by": "operator"},
            )
            await uow.payments.save(payment)
            refunds = await uow.payments.refunds(payment.id)
            await uow.commit()
        await self._cache.forget(payment.id)
        self._metrics.payment_outcome(payment.gateway, str(payment.status))
        return payment_view(payment, refunds)
