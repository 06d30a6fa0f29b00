"""Stripe's documented contract: request checks and response shapes (api.stripe.com/v1)."""

from __future__ import annotations

import re
from typing import Any

from tests.contract import checks
from tests.contract.server import Recorded, Reply

SECRET_KEY = "sk_test_51Contract"
API_VERSION = "2024-06-20"
INTENTS = "/v1/payment_intents"
REFUNDS = "/v1/refunds"
INTENT = r"/v1/payment_intents/pi_\w+"
CAPTURE = r"/v1/payment_intents/pi_\w+/capture"
CANCEL = r"/v1/payment_intents/pi_\w+/cancel"
CANCELLATION_REASONS = ("duplicate", "fraudulent", "requested_by_customer", "abandoned")


def _common(request: Recorded, *, idempotent: bool) -> list[str]:
    problems = checks.bearer(request, SECRET_KEY) + checks.header(request, "Stripe-Version", API_VERSION)
    if idempotent:
        problems += checks.header(request, "Idempotency-Key")
    return problems


def check_create_intent(request: Recorded) -> list[str]:
    """POST /v1/payment_intents: form-encoded, minor-unit amount, lower-case currency, metadata."""
    problems = _common(request, idempotent=True)
    problems += checks.content_type(request, "application/x-www-form-urlencoded")
    form = request.form()
    problems += checks.fields(form, "amount", "currency", "metadata[payment_id]")
    problems += checks.minor_units(form.get("amount"))
    if not re.fullmatch(r"[a-z]{3}", form.get("currency", "")):
        problems.append(f"currency must be a lower-case ISO code, got {form.get('currency')!r}")
    if form.get("capture_method", "automatic") not in ("automatic", "automatic_async", "manual"):
        problems.append(f"capture_method must be automatic, automatic_async or manual, got {form['capture_method']!r}")
    if form.get("confirm") == "true":
        if not form.get("payment_method", "").startswith("pm_"):
            problems.append("confirm=true needs a payment_method id")
        if not form.get("return_url") and form.get("automatic_payment_methods[allow_redirects]") != "never":
            problems.append("confirm=true needs return_url or automatic_payment_methods[allow_redirects]=never")
    return problems


def check_refund(request: Recorded) -> list[str]:
    problems = _common(request, idempotent=True)
    problems += checks.content_type(request, "application/x-www-form-urlencoded")
    form = request.form()
    problems += checks.fields(form, "payment_intent") + checks.minor_units(form.get("amount"))
    return problems


def check_capture(request: Recorded) -> list[str]:
    """POST /v1/payment_intents/{id}/capture: form-encoded, optional amount_to_capture in minor units."""
    problems = _common(request, idempotent=True)
    form = request.form()
    if request.body:
        problems += checks.content_type(request, "application/x-www-form-urlencoded")
    if "amount_to_capture" in form:
        problems += checks.minor_units(form["amount_to_capture"])
    unknown = set(form) - {"amount_to_capture", "final_capture", "statement_descriptor", "expand[]"}
    unknown = {k for k in unknown if not k.startswith("metadata[")}
    if unknown:
        problems.append(f"capture takes no {sorted(unknown)}")
    return problems


def check_cancel(request: Recorded) -> list[str]:
    """POST /v1/payment_intents/{id}/cancel: only cancellation_reason, one of Stripe's four."""
    problems = _common(request, idempotent=True)
    form = request.form()
    if set(form) - {"cancellation_reason"}:
        problems.append(f"cancel takes only cancellation_reason, got {sorted(form)}")
    if "cancellation_reason" in form and form["cancellation_reason"] not in CANCELLATION_REASONS:
        problems.append(f"cancellation_reason {form['cancellation_reason']!r} is not one of {CANCELLATION_REASONS}")
    return problems


def captured_intent(request: Recorded, *, authorized: int = 10000) -> Reply:
    """Stripe's answer to /capture: succeeded, amount_received what was captured (at most the hold)."""
    form = request.form()
    received = int(form.get("amount_to_capture", authorized))
    if received > authorized:
        return invalid_request("amount_to_capture", "amount_to_capture exceeds amount_capturable")
    body = intent("succeeded", id=request.path.split("/")[3], amount=authorized)
    body.update(amount_received=received, amount_capturable=0, capture_method="manual")
    return Reply(200, body)


def canceled_intent(request: Recorded, *, authorized: int = 10000) -> Reply:
    body = intent("canceled", id=request.path.split("/")[3], amount=authorized)
    body.update(
        amount_capturable=0,
        capture_method="manual",
        cancellation_reason=request.form().get("cancellation_reason"),
    )
    return Reply(200, body)


def check_retrieve(request: Recorded) -> list[str]:
    return _common(request, idempotent=False)


def intent(
    status: str,
    *,
    id: str = "pi_3Contract",
    amount: int = 10050,
    currency: str = "usd",
    next_action: dict | None = None,
    last_payment_error: dict | None = None,
) -> dict[str, Any]:
    return {
        "id": id,
        "object": "payment_intent",
        "amount": amount,
        "currency": currency,
        "status": status,
        "client_secret": f"{id}_secret_x",
        "metadata": {},
        "next_action": next_action,
        "last_payment_error": last_payment_error,
        "latest_charge": "ch_3Contract" if status == "succeeded" else None,
        "livemode": False,
    }


def echo_intent(status: str, **kwargs: Any):
    """A reply that echoes the request's amount and currency, as Stripe does."""

    def answer(request: Recorded) -> Reply:
        form = request.form()
        return Reply(200, intent(status, amount=int(form["amount"]), currency=form["currency"], **kwargs))

    return answer


def card_declined(decline_code: str = "insufficient_funds") -> Reply:
    return Reply(
        402,
        {
            "error": {
                "type": "card_error",
                "code": "card_declined",
                "decline_code": decline_code,
                "message": "Your card has insufficient funds.",
                "charge": "ch_3Declined",
                "doc_url": "https://stripe.com/docs/error-codes/card-declined",
                "payment_intent": intent("requires_payment_method", id="pi_3Declined"),
            }
        },
    )


def invalid_request(param: str, message: str, code: str = "parameter_invalid_empty") -> Reply:
    return Reply(400, {"error": {"type": "invalid_request_error", "code": code, "param": param, "message": message}})


def api_error(status: int = 500) -> Reply:
    return Reply(status, {"error": {"type": "api_error", "message": "An unknown error occurred"}})


def rate_limited(retry_after: str = "1") -> Reply:
    return Reply(
        429,
        {
            "error": {
                "type": "invalid_request_error",
                "code": "rate_limit",
                "message": "Too many requests hit the API too quickly.",
            }
        },
        headers={"retry-after": retry_after},
    )


def refund(status: str = "succeeded", *, amount: int = 2500) -> dict[str, Any]:
    return {
        "id": "re_3Contract",
        "object": "refund",
        "amount": amount,
        "currency": "usd",
        "payment_intent": "pi_3Contract",
        "status": status,
        "metadata": {},
    }
