"""PayPal's shapes: decimal amount strings, order and capture statuses, errors and webhook events."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from adapters.gateways.common import header
from domain.errors import InvalidAmount, InvalidInput, WebhookSignatureInvalid
from domain.money import Money
from domain.payment import PaymentStatus, RefundStatus
from domain.ports import ChargeOutcome, RefundOutcome, WebhookEvent

_TRANSMISSION = {
    "auth_algo": "PAYPAL-AUTH-ALGO",
    "cert_url": "PAYPAL-CERT-URL",
    "transmission_id": "PAYPAL-TRANSMISSION-ID",
    "transmission_sig": "PAYPAL-TRANSMISSION-SIG",
    "transmission_time": "PAYPAL-TRANSMISSION-TIME",
}
# PayPal refuses decimals for these although ISO 4217 gives them two.
_WHOLE_UNITS_ONLY = frozenset({"HUF", "TWD"})
# PayPal error `field` path fragments -> the field of our payment request.
_FIELDS = (("amount/currency_code", "currency"), ("amount/value", "amount"), ("description", "description"))

CAPTURE_STATUS = {
    "COMPLETED": PaymentStatus.SUCCEEDED,
    "PENDING": PaymentStatus.PENDING,
    "DECLINED": PaymentStatus.FAILED,
    "FAILED": PaymentStatus.FAILED,
    "REFUNDED": PaymentStatus.SUCCEEDED,
    "PARTIALLY_REFUNDED": PaymentStatus.SUCCEEDED,
}
REFUND_STATUS = {
    "COMPLETED": RefundStatus.SUCCEEDED,
    "PENDING": RefundStatus.PENDING,
    "CANCELLED": RefundStatus.FAILED,
    "FAILED": RefundStatus.FAILED,
}


def paypal_amount(money: Money) -> dict[str, str]:
    """`{"currency_code", "value"}` with exactly the currency's decimals ("10.50", "1000" for JPY)."""
    value = str(money)
    if money.currency in _WHOLE_UNITS_ONLY:
        whole, rest = divmod(money.minor, 100)
        if rest:
            raise InvalidAmount(f"PayPal takes {money.currency} in whole units; got {money}", field="amount")
        value = str(whole)
    return {"currency_code": money.currency, "value": value}


def link(resource: dict[str, Any], *rels: str) -> str | None:
    links = {item.get("rel"): item.get("href") for item in resource.get("links") or []}
    return next((links[rel] for rel in rels if links.get(rel)), None)


def money_of(amount: Any) -> Money | None:
    """PayPal's `{"currency_code", "value"}` as our Money; None when it is missing or unusable."""
    if not isinstance(amount, dict):
        return None
    try:
        return Money.parse(str(amount.get("value")), str(amount.get("currency_code")), allow_zero=True)
    except InvalidInput:
        return None


def capture_of(order: dict[str, Any]) -> dict[str, Any] | None:
    units = order.get("purchase_units") or [{}]
    captures = ((units[0].get("payments") or {}).get("captures")) or []
    return captures[0] if captures else None


def capture_outcome(capture: dict[str, Any], order_id: str | None) -> ChargeOutcome:
    """After capture our transaction id is the capture id: refunds are made against it."""
    status = CAPTURE_STATUS.get(capture.get("status") or "", PaymentStatus.PENDING)
    details = capture.get("status_details") or {}
    failed = status is PaymentStatus.FAILED
    return ChargeOutcome(
        status=status,
        transaction_id=capture.get("id"),
        failure_code=(details.get("reason") or capture.get("status")) if failed else None,
        failure_reason="PayPal declined the capture" if failed else None,
        data={"order_id": order_id, "capture_id": capture.get("id"), "paypal_status": capture.get("status")},
    )


def order_outcome(order: dict[str, Any], approve_fallback: str) -> ChargeOutcome:
    """An order that is not APPROVED (those are captured first) -> our outcome."""
    status, order_id = order.get("status"), order.get("id")
    capture = capture_of(order)
    if capture is not None:
        return capture_outcome(capture, order_id)
    data = {"order_id": order_id, "paypal_status": status}
    if status == "VOIDED":
        return ChargeOutcome(
            status=PaymentStatus.FAILED,
            transaction_id=order_id,
            data=data,
            failure_code="VOIDED",
            failure_reason="the PayPal order was voided",
        )
    if status in ("APPROVED", "COMPLETED"):
        return ChargeOutcome(status=PaymentStatus.PENDING, transaction_id=order_id, data=data)
    url = link(order, "approve", "payer-action") or approve_fallback.format(id=order_id)
    return ChargeOutcome(status=PaymentStatus.REQUIRES_ACTION, transaction_id=order_id, next_action_url=url, data=data)


