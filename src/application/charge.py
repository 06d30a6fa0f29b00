"""One charge through a list of gateways, each call recorded as an attempt on the payment."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import structlog

from domain.errors import DomainError, OutcomeNotRecorded, ProviderUnavailable
from domain.payment import Attempt, Payment, PaymentStatus
from domain.ports import ChargeOutcome, ChargeRequest, PaymentGateway

log = structlog.get_logger("charge")


@contextlib.contextmanager
def past_the_gateway(what: str) -> Iterator[None]:
    """Around recording a gateway's answer: a failure there must not free the Idempotency-Key
    (a retry would move money again), so any error becomes OutcomeNotRecorded (stored, 5xx)."""
    try:
        yield
    except DomainError as exc:
        log.exception("outcome_not_recorded", what=what)
        raise OutcomeNotRecorded(f"{what} went to the gateway but its outcome could not be "
                                 f"recorded ({exc.code}); it will be reconciled") from exc


def charge_request(payment: Payment, key: str, *, payment_method: str | None = None,
                   bank_details: Mapping[str, Any] | None = None,
                   wallet_details: Mapping[str, Any] | None = None) -> ChargeRequest:
    return ChargeRequest(
        payment_id=payment.id, user_id=payment.user_id, amount=payment.amount,
        idempotency_key=key, description=payment.description, customer=payment.customer,
        metadata=payment.metadata, payment_method=payment_method, bank_details=bank_details,
        wallet_details=wallet_details)


def apply_outcome(payment: Payment, gateway: str, outcome: ChargeOutcome) -> None:
    payment.gateway = gateway
    payment.settle(outcome.status, transaction_id=outcome.transaction_id,
                   failure_code=outcome.failure_code, failure_reason=outcome.failure_reason,
                   next_action_url=outcome.next_action_url, gateway_data=dict(outcome.data))


def leave_pending(payment: Payment, code: str, reason: str) -> None:
    """The outcome is unknown: keep the payment visible as pending, for reconciliation."""
    if payment.status is not PaymentStatus.PENDING:
        payment.transition(PaymentStatus.PENDING)
    payment.failure_code, payment.failure_reason = code, reason


async def charge(payment: Payment, gateways: list[PaymentGateway],
                 build: Callable[[str], ChargeRequest]) -> None:
    """Try `gateways` in failover order; apply the first answer to `payment` (not saved).

    `build(gateway_name)` makes each attempt's request with that attempt's idempotency key.

    Failover happens only when a gateway was not reached at all: after a timeout the charge
    may have gone through, so the payment waits as pending for reconciliation instead.
    """
    for index, gateway in enumerate(gateways):
        request = build(gateway.name)
        try:
            outcome = await gateway.process(request)
        except ProviderUnavailable as exc:
            timeout = bool(exc.extra.get("timeout"))
            payment.attempts.append(Attempt(gateway.name, "timeout" if timeout else "unavailable",
                                            detail=exc.detail, idempotency_key=request.idempotency_key))
            payment.gateway = gateway.name
            if timeout or index == len(gateways) - 1:
                leave_pending(payment, "gateway_timeout" if timeout else "gateway_unavailable",
                              exc.detail)
                return
            continue
        except DomainError as exc:  # the provider refused the request itself
            payment.attempts.append(Attempt(gateway.name, "rejected", detail=exc.detail,
                                            idempotency_key=request.idempotency_key))
            apply_outcome(payment, gateway.name, ChargeOutcome(
                status=PaymentStatus.FAILED, failure_code=exc.code, failure_reason=exc.detail))
            return
        except Exception as exc:  # a bug or an unknown answer: the charge's fate is unknown
            log.exception("gateway_error", gateway=gateway.name, payment_id=payment.id)
            payment.attempts.append(Attempt(gateway.name, "error", detail=type(exc).__name__,
                                            idempotency_key=request.idempotency_key))
            payment.gateway = gateway.name
            leave_pending(payment, "gateway_error", f"{gateway.name} failed: {type(exc).__name__}")
            return
        payment.attempts.append(Attempt(gateway.name, str(outcome.status),
                                        idempotency_key=request.idempotency_key))
        apply_outcome(payment, gateway.name, outcome)
        return
