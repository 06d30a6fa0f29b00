"""Failover inside a payment-system family: the next gateway only when the first took nothing
(unreachable, or a soft decline)."""

from __future__ import annotations

from collections.abc import Sequence

from domain.declines import SOFT
from domain.errors import AllGatewaysUnavailable, InvalidInput, ProviderUnavailable
from domain.payment import Attempt, CaptureMethod, PaymentStatus
from domain.ports import ChargeOutcome, ChargeRequest, PaymentGateway

UNAVAILABLE = "unavailable"
TIMEOUT = "timeout"  # unavailable because no answer came in time
SKIPPED = "skipped"


async def charge_with_failover(
    gateways: Sequence[PaymentGateway], request: ChargeRequest
) -> tuple[ChargeOutcome, str, list[Attempt]]:
    """Charge through the first gateway that answers, in the family's order.

    Args:
        gateways: the family's gateways in failover order.
        request: the charge; the same idempotency key goes to every gateway.
    Returns:
        (outcome, name of the gateway that gave it, every attempt made). A soft decline (FAILED
        with `decline == SOFT`: try again, processing error, issuer unavailable) moves on to the
        next gateway; when none is left, the last soft decline is the answer. Any other answer is
        final: a hard decline is never retried elsewhere, and neither is SUCCEEDED, PENDING or
        REQUIRES_ACTION. When a gateway is unavailable after its own retries and the request may
        have been acted on (`extra["indeterminate"]`: read timeout, 500/502/504), trying another
        gateway could charge twice, so the outcome is PENDING with failure_code
        `provider_unavailable`, left for reconciliation (replaying the same request with the same
        idempotency key through that gateway is safe).
    Raises:
        AllGatewaysUnavailable: every gateway was unavailable and none can have taken the payment
            (connection refused, connect timeout, 429, 503, misconfiguration) or could take it;
            `.attempts` lists them.
        InvalidInput: the primary gateway found the request itself bad (`validate` or `process`);
            a fallback gateway that refuses the request is recorded as `skipped` instead.
    """
    attempts: list[Attempt] = []
    soft: tuple[ChargeOutcome, str] | None = None  # the last soft decline, should no one take it
    for gateway in gateways:
        try:
            check_capture_method(gateway, request)
            gateway.validate(request)
            outcome = await gateway.process(request)
        except InvalidInput as exc:
            if not attempts:  # the primary gateway judges the request itself
                raise
            # a fallback that cannot take this request (currency, missing detail) is skipped
            attempts.append(Attempt(gateway=gateway.name, outcome=SKIPPED, detail=exc.detail))
            continue
        except ProviderUnavailable as exc:
            attempts.append(
                Attempt(
                    gateway=gateway.name,
                    detail=exc.detail,
                    outcome=TIMEOUT if exc.extra.get("timeout") else UNAVAILABLE,
                )
            )
            if exc.extra.get("indeterminate"):
                return _left_for_reconciliation(exc), gateway.name, attempts
            continue
        attempts.append(
            Attempt(
                gateway=gateway.name,
                outcome=str(outcome.status),
                detail=outcome.failure_code or outcome.failure_reason,
                decline_code=_decline_code(outcome),
                decline=outcome.decline if outcome.status is PaymentStatus.FAILED else None,
            )
        )
        if outcome.status is PaymentStatus.FAILED and outcome.decline == SOFT:
            soft = (outcome, gateway.name)
            continue
        return outcome, gateway.name, attempts
    if soft is not None:  # a decline is the answer, even if a later gateway was unreachable
        return soft[0], soft[1], attempts
    names = ", ".join(a.gateway for a in attempts) or "none configured"
    raise AllGatewaysUnavailable(
        f"no gateway could take the payment ({names})",
        attempts=attempts,
        extra={"attempts": [{"gateway": a.gateway, "outcome": a.outcome, "detail": a.detail} for a in attempts]},
    )


def check_capture_method(gateway: PaymentGateway, request: ChargeRequest) -> None:
    """A manual payment needs a gateway that can hold an authorization (a fallback that cannot is skipped)."""
    if request.capture_method is CaptureMethod.MANUAL and not gateway.manual_capture:
        raise InvalidInput(
            f"{gateway.name} cannot authorize now and capture later; use capture_method 'automatic'",
            field="capture_method",
        )


def _decline_code(outcome: ChargeOutcome) -> str | None:
    """A declined attempt's code: the provider's decline code where it gives one apart from the
    failure code (as the sandbox and Stripe do), else the failure code."""
    if outcome.status is not PaymentStatus.FAILED:
        return None
    return outcome.data.get("decline_code") or outcome.failure_code


def _left_for_reconciliation(exc: ProviderUnavailable) -> ChargeOutcome:
    return ChargeOutcome(
        status=PaymentStatus.PENDING,
        failure_code="provider_unavailable",
        failure_reason=exc.detail,
        data={"indeterminate": True},
    )
