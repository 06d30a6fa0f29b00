"""What both operator decisions share: the operator token, and which payments await a decision."""

from __future__ import annotations

import hmac

import structlog

from domain.errors import Conflict, NotFound, Unauthorized
from domain.payment import Payment, PaymentStatus
from domain.ports import UnitOfWork

log = structlog.get_logger("operator")


def authenticate(configured: str, presented: str | None, action: str) -> None:
    """Only callers presenting the configured operator token may decide; with none configured,
    nobody may. A refusal is logged as `<action>_refused`."""
    if not configured or not presented or not hmac.compare_digest(presented.encode(), configured.encode()):
        log.warning(f"{action}_refused", reason="operator token missing or wrong")
        raise Unauthorized("a valid X-Operator-Token header is required", field="X-Operator-Token")


async def awaiting_decision(uow: UnitOfWork, payment_id: str) -> Payment:
    """The payment, locked: a pending bank transfer, or a payment a notice left pending because
    its amount, currency or absence of one did not match what is owed (`amount_mismatch`)."""
    payment = await uow.payments.get(payment_id, for_update=True)
    if payment is None:
        raise NotFound(f"payment '{payment_id}' does not exist", field="id")
    pending = payment.status is PaymentStatus.PENDING
    if not pending or not (payment.gateway == "bank_transfer" or payment.awaits_review):
        raise Conflict(
            f"payment {payment.id} is a {payment.status} {payment.gateway} payment; only pending bank "
            "transfers and payments awaiting review (amount_mismatch) wait for an operator"
        )
    return payment
