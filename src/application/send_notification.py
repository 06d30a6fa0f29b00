"""Send one notification over one channel, synchronously, with retries and an Idempotency-Key."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from application.idempotency import Claim, Idempotency, Reply, fingerprint
from application.notification_delivery import NotificationDelivery
from application.notification_views import NotificationView, view_of
from domain.notification import Notification
from domain.ports import NotificationChannel

SCOPE = "POST /api/v1/notifications"
Text = Annotated[str, msgspec.Meta(min_length=1, max_length=65_536)]
Subject = Annotated[str, msgspec.Meta(max_length=998)]  # RFC 5322's line limit
Recipient = Annotated[str, msgspec.Meta(max_length=4096)]


class SendNotificationCommand(msgspec.Struct, frozen=True, kw_only=True):
    """The seed's body: recipient, subject, message, channel; html, user_id, metadata optional."""

    channel: str
    recipient: Recipient
    message: Text
    subject: Subject | None = None
    html: Annotated[str, msgspec.Meta(max_length=262_144)] | None = None
    user_id: Annotated[str, msgspec.Meta(max_length=255)] | None = None
    metadata: dict[str, Any] = {}


class Sent(msgspec.Struct, frozen=True):
    notification: NotificationView
    replayed: bool = False


class SendNotification:
    def __init__(self, delivery: NotificationDelivery, idempotency: Idempotency) -> None:
        self._delivery = delivery
        self._idempotency = idempotency

    async def __call__(self, command: SendNotificationCommand, *, idempotency_key: str | None = None) -> Sent:
        """Validate, record, deliver (retrying transient failures) and store the outcome.

        Args:
            command: what to send, to whom, over which channel.
            idempotency_key: the client's key; a repeat with the same body replays the result.

        Returns:
            The notification as stored (status `sent` or `failed`, with every attempt), and
            whether it is a replay. Raises InvalidInput / UnknownFactoryKey (422) before anything
            is stored when the channel or recipient is not acceptable.
        """
        channel = self._delivery.channel_for(command.channel, command.recipient)
        if idempotency_key is None:
            return Sent(await self._send(command, channel))
        produced: list[NotificationView] = []

        async def produce(claim: Claim) -> Reply:
            if claim.resource_id:  # taken over from a request that died after recording it
                produced.append(view_of(await self._delivery.resume(claim.resource_id, channel, claim)))
            else:
                produced.append(await self._send(command, channel, claim))
            return Reply(201, msgspec.json.encode(produced[0]))

        response = await self._idempotency.run(SCOPE, idempotency_key, fingerprint(SCOPE, command), produce)
        if produced:
            return Sent(produced[0])
        return Sent(msgspec.json.decode(response.body, type=NotificationView), replayed=True)

    async def _send(
        self, command: SendNotificationCommand, channel: NotificationChannel, claim: Claim | None = None
    ) -> NotificationView:
        notification = Notification(
            channel=command.channel,
            recipient=command.recipient,
            message=command.message,
            subject=command.subject,
            html=command.html,
            user_id=command.user_id,
            metadata=dict(command.metadata),
        )
        return view_of(await self._delivery.deliver(notification, channel, claim))
