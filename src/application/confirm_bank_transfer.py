"""An operator confirms that a bank transfer arrived (standing in for the bank's notice)."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from datetime import UTC, datetime

import msgspec
import structlog

from application.log_context import bind_ids
from application.payment_cache import PaymentCache
from application.payment_requests import ConfirmBody
from application.payment_views import PaymentView, payment_view
from domain.errors import Conflict, InvalidInput, NotFound, Unauthorized
from domain.payment import PaymentStatus
from domain.ports import Metrics, NoMetrics, UnitOfWork

log = structlog.get_logger("bank_transfers")


class ConfirmTransferCommand(msgspec.Struct, frozen=True):
    payment_id: str
    operator_token: str | None
    body: ConfirmBody = ConfirmBody()


class ConfirmBankTransfer:
    """Moves a pending bank transfer to succeeded (payment_processed). Only callers presenting
    the configured operator token may; with no token configured, nobody may."""

    def __init__(
        self, uow: Callable[[], UnitOfWork], operator_token: str, cache: PaymentCache, *, metrics: Metrics | None = None
    ) -> None:
        self._uow = uow
        self._cache = cache
        self._metrics = metrics or NoMetrics()
        self._token = operator_token or ""

    def _authenticate(self, presented: str | None) -> None:
        if not self._token or not presented or not hmac.compare_digest(presented.encode(), self._token.encode()):
            log.warning("bank_transfer_confirm_refused", reason="operator token missing or wrong")
            raise Unauthorized("a valid X-Operator-Token header is required", field="X-Operator-Token")

    async def __call__(self, command: ConfirmTransferCommand) -> PaymentView:
        bind_ids(payment_id=command.payment_id)
        self._authenticate(command.operator_token)
        async with self._uow() as uow:
            payment = await uow.payments.get(command.payment_id, for_update=True)
            if payment is None:
                raise NotFound(f"payment '{command.payment_id}' does not exist", field="id")
            if payment.gateway != "bank_transfer" or payment.status is not PaymentStatus.PENDING:
                raise Conflict(
                    f"payment {payment.id} is a {payment.status} {payment.gateway} "
                    "payment; only pending bank transfers can be confirmed"
                )
            expected = payment.gateway_data.get("transfer_instructions", {}).get("reference")
            if command.body.reference is not None and command.body.reference != expected:
                raise InvalidInput("the reference does not match this payment's instructions", field="reference")
            payment.settle(
                PaymentStatus.SUCCEEDED,
                gateway_data={"confirmed_at": datetime.now(UTC).isoformat(), "confirmed_by": "operator"},
            )
            await uow.payments.save(payment)
            refunds = await uow.payments.refunds(payment.id)
            await uow.commit()
        await self._cache.forget(payment.id)
        self._metrics.payment_outcome(payment.gateway, str(payment.status))
        return payment_view(payment, refunds)
