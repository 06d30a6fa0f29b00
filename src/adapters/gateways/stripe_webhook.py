"""Stripe webhooks: the Stripe-Signature check and the events that change our records."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from adapters.gateways.common import json_body, verify_timestamped
from adapters.gateways.stripe_format import REFUND_STATUS, from_stripe_amount, intent_outcome
from domain.ports import WebhookEvent

DEFAULT_TOLERANCE = 300


def verify_signature(
    header_value: str | None, body: bytes, secrets: list[str], *, now: float, tolerance: int = DEFAULT_TOLERANCE
) -> None:
    """`t=<unix>,v1=<hex>[,v1=<hex>...]`: HMAC-SHA256 of `t.body` under any configured secret."""
    verify_timestamped(header_value, body, secrets, now=now, tolerance=tolerance, header_name="Stripe-Signature")


def to_event(body: bytes, *, sdk_action_url: str) -> WebhookEvent:
    """payment_intent.* settle the payment; refund.* and charge.refunded settle a refund."""
    event = json_body(body, "stripe")
    kind = str(event.get("type", ""))
    obj: dict[str, Any] = (event.get("data") or {}).get("object") or {}
    base = {"event_type": kind, "payment_id": (obj.get("metadata") or {}).get("payment_id")}
    event_id = str(event.get("id", ""))
    if kind.startswith("payment_intent."):
        if kind == "payment_intent.payment_failed":  # final whatever the intent's status says
            obj = {
                **obj,
                "status": "requires_payment_method",
                "last_payment_error": obj.get("last_payment_error") or {"code": "payment_failed"},
            }
        outcome = intent_outcome(obj, sdk_action_url=sdk_action_url)
        data = {
            **base,
            "failure_code": outcome.failure_code,
            "failure_reason": outcome.failure_reason,
            "next_action_url": outcome.next_action_url,
        }
        received = obj.get("amount_received") if obj.get("amount_received") is not None else obj.get("amount")
        return WebhookEvent(
            provider_event_id=event_id,
            transaction_id=str(obj.get("id", "")),
            payment_status=outcome.status,
            amount=from_stripe_amount(received, obj.get("currency")),
            data=data,
        )
    if kind.startswith("refund."):
        return _refund_event(event_id, obj, base)
    if kind == "charge.refunded":
        refunds = (obj.get("refunds") or {}).get("data") or []
        if refunds:
            latest = max(refunds, key=lambda r: r.get("created", 0))
            return _refund_event(
                event_id,
                {**latest, "payment_intent": obj.get("payment_intent")},
                {**base, "amount_refunded": obj.get("amount_refunded")},
            )
        return WebhookEvent(
            provider_event_id=event_id,
            transaction_id=str(obj.get("payment_intent")),
            data={**base, "amount_refunded": obj.get("amount_refunded")},
        )
    return WebhookEvent(provider_event_id=event_id, transaction_id=str(obj.get("id", "")), data=base)


def _refund_event(event_id: str, refund: Mapping[str, Any], base: dict) -> WebhookEvent:
    status = REFUND_STATUS.get(refund.get("status") or "")
    merchant_refund_id = (refund.get("metadata") or {}).get("refund_id")
    return WebhookEvent(
        provider_event_id=event_id,
        transaction_id=str(refund.get("payment_intent")),
        refund_id=refund.get("id"),
        refund_status=status,
        amount=from_stripe_amount(refund.get("amount"), refund.get("currency")),
        data={**base, "merchant_refund_id": merchant_refund_id, "amount": refund.get("amount")},
    )
