"""The wallet-provider contract of docs/wallet-provider-api.md, as request checks and replies."""

from __future__ import annotations

from typing import Any

from tests.contract import checks
from tests.contract.server import Recorded, Reply

API_KEY = "wk_live_contract"
CHARGES, REFUNDS, CHARGE = "/v1/charges", "/v1/refunds", r"/v1/charges/(wch_\w+)"


def _post(request: Recorded, *names: str) -> list[str]:
    problems = checks.bearer(request, API_KEY) + checks.header(request, "Idempotency-Key")
    problems += checks.content_type(request, "application/json")
    if problems:
        return problems
    body = request.json()
    problems += checks.fields(body, *names) + checks.minor_units(body.get("amount_minor"), "amount_minor")
    if isinstance(body.get("amount_minor"), str):
        problems.append("amount_minor must be a JSON integer")
    return problems


def check_charge(request: Recorded) -> list[str]:
    return _post(request, "amount_minor", "currency", "wallet_id", "provider", "reference")


def check_refund(request: Recorded) -> list[str]:
    return _post(request, "charge_id", "amount_minor", "currency", "reference")


def check_get(request: Recorded) -> list[str]:
    return checks.bearer(request, API_KEY)


def charge(status: str = "succeeded", **extra: Any) -> dict[str, Any]:
    return {
        "id": "wch_3Kd9",
        "status": status,
        "amount_minor": 10050,
        "currency": "USD",
        "wallet_id": "wal_8Hn2",
        "provider": "apple_pay",
        "reference": "pay_01JCONTRACT0000000000000000",
        "action_url": None,
        "failure_code": None,
        "failure_message": None,
        **extra,
    }


def error(status: int, code: str, message: str, field: str | None = None) -> Reply:
    return Reply(status, {"error": {"code": code, "message": message, "field": field}})
