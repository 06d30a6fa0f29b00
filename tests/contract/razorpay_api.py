"""Razorpay's documented contract (Orders, Payments, Refunds): basic auth, JSON, subunits."""

from __future__ import annotations

import re
from typing import Any

from tests.contract import checks
from tests.contract.server import Recorded, Reply

KEY_ID, KEY_SECRET = "rzp_test_Contract", "contractKeySecret"
ORDERS = "/v1/orders"
ORDER_PAYMENTS = r"/v1/orders/(order_\w+)/payments"
ORDER = r"/v1/orders/(order_\w+)"
PAYMENT = r"/v1/payments/(pay_\w+)"
CAPTURE = r"/v1/payments/(pay_\w+)/capture"
REFUND = r"/v1/payments/(pay_\w+)/refund"
ORDER_ID, PAYMENT_ID = "order_DBJOWzybf0sJbb", "pay_29QQoUBi66xm2f"


def check_get(request: Recorded) -> list[str]:
    return checks.basic(request, KEY_ID, KEY_SECRET)


def check_json(request: Recorded, *names: str) -> list[str]:
    problems = checks.basic(request, KEY_ID, KEY_SECRET)
    problems += checks.content_type(request, "application/json")
    if problems:
        return problems
    body = request.json()
    problems += checks.fields(body, *names)
    if "amount" in names:
        problems += checks.minor_units(body.get("amount"))
    if "currency" in names and not re.fullmatch(r"[A-Z]{3}", str(body.get("currency"))):
        problems.append("currency must be an upper-case ISO code")
    return problems


def check_order(request: Recorded) -> list[str]:
    problems = check_json(request, "amount", "currency", "receipt")
    if not problems and len(request.json()["receipt"]) > 40:
        problems.append("receipt is at most 40 characters")
    payment = request.json().get("payment") if not problems else None
    if payment is not None:  # capture settings (Orders API): capture mandatory, options as documented
        if payment.get("capture") not in ("automatic", "manual"):
            problems.append(f"payment.capture must be automatic or manual, got {payment.get('capture')!r}")
        options = payment.get("capture_options") or {}
        if options.get("refund_speed") not in ("normal", "optimum"):
            problems.append("payment.capture_options.refund_speed must be normal or optimum")
        expiry = "manual_expiry_period" if payment.get("capture") == "manual" else "automatic_expiry_period"
        if not isinstance(options.get(expiry), int) or options[expiry] <= 0:
            problems.append(f"payment.capture_options.{expiry} must be a positive number of minutes")
    return problems


def check_capture(request: Recorded, authorized: int | None = None) -> list[str]:
    """The amount must equal the authorized (order) amount: Razorpay captures no less."""
    problems = check_json(request, "amount", "currency")
    if not problems and authorized is not None and request.json()["amount"] != authorized:
        problems.append(f"capture amount must equal the authorized {authorized}, got {request.json()['amount']}")
    return problems


def check_refund(request: Recorded) -> list[str]:
    problems = check_json(request, "amount")
    key = request.headers.get("x-refund-idempotency", "")
    if not re.fullmatch(r"[A-Za-z0-9_-]{10,}", key):
        problems.append(f"X-Refund-Idempotency must be 10+ letters, digits, - or _, got {key!r}")
    return problems


def order(status: str = "created", amount: int = 10050, notes: dict | None = None) -> dict[str, Any]:
    return {
        "id": ORDER_ID,
        "entity": "order",
        "amount": amount,
        "amount_paid": 0,
        "amount_due": amount,
        "currency": "INR",
        "receipt": "pay_01JCONTRACT0000000000000000",
        "offer_id": None,
        "status": status,
        "attempts": 0,
        "notes": notes or {},
        "created_at": 1582628071,
    }


def payment(status: str, *, id: str = PAYMENT_ID, amount: int = 10050, **extra: Any) -> dict[str, Any]:
    return {
        "id": id,
        "entity": "payment",
        "amount": amount,
        "currency": "INR",
        "status": status,
        "order_id": ORDER_ID,
        "method": "card",
        "amount_refunded": 0,
        "captured": status == "captured",
        "error_code": None,
        "error_description": None,
        "error_reason": None,
        "notes": {},
        "created_at": 1582628071,
        **extra,
    }


def failed_payment(id: str = "pay_failed01") -> dict[str, Any]:
    return payment(
        "failed",
        id=id,
        error_code="BAD_REQUEST_ERROR",
        error_reason="payment_failed",
        error_description="Payment failed because the card was declined.",
    )


def bad_request(description: str, field: str | None = None) -> Reply:
    return Reply(
        400,
        {
            "error": {
                "code": "BAD_REQUEST_ERROR",
                "description": description,
                "source": "business",
                "step": "payment_initiation",
                "reason": "input_validation_failed",
                "metadata": {},
                "field": field,
            }
        },
    )


def refund(status: str = "processed", amount: int = 2500) -> dict[str, Any]:
    return {
        "id": "rfnd_FP8QHiV938haTz",
        "entity": "refund",
        "amount": amount,
        "currency": "INR",
        "payment_id": PAYMENT_ID,
        "notes": {},
        "receipt": None,
        "status": status,
        "speed_processed": "normal",
        "speed_requested": "normal",
        "created_at": 1597078866,
    }
