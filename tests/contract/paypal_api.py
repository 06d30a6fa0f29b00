"""PayPal's documented contract (OAuth2, Orders v2, Payments v2, webhook verification)."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.contract import checks
from tests.contract.server import ContractServer, Recorded, Reply

CLIENT_ID, CLIENT_SECRET, WEBHOOK_ID = "AcontractClientId", "EcontractSecret", "8PT597110X687430LKGECATA"
TOKEN = "/v1/oauth2/token"
ORDERS = "/v2/checkout/orders"
ORDER = r"/v2/checkout/orders/(\w+)"
CAPTURE = r"/v2/checkout/orders/(\w+)/capture"
CAPTURE_GET = r"/v2/payments/captures/(\w+)"
REFUND = r"/v2/payments/captures/(\w+)/refund"
VERIFY = "/v1/notifications/verify-webhook-signature"
AUTHORIZE = r"/v2/checkout/orders/(\w+)/authorize"
AUTH_CAPTURE = r"/v2/payments/authorizations/(\w+)/capture"
AUTH_VOID = r"/v2/payments/authorizations/(\w+)/void"
ORDER_ID, CAPTURE_ID = "5O190127TN364715T", "3C679366HH908993F"
AUTHORIZATION_ID = "0VF52814937998046"
_DECIMALS = {"JPY": 0, "HUF": 0, "TWD": 0}


class TokenIssuer:
    """Issues client-credentials tokens and holds every other call to a live one."""

    def __init__(self, server: ContractServer, expires_in: int = 32400) -> None:
        self.issued: list[str] = []
        self.revoked: set[str] = set()
        self.expires_in = expires_in
        server.route("POST", TOKEN, self.issue, check=self.check_token_request)

    def check_token_request(self, request: Recorded) -> list[str]:
        problems = checks.basic(request, CLIENT_ID, CLIENT_SECRET)
        problems += checks.content_type(request, "application/x-www-form-urlencoded")
        if request.form().get("grant_type") != "client_credentials":
            problems.append("grant_type must be client_credentials")
        return problems

    def issue(self, request: Recorded) -> Reply:
        token = f"A21AAContractToken{len(self.issued)}"
        self.issued.append(token)
        return Reply(
            200,
            {
                "scope": "https://uri.paypal.com/services/payments/payment",
                "access_token": token,
                "token_type": "Bearer",
                "app_id": "APP-80W284485P519543T",
                "expires_in": self.expires_in,
                "nonce": "2024-06-20T10:00:00Z",
            },
        )

    def authorised(self, request: Recorded) -> list[str]:
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        return [] if token in self.issued else [f"unknown bearer token {token!r}"]

    def live(self, reply: Reply):
        """`reply`, or PayPal's 401 invalid_token when the bearer token was revoked."""

        def answer(request: Recorded) -> Reply:
            if request.headers.get("authorization", "").removeprefix("Bearer ") in self.revoked:
                return Reply(
                    401, {"error": "invalid_token", "error_description": "Token signature verification failed"}
                )
            return reply

        return answer


def check_json_call(issuer: TokenIssuer, *, idempotent: bool):
    def check(request: Recorded) -> list[str]:
        problems = issuer.authorised(request) + checks.content_type(request, "application/json")
        if idempotent:
            problems += checks.header(request, "PayPal-Request-Id")
        try:
            request.json()
        except ValueError:
            problems.append("body must be JSON")
        return problems

    return check


def _amount_problems(amount: dict) -> list[str]:
    code, value = amount.get("currency_code", ""), amount.get("value", "")
    places = _DECIMALS.get(code, 2)
    pattern = r"\d+" if places == 0 else rf"\d+\.\d{{{places}}}"
    return (
        []
        if re.fullmatch(pattern, str(value)) and re.fullmatch(r"[A-Z]{3}", code)
        else [f"amount must be a {places}-decimal string in an upper-case currency, got {amount}"]
    )


def check_create_order(issuer: TokenIssuer):
    def check(request: Recorded) -> list[str]:
        problems = check_json_call(issuer, idempotent=True)(request)
        if problems:
            return problems
        order = request.json()
        if order.get("intent") not in ("CAPTURE", "AUTHORIZE"):
            problems.append(f"intent must be CAPTURE or AUTHORIZE, got {order.get('intent')!r}")
        unit = (order.get("purchase_units") or [{}])[0]
        problems += checks.fields(unit, "reference_id", "custom_id")
        return problems + _amount_problems(unit.get("amount") or {})

    return check


def check_refund(issuer: TokenIssuer):
    def check(request: Recorded) -> list[str]:
        problems = check_json_call(issuer, idempotent=True)(request)
        return problems or _amount_problems(request.json().get("amount") or {})

    return check


def check_authorize(issuer: TokenIssuer):
    """POST /v2/checkout/orders/{id}/authorize: an (empty) JSON body, PayPal-Request-Id."""
    return check_json_call(issuer, idempotent=True)


