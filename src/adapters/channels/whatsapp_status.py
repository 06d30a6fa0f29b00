"""WhatsApp Cloud API status webhooks: X-Hub-Signature-256 on POST, hub.challenge on GET.

The signature is `sha256=` + hex HMAC-SHA256 of the raw body with the Meta app secret.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import msgspec

from domain.errors import WebhookSignatureInvalid, WebhookVerificationFailed
from domain.ports import DeliveryReceipts, StatusReport

DELIVERED = {"delivered": True, "read": True, "failed": False}


def whatsapp_signature(app_secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


class WhatsAppDeliveryReceipts(DeliveryReceipts):
    provider, channel = "whatsapp", "whatsapp"

    def __init__(self, *, app_secret: str, verify_token: str) -> None:
        self._secret, self._verify_token = str(app_secret or ""), str(verify_token or "")

    def verify(self, url: str, headers: Mapping[str, str], body: bytes) -> list[StatusReport]:
        signature = {k.lower(): v for k, v in headers.items()}.get("x-hub-signature-256", "")
        if not self._secret:
            raise WebhookSignatureInvalid("whatsapp webhooks are not configured (no app secret)")
        if not signature or not hmac.compare_digest(whatsapp_signature(self._secret, body), signature):
            raise WebhookSignatureInvalid("X-Hub-Signature-256 does not match this body", field="X-Hub-Signature-256")
        try:
            payload = msgspec.json.decode(body)
        except msgspec.DecodeError:
            raise WebhookSignatureInvalid("the webhook body is not JSON") from None
        return [_report(status) for status in _statuses(payload) if status.get("id") and status.get("status")]

    def handshake(self, query: Mapping[str, str]) -> str:
        ok = self._verify_token and hmac.compare_digest(query.get("hub.verify_token", ""), self._verify_token)
        if query.get("hub.mode") != "subscribe" or not ok:
            raise WebhookVerificationFailed("hub.verify_token does not match", field="hub.verify_token")
        return query.get("hub.challenge", "")


def _statuses(payload: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    entries = payload.get("entry") if isinstance(payload, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        for change in entry.get("changes") or [] if isinstance(entry, dict) else []:
            value = change.get("value") if isinstance(change, dict) else None
            statuses = value.get("statuses") if isinstance(value, dict) else None
            found.extend(s for s in statuses or [] if isinstance(s, dict))
    return found


def _report(status: dict[str, Any]) -> StatusReport:
    name = str(status["status"]).lower()
    try:
        at = datetime.fromtimestamp(int(status.get("timestamp") or 0), UTC) if status.get("timestamp") else None
    except (TypeError, ValueError, OverflowError):
        at = None
    errors = status.get("errors") or []
    first = errors[0] if errors and isinstance(errors[0], dict) else {}
    reason = f"{first.get('code', '')} {first.get('title') or first.get('message') or ''}".strip() or None
    return StatusReport(
        provider_message_id=str(status["id"]),
        delivered=DELIVERED.get(name),
        at=at or datetime.now(UTC),
        report_id=f"{status['id']}:{name}:{status.get('timestamp', '')}",
        reason=reason if DELIVERED.get(name) is False else None,
    )
