"""WhatsApp through the Cloud API: POST /{phone_number_id}/messages with a bearer token."""

from __future__ import annotations

from typing import Any

import httpx

from adapters.channels.http_delivery import json_or_empty, not_configured, post, refused
from domain import recipients
from domain.ports import DeliveryResult, NotificationChannel, OutgoingMessage

# Graph API error codes that mean "later" even when the HTTP status is 400: throttling
# (4, 80007, 130429, 131048, 131056) and temporary service trouble (1, 2, 131000, 131016, 133004).
TRANSIENT_CODES = frozenset({1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056, 133004})


def whatsapp_payload(message: OutgoingMessage) -> dict[str, Any]:
    body = f"*{message.subject}*\n{message.message}" if message.subject else message.message
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": message.recipient.lstrip("+"),
        "type": "text",
        "text": {"preview_url": False, "body": body},
    }


class WhatsAppCloudChannel(NotificationChannel):
    """A free-form text message; the id is `messages[0].id` (a `wamid.` string)."""

    name = "whatsapp"

    def __init__(self, client: httpx.AsyncClient, *, access_token: str, phone_number_id: str) -> None:
        self._client = client
        # str(): the phone number id is all digits, so the environment hands it over as a number
        self._token, self._phone_id = str(access_token), str(phone_number_id)

    def validate_recipient(self, recipient: str, *, field: str = "recipient") -> None:
        recipients.e164_phone(recipient, field)

    async def send(self, message: OutgoingMessage) -> DeliveryResult:
        missing = [k for k, v in (("access_token", self._token), ("phone_number_id", self._phone_id)) if not v]
        if missing:
            raise not_configured("whatsapp", missing)
        response = await post(
            self._client,
            f"{self._phone_id}/messages",
            provider="whatsapp",
            json=whatsapp_payload(message),
            headers={"Authorization": f"Bearer {self._token}"},
        )
        body = json_or_empty(response)
        messages = body.get("messages") or [{}]
        if response.status_code != 200 or not messages[0].get("id"):
            error = body.get("error") or {}
            code = error.get("code")
            raise refused(
                response,
                "whatsapp",
                f"{code or ''} {error.get('message', response.text[:200])}".strip(),
                transient=code in TRANSIENT_CODES,
            )
        return DeliveryResult(provider_message_id=messages[0]["id"])
