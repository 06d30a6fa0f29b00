"""Slack through an incoming webhook: POST {"text": ...} as JSON; Slack answers `ok` as text."""

from __future__ import annotations

from typing import Any

import httpx

from adapters.channels.http_delivery import not_configured, post, refused
from domain import recipients
from domain.ports import DeliveryResult, NotificationChannel, OutgoingMessage


def slack_payload(message: OutgoingMessage) -> dict[str, Any]:
    """`channel` is sent only for an explicit target: legacy webhooks honour it, app webhooks
    always post to the channel chosen when the webhook was installed."""
    text = f"*{message.subject}*\n{message.message}" if message.subject else message.message
    payload: dict[str, Any] = {"text": text}
    if message.recipient:
        payload["channel"] = message.recipient
    return payload


class SlackWebhookChannel(NotificationChannel):
    """Errors come back as short text bodies (`invalid_payload`, `channel_not_found`,
    `channel_is_archived`, `action_prohibited`...) with a 4xx status: permanent. Webhooks give
    no message id, so none is recorded."""

    name = "slack"

    def __init__(self, client: httpx.AsyncClient, *, webhook_url: str) -> None:
        self._client = client
        self._url = webhook_url

    def validate_recipient(self, recipient: str, *, field: str = "recipient") -> None:
        recipients.slack_target(recipient, field)

    async def send(self, message: OutgoingMessage) -> DeliveryResult:
        if not self._url:
            raise not_configured("slack", ["webhook_url"])
        response = await post(self._client, self._url, provider="slack", json=slack_payload(message))
        text = response.text.strip()
        if response.status_code != 200 or text != "ok":
            raise refused(response, "slack", text[:200] or "empty answer")
        return DeliveryResult(provider_message_id=None, detail=text)
