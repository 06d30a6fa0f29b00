"""Push through FCM HTTP v1: POST /v1/projects/{project_id}/messages:send with an OAuth2 bearer."""

from __future__ import annotations

from typing import Any

import httpx

from adapters.channels.google_auth import ServiceAccountTokens
from adapters.channels.http_delivery import json_or_empty, post, refused
from domain import recipients
from domain.ports import DeliveryResult, NotificationChannel, OutgoingMessage


def fcm_payload(message: OutgoingMessage) -> dict[str, Any]:
    """A notification message to one registration token; `data` carries our id for the app."""
    notification = {"body": message.message}
    if message.subject:
        notification["title"] = message.subject
    return {
        "message": {
            "token": message.recipient,
            "notification": notification,
            "data": {"notification_id": message.notification_id},
        }
    }


def _fcm_error_code(error: dict[str, Any]) -> str | None:
    for detail in error.get("details") or []:
        if isinstance(detail, dict) and detail.get("errorCode"):
            return str(detail["errorCode"])
    return None


class FcmPushChannel(NotificationChannel):
    """The message id is FCM's `name` (projects/{id}/messages/{message_id}).

    UNAVAILABLE, INTERNAL and QUOTA_EXCEEDED come as 5xx/429 and are retried; UNREGISTERED,
    INVALID_ARGUMENT and SENDER_ID_MISMATCH are permanent. A 401 for our own access token drops
    the cached token and is retried with a fresh one.
    """

    name = "push"

    def __init__(self, client: httpx.AsyncClient, *, tokens: ServiceAccountTokens, project_id: str = "") -> None:
        self._client = client
        self._tokens = tokens
        self._project = str(project_id)  # a numeric project number is allowed too

    def validate_recipient(self, recipient: str, *, field: str = "recipient") -> None:
        recipients.fcm_token(recipient, field)

    async def send(self, message: OutgoingMessage) -> DeliveryResult:
        project = self._project or (await self._tokens.info()).get("project_id", "")
        token = await self._tokens.access_token()
        response = await post(
            self._client,
            f"/v1/projects/{project}/messages:send",
            provider="fcm",
            json=fcm_payload(message),
            headers={"Authorization": f"Bearer {token}"},
        )
        body = json_or_empty(response)
        if response.status_code == 200 and body.get("name"):
            return DeliveryResult(provider_message_id=body["name"])
        error = body.get("error") or {}
        code = _fcm_error_code(error) or error.get("status", "")
        stale_token = response.status_code == 401 and code != "THIRD_PARTY_AUTH_ERROR"
        if stale_token:
            self._tokens.invalidate()
        raise refused(
            response, "fcm", f"{code} {error.get('message', response.text[:200])}".strip(), transient=stale_token
        )
