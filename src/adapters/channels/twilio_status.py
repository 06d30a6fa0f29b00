"""Twilio's message status callback, checked with X-Twilio-Signature.

The signature is base64(HMAC-SHA1(auth token, URL + each POST parameter's name and value,
sorted by name)), over the URL exactly as Twilio called it: behind a proxy, configure that
public URL (`status_callback_url`), which is also the StatusCallback every send asks for.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import parse_qsl

from domain.errors import NotFound, WebhookSignatureInvalid
from domain.ports import DeliveryReceipts, StatusReport

DELIVERED = {"delivered": True, "read": True, "undelivered": False, "failed": False}


def twilio_signature(auth_token: str, url: str, params: Mapping[str, str]) -> str:
    payload = url + "".join(f"{name}{params[name]}" for name in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class TwilioDeliveryReceipts(DeliveryReceipts):
    provider, channel = "twilio", "sms"

    def __init__(self, *, auth_token: str, status_callback_url: str = "") -> None:
        self._token = str(auth_token or "")
        self._url = str(status_callback_url or "")

    def verify(self, url: str, headers: Mapping[str, str], body: bytes) -> list[StatusReport]:
        signature = {k.lower(): v for k, v in headers.items()}.get("x-twilio-signature", "")
        if not self._token:
            raise WebhookSignatureInvalid("twilio status callbacks are not configured (no auth token)")
        try:
            params = dict(parse_qsl(body.decode(), keep_blank_values=True, strict_parsing=bool(body)))
        except (UnicodeDecodeError, ValueError):
            raise WebhookSignatureInvalid("the callback body is not form-encoded") from None
        expected = twilio_signature(self._token, self._url or url, params)
        if not signature or not hmac.compare_digest(expected, signature):
            raise WebhookSignatureInvalid("X-Twilio-Signature does not match this request", field="X-Twilio-Signature")
        sid = params.get("MessageSid") or params.get("SmsSid") or ""
        status = (params.get("MessageStatus") or params.get("SmsStatus") or "").lower()
        if not sid or not status:
            return []
        code = params.get("ErrorCode")
        reason = f"twilio error {code}" if code else (None if DELIVERED.get(status, True) else status)
        return [
            StatusReport(
                provider_message_id=sid,
                delivered=DELIVERED.get(status),
                at=datetime.now(UTC),  # Twilio's callback carries no time of its own
                report_id=f"{sid}:{status}",
                reason=reason,
            )
        ]

    def handshake(self, query: Mapping[str, str]) -> str:
        raise NotFound("twilio has no subscription handshake")