def check_authorization_capture(issuer: TokenIssuer, authorized: dict | None = None):
    """POST /v2/payments/authorizations/{id}/capture: optional amount (at most the authorized one,
    same currency), optional final_capture boolean."""

    def check(request: Recorded) -> list[str]:
        problems = check_json_call(issuer, idempotent=True)(request)
        if problems:
            return problems
        body = request.json()
        unknown = set(body) - {"amount", "final_capture", "invoice_id", "note_to_payer", "soft_descriptor"}
        if unknown:
            problems.append(f"capture takes no {sorted(unknown)}")
        if "final_capture" in body and not isinstance(body["final_capture"], bool):
            problems.append("final_capture must be a boolean")
        if "amount" in body:
            problems += _amount_problems(body["amount"])
            held = authorized or {"currency_code": "USD", "value": "100.00"}
            if not problems and body["amount"]["currency_code"] != held["currency_code"]:
                problems.append("the capture's currency must be the authorization's")
            elif not problems and float(body["amount"]["value"]) > float(held["value"]):
                problems.append("the capture exceeds the authorized amount")
        return problems

    return check


def check_void(issuer: TokenIssuer):
    """POST /v2/payments/authorizations/{id}/void: no body (or an empty object)."""

    def check(request: Recorded) -> list[str]:
        problems = issuer.authorised(request)
        if request.body and request.body.strip() not in (b"{}", b""):
            problems.append(f"void takes no body, got {request.body!r}")
        return problems

    return check


def authorization(status: str = "CREATED", value: str = "100.00") -> dict[str, Any]:
    return {
        "id": AUTHORIZATION_ID,
        "status": status,
        "amount": {"currency_code": "USD", "value": value},
        "expiration_time": "2026-12-24T10:00:00Z",
        "supplementary_data": {"related_ids": {"order_id": ORDER_ID}},
    }


def authorized_order(value: str = "100.00") -> dict[str, Any]:
    body = order("COMPLETED")
    body["intent"] = "AUTHORIZE"
    body["purchase_units"][0]["amount"]["value"] = value
    body["purchase_units"][0]["payments"] = {"authorizations": [authorization(value=value)]}
    return body


def authorization_capture(request: Recorded) -> Reply:
    """PayPal's capture of an authorization: COMPLETED for the amount asked (or the whole)."""
    amount = request.json().get("amount") or {"currency_code": "USD", "value": "100.00"}
    return Reply(
        201,
        {
            "id": CAPTURE_ID,
            "status": "COMPLETED",
            "amount": amount,
            "final_capture": request.json().get("final_capture", True),
            "supplementary_data": {"related_ids": {"order_id": ORDER_ID, "authorization_id": AUTHORIZATION_ID}},
        },
    )


def check_verify(issuer: TokenIssuer):
    def check(request: Recorded) -> list[str]:
        problems = check_json_call(issuer, idempotent=False)(request)
        if problems:
            return problems
        body = request.json()
        problems += checks.fields(
            body, "auth_algo", "cert_url", "transmission_id", "transmission_sig", "transmission_time", "webhook_id"
        )
        if not isinstance(body.get("webhook_event"), dict):
            problems.append("webhook_event must be the event object")
        return problems

    return check


def order(status: str, *, captures: list[dict] | None = None) -> dict[str, Any]:
    links = [{"href": f"https://api-m.paypal.com/v2/checkout/orders/{ORDER_ID}", "rel": "self", "method": "GET"}]
    if status in ("CREATED", "PAYER_ACTION_REQUIRED"):
        rel = "approve" if status == "CREATED" else "payer-action"
        links.append({"href": f"https://www.paypal.com/checkoutnow?token={ORDER_ID}", "rel": rel, "method": "GET"})
    unit: dict[str, Any] = {
        "reference_id": "pay_01JCONTRACT0000000000000000",
        "amount": {"currency_code": "USD", "value": "100.50"},
    }
    if captures is not None:
        unit["payments"] = {"captures": captures}
    return {"id": ORDER_ID, "intent": "CAPTURE", "status": status, "purchase_units": [unit], "links": links}


def capture(status: str = "COMPLETED") -> dict[str, Any]:
    return {
        "id": CAPTURE_ID,
        "status": status,
        "amount": {"currency_code": "USD", "value": "100.50"},
        "final_capture": True,
        "custom_id": "pay_01JCONTRACT0000000000000000",
        "supplementary_data": {"related_ids": {"order_id": ORDER_ID}},
    }


def error(status: int, name: str, issue: str, description: str = "", field: str = "") -> Reply:
    detail = {"issue": issue, "description": description or issue}
    if field:
        detail.update(field=field, location="body")
    return Reply(
        status,
        {
            "name": name,
            "message": "The requested action could not be performed.",
            "debug_id": "f1d2c3b4a5",
            "details": [detail],
        },
    )


def event_body(kind: str, resource: dict) -> bytes:
    return json.dumps(
        {
            "id": "WH-58D329510W468432D-8HN650336L201105X",
            "event_version": "1.0",
            "resource_type": "capture",
            "event_type": kind,
            "resource": resource,
        },
        separators=(",", ":"),
    ).encode()