def issue_of(body: dict[str, Any]) -> tuple[str, str, str]:
    """(issue, field path, description) of PayPal's first error detail."""
    detail = (body.get("details") or [{}])[0]
    return (
        detail.get("issue") or body.get("name") or "UNKNOWN",
        detail.get("field") or "",
        detail.get("description") or body.get("message") or "",
    )


def create_error(body: dict[str, Any]) -> ChargeOutcome:
    """400/422 on order creation: the client's input names a field, else a FAILED outcome."""
    issue, path, description = issue_of(body)
    field = next((ours for fragment, ours in _FIELDS if fragment in path), None)
    if field:
        raise InvalidInput(description or issue, field=field, extra={"provider_code": issue})
    return ChargeOutcome(status=PaymentStatus.FAILED, failure_code=issue, failure_reason=description or issue)


def refund_outcome(refund: dict[str, Any]) -> RefundOutcome:
    status = REFUND_STATUS.get(refund.get("status") or "", RefundStatus.PENDING)
    reason = (refund.get("status_details") or {}).get("reason") if status is RefundStatus.FAILED else None
    return RefundOutcome(status=status, gateway_refund_id=refund.get("id"), failure_reason=reason)


def verification_request(headers: Mapping[str, str], webhook_id: str, body: bytes) -> bytes:
    """The verify-webhook-signature body; refused here when a transmission header is missing.

    The raw event goes in byte for byte: re-serialising it can change it and fail PayPal's check.
    """
    fields = {key: header(headers, name) for key, name in _TRANSMISSION.items()}
    missing = [_TRANSMISSION[k] for k, v in fields.items() if not v]
    if missing or not webhook_id:
        raise WebhookSignatureInvalid(
            f"PayPal webhook lacks {', '.join(missing) or 'a configured webhook_id'}",
            field=missing[0] if missing else "headers",
        )
    prefix = json.dumps({**fields, "webhook_id": webhook_id})[:-1]
    return f'{prefix}, "webhook_event": '.encode() + body + b"}"


def to_event(event: dict[str, Any]) -> WebhookEvent:
    """PAYMENT.CAPTURE.* settle a payment, PAYMENT.CAPTURE.REFUNDED a refund; CHECKOUT.ORDER.APPROVED
    means the payer approved: the payment is PENDING until fetch_status captures it."""
    kind, resource = str(event.get("event_type", "")), event.get("resource") or {}
    event_id = str(event.get("id", ""))
    data: dict[str, Any] = {"event_type": kind, "payment_id": resource.get("custom_id")}
    if kind == "PAYMENT.CAPTURE.REFUNDED" or kind.startswith("PAYMENT.REFUND"):
        up = link(resource, "up") or ""
        outcome = refund_outcome(resource)
        return WebhookEvent(
            provider_event_id=event_id,
            transaction_id=up.rstrip("/").split("/")[-1],
            refund_id=resource.get("id"),
            refund_status=outcome.status,
            amount=money_of(resource.get("amount")),
            data={**data, "payment_id": None, "merchant_refund_id": resource.get("custom_id")},
        )
    if kind.startswith("PAYMENT.CAPTURE."):
        order_id = ((resource.get("supplementary_data") or {}).get("related_ids") or {}).get("order_id")
        charged = capture_outcome(resource, order_id)
        return WebhookEvent(
            provider_event_id=event_id,
            transaction_id=str(resource.get("id")),
            payment_status=charged.status,
            amount=money_of(resource.get("amount")),
            references=(str(order_id),) if order_id else (),
            data={**data, **charged.data},
        )
    if kind.startswith("CHECKOUT.ORDER."):
        unit = (resource.get("purchase_units") or [{}])[0]
        data.update(payment_id=unit.get("custom_id"), order_id=resource.get("id"))
        capture = capture_of(resource)
        if capture is not None:
            charged = capture_outcome(capture, resource.get("id"))
            return WebhookEvent(
                provider_event_id=event_id,
                transaction_id=str(capture.get("id")),
                payment_status=charged.status,
                amount=money_of(capture.get("amount")),
                references=(str(resource.get("id")),),
                data={**data, **charged.data},
            )
        approved = resource.get("status") == "APPROVED"
        return WebhookEvent(
            provider_event_id=event_id,
            transaction_id=str(resource.get("id")),
            payment_status=PaymentStatus.PENDING if approved else None,
            data={**data, "needs_capture": approved},
        )
    return WebhookEvent(provider_event_id=event_id, transaction_id=str(resource.get("id", "")), data=data)
