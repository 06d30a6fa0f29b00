"""SMS through Twilio's Messages API (POST /2010-04-01/Accounts/{AccountSid}/Messages.json)."""

from __future__ import annotations

import httpx

from adapters.channels.http_delivery import json_or_empty, not_configured, post, refused
from domain import recipients
from domain.ports import DeliveryResult, NotificationChannel, OutgoingMessage


def twilio_form(message: OutgoingMessage, sender: str, status_callback: str = "") -> dict[str, str]:
    """The form fields Twilio takes; a sender starting with MG is a Messaging Service SID.
    `status_callback` is where Twilio reports delivered / undelivered (our webhook)."""
    body = f"{message.subject}\n{message.message}" if message.subject else message.message
    form = {"To": message.recipient, "Body": body}
    form["MessagingServiceSid" if sender.startswith("MG") else "From"] = sender
    if status_callback:
        form["StatusCallback"] = status_callback
    return form


class TwilioSmsChannel(NotificationChannel):
    """Basic auth with the account SID and auth token; the message id is Twilio's `sid`."""

    name = "sms"

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        account_sid: str,
        auth_token: str,
        from_number: str,
        status_callback_url: str | None = "",
    ) -> None:
        self._client = client
        # str(): an all-digit secret may arrive from the environment as a YAML number
        self._sid, self._token, self._from = str(account_sid), str(auth_token), str(from_number)
        self._callback = str(status_callback_url or "")

    def validate_recipient(self, recipient: str, *, field: str = "recipient") -> None:
        recipients.e164_phone(recipient, field)

    async def send(self, message: OutgoingMessage) -> DeliveryResult:
        missing = [
            k
            for k, v in (("account_sid", self._sid), ("auth_token", self._token), ("from_number", self._from))
            if not v
        ]
        if missing:
            raise not_configured("twilio", missing)
        response = await post(
            self._client,
            f"/2010-04-01/Accounts/{self._sid}/Messages.json",
            provider="twilio",
            data=twilio_form(message, self._from, self._callback),
            auth=(self._sid, self._token),
            headers={"Accept": "application/json"},
        )
        body = json_or_empty(response)
        if response.status_code not in (200, 201) or not body.get("sid"):
            # Twilio's error body: {"code": 21211, "message": "...", "more_info": "...", "status": 400}
            raise refused(
                response, "twilio", f"{body.get('code', '')} {body.get('message', response.text[:200])}".strip()
            )
        return DeliveryResult(provider_message_id=body["sid"], detail=body.get("status"))
