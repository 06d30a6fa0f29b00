"""The payment body's rules that span fields, as JSON Schema: which gateway a request reaches
(by `gateway`, `payment_method` or a payment system), what that gateway needs, and the amounts
each currency allows (positive, at most its decimals, at most twelve digits of minor units)."""

from __future__ import annotations

from typing import Any

from domain.money import CURRENCY_EXPONENTS, MAX_MINOR_UNITS
from entrypoints.openapi_json import NULL

WALLET = "digital_wallet"
# The gateways that can authorize now and capture later (`manual_capture` on their adapters,
# sandbox and live alike); a manual payment routed to no such gateway is a 422 on capture_method.
HOLDS = frozenset({"stripe", "paypal", "razorpay"})


def _amount(exponent: int) -> dict[str, Any]:
    whole = len(str(MAX_MINOR_UNITS)) - exponent  # digits left of the point
    if exponent == 0:
        text = rf"^0*[1-9][0-9]{{0,{whole - 1}}}(\.0*)?$"
    else:
        fractions = "|".join(f"0{{{i}}}[1-9][0-9]{{0,{exponent - i - 1}}}" for i in range(exponent))
        text = rf"^(0*[1-9][0-9]{{0,{whole - 1}}}(\.[0-9]{{0,{exponent}}})?|0*\.({fractions}))0*$"
    step = 10**-exponent
    number = {
        "type": "number",
        "exclusiveMinimum": 0,
        "maximum": MAX_MINOR_UNITS * step,
        "multipleOf": 1 if exponent == 0 else float(f"1e-{exponent}"),
    }
    return {"anyOf": [number, {"type": "string", "pattern": text}]}


def _money() -> dict[str, Any]:
    exponents = sorted(set(CURRENCY_EXPONENTS.values()))
    return {
        "oneOf": [
            {
                "properties": {
                    "currency": {"enum": sorted(c for c, e in CURRENCY_EXPONENTS.items() if e == exponent)},
                    "amount": _amount(exponent),
                }
            }
            for exponent in exponents
        ]
    }


def _route(
    system: str | None, gateway: str | None, method: str | None, wallet: bool, holds: bool = True
) -> dict[str, Any]:
    """One way to name where the payment goes; `None` is absent or null. `holds`: whether the
    gateway it reaches can hold an authorization (capture_method manual)."""
    properties: dict[str, Any] = {
        "payment_system": {"enum": [system]} if system else NULL,
        "gateway": {"enum": [gateway]} if gateway else NULL,
    }
    if not holds:
        properties["capture_method"] = {"enum": ["automatic"]}
    required = [name for name, value in (("payment_system", system), ("gateway", gateway)) if value]
    if gateway is None:
        properties["payment_method"] = {"enum": [method]} if method else NULL
        if method:
            required.append("payment_method")
    route: dict[str, Any] = {"properties": properties, "required": required}
    if wallet:  # the wallet gateway charges the payer's wallet: its id is required
        properties["wallet_details"] = {
            "type": "object",
            "properties": {"wallet_id": {"type": "string", "minLength": 1}},
        }
        route["required"] = [*required, "wallet_details"]
        route["properties"]["wallet_details"]["required"] = ["wallet_id"]
    return route


def _routes(gateways: list[str], systems: dict[str, list[str]], default: str | None) -> dict[str, Any]:
    routes = []
    for system, members in [(None, gateways), *systems.items()]:
        for name in members:
            routes.append(_route(system, name, None, name == WALLET, name in HOLDS))
            routes.append(_route(system, None, name, name == WALLET, name in HOLDS))
        chosen = members if system else systems.get(default or "", [])
        if system or default:
            routes.append(_route(system, None, None, WALLET in chosen, bool(HOLDS & set(chosen))))
    return {"anyOf": routes}


def payment_request(
    base: dict[str, Any], gateways: list[str], systems: dict[str, list[str]], default: str | None, triggers: list[str]
) -> dict[str, Any]:
    if triggers:
        base["properties"]["metadata"]["properties"] = {"sandbox_trigger": {"enum": [*triggers, None]}}
    return {"title": "PaymentRequest", "allOf": [base, _money(), _routes(gateways, systems, default)]}


def bank_details(base: dict[str, Any]) -> dict[str, Any]:
    """Checked when present: an account of 4 to 34 letters or digits and a holder's name."""
    properties = base["properties"]
    properties["account_number"] = {"type": "string", "maxLength": 64, "pattern": r"^ *([A-Za-z0-9] *){4,34}$"}
    properties["account_holder"] = {
        "type": "string",
        "maxLength": 128,
        "pattern": r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$",
    }
    base["required"] = ["account_number", "account_holder"]
    return base
