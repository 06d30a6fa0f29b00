"""One charge through a list of gateways, each call recorded as an attempt on the payment."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

import structlog

from application.idempotency import derive_key
from application.payments.failover import TIMEOUT, charge_with_failover
from domain.errors import AllGatewaysUnavailable, DomainError, OutcomeNotRecorded
from domain.payment import Attempt, Payment, PaymentStatus
from domain.ports import ChargeOutcome, ChargeRequest, PaymentGateway

log = structlog.get_logger("charge")


@contextlib.contextmanager
def past_the_gateway(what: str) -> Iterator[None]:
    """Around recording a gateway's answer: any error there becomes OutcomeNotRecorded (5xx, not
    stored): the Idempotency-Key stays `recorded`, so the client's retry resumes the same
    payment or refund and re-asks the gateway with the same provider key; nothing moves twice."""
    try:
        yield
    except DomainError as exc:
        log.exception("outcome_not_recorded", what=what)
        raise OutcomeNotRecorded(
            f"{what} went to the gateway but its outcome could not be recorded ({exc.code}); it will be reconciled"
        ) from exc


def charge_request(
    payment: Payment,
    key: str,
    *,
    payment_method: str | None = None,
    bank_details: Mapping[str, Any] | None = None,
    wallet_details: Mapping[str, Any] | None = None,
) -> ChargeRequest:
    return ChargeRequest(
        payment_id=payment.id,
        user_id=payment.user_id,
        amount=payment.amount,
        idempotency_key=key,
        description=payment.description,
        customer=payment.customer,
        metadata=payment.metadata,
        payment_method=payment_method,
        bank_details=bank_details,
        wallet_details=wallet_details,
        capture_method=payment.capture_method,
    )


def apply_outcome(payment: Payment, gateway: str, outcome: ChargeOutcome) -> None:
    payment.settle(
        outcome.status,
        gateway=gateway,
        transaction_id=outcome.transaction_id,
        failure_code=outcome.failure_code,
        failure_reason=outcome.failure_reason,
        next_action_url=outcome.next_action_url,
        gateway_data=dict(outcome.data),
    )


async def charge(payment: Payment, gateways: list[PaymentGateway], request: ChargeRequest) -> None:
    """Charge through `gateways` in failover order (charge_with_failover) and apply the answer to
    `payment` (not saved), recording every attempt with the request's idempotency key.

    The next gateway is tried only when one was unavailable and cannot have taken the money; after
    a timeout or 5xx the charge may exist, so the payment waits as pending for reconciliation
    (no outcome event). A decline, or any other answer, is final.
    """
    key = request.idempotency_key
    try:
        outcome, name, attempts = await charge_with_failover(gateways, request)
    except AllGatewaysUnavailable as exc:  # nothing was taken; the reconciler tries again later
        payment.record_attempts(exc.attempts, key=key)
        log.error("gateways_unavailable", gateways=[a.gateway for a in exc.attempts], reason=exc.detail)
        last = exc.attempts[-1].gateway if exc.attempts else None
        payment.leave_pending("gateway_unavailable", exc.detail, gateway=last)
        return
    except DomainError as exc:  # the (first) provider refused the request itself
        log.warning("payment_rejected", gateway=gateways[0].name, failure_code=exc.code, reason=exc.detail)
        payment.record_attempts([Attempt(gateways[0].name, "rejected", detail=exc.detail)], key=key)
        apply_outcome(
            payment,
            gateways[0].name,
            ChargeOutcome(status=PaymentStatus.FAILED, failure_code=exc.code, failure_reason=exc.detail),
        )
        return
    except Exception as exc:  # a bug or an unknown answer: the charge's fate is unknown
        log.exception("gateway_error", gateway=gateways[0].name, payment_id=payment.id)
        payment.record_attempts([Attempt(gateways[0].name, "error", detail=type(exc).__name__)], key=key)
        payment.leave_pending("gateway_error", f"{gateways[0].name} failed: {type(exc).__name__}")
        return
    payment.record_attempts(attempts, key=key)
    if len(attempts) > 1:
        log.warning("gateway_failover", gateway=name, passed_over=[a.gateway for a in attempts[:-1]])
    if outcome.data.get("indeterminate"):
        timed_out = attempts[-1].outcome == TIMEOUT
        log.warning(
            "gateway_timeout" if timed_out else "gateway_indeterminate", gateway=name, reason=outcome.failure_reason
        )
        code = "gateway_timeout" if timed_out else "gateway_unavailable"
        payment.leave_pending(code, outcome.failure_reason or "no answer", gateway=name)
        return
    if outcome.status is PaymentStatus.FAILED:
        log.warning("payment_declined", gateway=name, failure_code=outcome.failure_code, reason=outcome.failure_reason)
    apply_outcome(payment, name, outcome)


async def ask_again(gateway: PaymentGateway, payment: Payment) -> Payment:
    """Settle a payment whose outcome is unknown by re-asking its gateway, and apply the answer
    (not saved): with a transaction id, fetch its status; without one (the call timed out, or
    the process died during it), repeat the charge with the same provider idempotency key,
    which the provider answers with the original charge instead of making a second one."""
    if payment.transaction_id:
        outcome: ChargeOutcome = await gateway.fetch_status(payment.transaction_id)
        if outcome.status != payment.status:
            payment.record_attempts([Attempt(gateway.name, f"reconciled:{outcome.status}")])
            apply_outcome(payment, gateway.name, outcome)
        return payment
    last = next((a for a in reversed(payment.attempts) if a.idempotency_key), None)
    # No attempt recorded: the process died during the first call, whose key is attempt 1's.
    key = last.idempotency_key if last and last.idempotency_key else derive_key(payment.id, 1)
    await charge(
        payment,
        [gateway],
        charge_request(payment, key, payment_method=gateway.name, wallet_details=payment.gateway_data.get("wallet")),
    )
    return payment
