"""Stripe's shapes: amounts in Stripe's minor units, PaymentIntent statuses and error objects."""

from __future__ import annotations

from typing import Any

from domain.errors import IdempotencyKeyReused, InvalidAmount, InvalidInput
from domain.money import Money
from domain.payment import PaymentStatus, RefundStatus
from domain.ports import ChargeOutcome, RefundOutcome

# Stripe's zero-decimal list differs from ISO 4217 (MGA has 2 ISO decimals, Stripe charges it in
# whole units); ISK stays two-decimal in Stripe's API for backwards compatibility (whole krónur * 100).
STRIPE_ZERO_DECIMAL = frozenset("BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF".split())
_TWO_DECIMAL_IN_STRIPE = frozenset({"ISK"})

# Stripe error `param` -> the field of our payment request it names; others are not the client's fault.
PARAM_FIELDS = {
    "amount": "amount",
    "currency": "currency",
    "payment_method": "payment_method",
    "description": "description",
}


def stripe_exponent(currency: str) -> int:
    if currency in STRIPE_ZERO_DECIMAL:
        return 0
    if currency in _TWO_DECIMAL_IN_STRIPE:
        return 2
    return 3 if Money.zero(currency).exponent == 3 else 2


def to_stripe_amount(money: Money) -> int:
    """Integer `amount` as Stripe expects it for `money.currency`; refuses what Stripe cannot take.

    Three-decimal currencies (KWD, BHD, ...) must end in 0 (Stripe's partners round to tens); a
    currency Stripe charges in whole units refuses fractions rather than round money silently.
    """
    shift = stripe_exponent(money.currency) - money.exponent
    if shift >= 0:
        amount = money.minor * 10**shift
    else:
        amount, rest = divmod(money.minor, 10**-shift)
        if rest:
            raise InvalidAmount(f"Stripe charges {money.currency} in whole units; got {money}", field="amount")
    if stripe_exponent(money.currency) == 3 and amount % 10:
        raise InvalidAmount(f"Stripe needs {money.currency} amounts rounded to 0.010; got {money}", field="amount")
    return amount


def from_stripe_amount(amount: Any, currency: Any) -> Money | None:
    """Stripe's integer `amount` in `currency` as our Money; None when either is unusable."""
    if type(amount) is not int or not isinstance(currency, str):
        return None
    try:
        shift = stripe_exponent(currency.upper()) - Money.zero(currency.upper()).exponent
    except InvalidInput:
        return None
    minor, rest = divmod(amount, 10**shift) if shift >= 0 else (amount * 10**-shift, 0)
    return None if rest or minor < 0 else Money(minor, currency.upper())


def failure_of(error: dict[str, Any] | None) -> tuple[str | None, str | None]:
    if not error:
        return None, None
    return error.get("decline_code") or error.get("code") or error.get("type"), error.get("message")


def intent_outcome(intent: dict[str, Any], *, sdk_action_url: str) -> ChargeOutcome:
    """A PaymentIntent object -> our outcome (see README "Live gateways" for the table)."""
    status = intent.get("status")
    pid = intent.get("id")
    data = {"stripe_status": status, "payment_intent": pid}
    if status == "succeeded":
        return ChargeOutcome(status=PaymentStatus.SUCCEEDED, transaction_id=pid, data=data)
    if status in ("processing", "requires_capture"):
        return ChargeOutcome(status=PaymentStatus.PENDING, transaction_id=pid, data=data)
    if status == "canceled":
        return ChargeOutcome(
            status=PaymentStatus.FAILED,
            transaction_id=pid,
            data=data,
            failure_code="canceled",
            failure_reason=intent.get("cancellation_reason") or "canceled",
        )
    if status == "requires_payment_method" and intent.get("last_payment_error"):
        code, reason = failure_of(intent["last_payment_error"])
        return ChargeOutcome(
            status=PaymentStatus.FAILED, transaction_id=pid, failure_code=code, failure_reason=reason, data=data
        )
    # requires_action, requires_confirmation, requires_payment_method: the customer must act.
    return ChargeOutcome(
        status=PaymentStatus.REQUIRES_ACTION,
        transaction_id=pid,
        data=data,
        next_action_url=next_action_url(intent, sdk_action_url),
    )


def next_action_url(intent: dict[str, Any], sdk_action_url: str) -> str:
    """The redirect URL Stripe gives, or our front end's page that runs Stripe.js handleNextAction."""
    action = intent.get("next_action") or {}
    redirect = (action.get("redirect_to_url") or {}).get("url")
    return redirect or sdk_action_url.format(id=intent.get("id", ""))


def error_outcome(status_code: int, body: dict[str, Any]) -> ChargeOutcome | None:
    """A Stripe error object -> FAILED outcome, or raise InvalidInput; None if it is not ours to map."""
    error = body.get("error") or {}
    kind, code, param = error.get("type"), error.get("code"), error.get("param") or ""
    intent = error.get("payment_intent") or {}
    if kind == "idempotency_error":
        raise IdempotencyKeyReused(error.get("message") or "idempotency key reused", field="Idempotency-Key")
    if kind == "card_error" or (kind == "invalid_request_error" and status_code in (400, 402)):
        field = PARAM_FIELDS.get(param) or ("metadata" if param.startswith("metadata") else None)
        if kind == "invalid_request_error" and field:
            raise InvalidInput(error.get("message") or f"invalid {param}", field=field, extra={"provider_code": code})
        failure_code, reason = failure_of(error)
        return ChargeOutcome(
            status=PaymentStatus.FAILED,
            transaction_id=intent.get("id"),
            failure_code=failure_code,
            failure_reason=reason,
            data={"stripe_error_type": kind, "stripe_code": code},
        )
    return None


REFUND_STATUS = {
    "succeeded": RefundStatus.SUCCEEDED,
    "pending": RefundStatus.PENDING,
    "requires_action": RefundStatus.PENDING,
    "failed": RefundStatus.FAILED,
    "canceled": RefundStatus.FAILED,
}


def refund_outcome(refund: dict[str, Any]) -> RefundOutcome:
    status = REFUND_STATUS.get(refund.get("status") or "", RefundStatus.PENDING)
    reason = refund.get("failure_reason") if status is RefundStatus.FAILED else None
    return RefundOutcome(status=status, gateway_refund_id=refund.get("id"), failure_reason=reason)
