"""Send one notification over one channel, synchronously, with retries and an Idempotency-Key."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec

from application.idempotency import Claim, Idempotency, fingerprint
from application.input_text import NO_CONTROL
from application.notifications.compose import Composer, Draft
from application.notifications.delivery import NotificationDelivery
from application.notifications.views import NotificationView, view_of
from domain.ports import NotificationChannel

SCOPE = "notifications"  # the Idempotency-Key namespace
Text = Annotated[str, msgspec.Meta(min_length=1, max_length=65_536)]
Subject = Annotated[str, msgspec.Meta(max_length=998, pattern=NO_CONTROL)]  # RFC 5322's line limit
Recipient = Annotated[str, msgspec.Meta(max_length=4096, pattern=NO_CONTROL)]
ChannelName = Annotated[str, msgspec.Meta(max_length=64, pattern=NO_CONTROL)]
UserId = Annotated[str, msgspec.Meta(max_length=255, pattern=NO_CONTROL)]
TemplateName = Annotated[str, msgspec.Meta(min_length=1, max_length=128, pattern=NO_CONTROL)]
Locale = Annotated[str, msgspec.Meta(min_length=2, max_length=35, pattern=NO_CONTROL)]
Category = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
DedupeKey = Annotated[str, msgspec.Meta(min_length=1, max_length=255, pattern=NO_CONTROL)]


class SendNotificationCommand(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The seed's body: recipient, subject, message, channel; html, user_id, metadata optional.
    Or `template` with its `data` (and a `locale`) instead of subject/message/html; `send_at`
    schedules it; `dedupe_key` suppresses a repeat; `category` is what users can opt out of."""

    channel: ChannelName
    recipient: Recipient
    message: Text | None = None
    subject: Subject | None = None
    html: Annotated[str, msgspec.Meta(max_length=262_144)] | None = None
    user_id: UserId | None = None
    metadata: dict[str, Any] = {}
    template: TemplateName | None = None
    data: dict[str, Any] = {}
    locale: Locale | None = None
    category: Category | None = None
    send_at: datetime | None = None
    dedupe_key: DedupeKey | None = None


class Sent(msgspec.Struct, frozen=True):
    notification: NotificationView
    replayed: bool = False


class SendNotification:
    def __init__(
        self, delivery: NotificationDelivery, idempotency: Idempotency, composer: Composer | None = None
    ) -> None:
        self._delivery = delivery
        self._idempotency = idempotency
        self._composer = composer or Composer()

    async def __call__(
        self, command: SendNotificationCommand, *, idempotency_key: str | None = None, operation: str = ""
    ) -> Sent:
        """Validate, record, deliver (retrying transient failures) and store the outcome.

        Args:
            command: what to send, to whom, over which channel.
            idempotency_key: the client's key; a repeat with the same body replays the result.
            operation: what the caller asked (method and path), part of the key's fingerprint.

        Returns:
            The notification as stored (status `sent` or `failed`, with every attempt;
            `scheduled` or `suppressed` with its reason), and whether it is a replay. Raises
            InvalidInput / UnknownFactoryKey (422) before anything is stored when the channel,
            recipient, template, data or send_at is not acceptable.
        """
        channel = self._delivery.channel_for(command.channel, command.recipient)
        draft = await self._composer.compose(command, command.channel, command.recipient)
        if idempotency_key is None:
            return Sent(await self._send(draft, channel))

        async def produce(claim: Claim) -> NotificationView:
            if claim.resource_id:  # taken over from a request that died after recording it
                return view_of(await self._delivery.resume(claim.resource_id, channel, claim))
            return await self._send(draft, channel, claim)

        answer = await self._idempotency.run(
            SCOPE, idempotency_key, fingerprint(operation, command), produce, user_id=command.user_id
        )
        if answer.replay is not None:
            return Sent(msgspec.json.decode(answer.replay.body, type=NotificationView), replayed=True)
        assert answer.result is not None
        return Sent(answer.result)

    async def _send(self, draft: Draft, channel: NotificationChannel, claim: Claim | None = None) -> NotificationView:
        notification = await self._composer.screen(draft)
        return view_of(await self._delivery.deliver(notification, channel, claim))
