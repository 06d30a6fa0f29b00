"""Send one message over several channels: to all of them, or down a fallback chain."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any, Literal

import msgspec

from application.idempotency import Claim, Idempotency, Reply, fingerprint
from application.notification_delivery import NotificationDelivery
from application.notification_views import NotificationView, view_of
from application.send_notification import Recipient, Subject, Text
from domain.ids import new_id
from domain.notification import Notification, NotificationStatus
from domain.ports import NotificationChannel

SCOPE = "POST /api/v1/notifications/multi-channel"


class ChannelTarget(msgspec.Struct, frozen=True):
    channel: str
    recipient: Recipient


class SendMultiChannelCommand(msgspec.Struct, frozen=True, kw_only=True):
    """`all` sends on every channel; `first_success` tries them in order until one delivers."""

    targets: Annotated[list[ChannelTarget], msgspec.Meta(min_length=1, max_length=10)]
    message: Text
    subject: Subject | None = None
    html: str | None = None
    user_id: str | None = None
    metadata: dict[str, Any] = {}
    mode: Literal["all", "first_success"] = "all"


class ChannelOutcome(msgspec.Struct, frozen=True):
    channel: str
    recipient: str
    status: str  # sent, failed, or skipped (first_success stopped before reaching it)
    notification: NotificationView | None = None


class MultiChannelResult(msgspec.Struct, frozen=True):
    group_id: str
    mode: str
    status: str  # sent: all tried channels (or the chain) delivered; partial; failed: none did
    delivered: int
    results: list[ChannelOutcome]


class MultiSent(msgspec.Struct, frozen=True):
    result: MultiChannelResult
    replayed: bool = False


class SendMultiChannel:
    def __init__(self, delivery: NotificationDelivery, idempotency: Idempotency) -> None:
        self._delivery = delivery
        self._idempotency = idempotency

    async def __call__(self, command: SendMultiChannelCommand, *, idempotency_key: str | None = None) -> MultiSent:
        """Validate every target first (422 naming `channels.N.recipient`), then deliver.

        Args:
            command: the message, the per-channel recipients in order, and the mode.
            idempotency_key: the client's key; a repeat with the same body replays the result.

        Returns:
            Each channel's outcome; partial success is a success (status `partial`).
        """
        channels = [
            self._delivery.channel_for(t.channel, t.recipient, field_prefix=f"channels.{i}.")
            for i, t in enumerate(command.targets)
        ]
        if idempotency_key is None:
            return MultiSent(await self._send(command, channels))
        produced: list[MultiChannelResult] = []

        async def produce(claim: Claim) -> Reply:
            produced.append(await self._send(command, channels, claim))
            return Reply(201, msgspec.json.encode(produced[0]))

        response = await self._idempotency.run(SCOPE, idempotency_key, fingerprint(SCOPE, command), produce)
        if produced:
            return MultiSent(produced[0])
        return MultiSent(msgspec.json.decode(response.body, type=MultiChannelResult), replayed=True)

    async def _send(
        self, command: SendMultiChannelCommand, channels: list[NotificationChannel], claim: Claim | None = None
    ) -> MultiChannelResult:
        """The key is `recorded` with the group id before any notification exists, and finished
        with the whole result. A retry that takes it over resumes the group: a target whose
        notification is already recorded is finished from it, the others are sent as usual."""
        claim = claim or Claim()
        earlier: list[Notification] = []
        if claim.resource_id:
            group_id = claim.resource_id
            earlier = await self._delivery.group(group_id)
        else:
            group_id = new_id("ntg")
            await self._delivery.record(claim, group_id)

        async def one(target: ChannelTarget, channel: NotificationChannel) -> ChannelOutcome:
            found = next((n for n in earlier if (n.channel, n.recipient) == (target.channel, target.recipient)), None)
            if found is not None:
                earlier.remove(found)
                done = await self._delivery.finish(found, channel)
                return ChannelOutcome(target.channel, target.recipient, str(done.status), view_of(done))
            notification = Notification(
                channel=target.channel,
                recipient=target.recipient,
                message=command.message,
                subject=command.subject,
                html=command.html,
                user_id=command.user_id,
                group_id=group_id,
                metadata=dict(command.metadata),
            )
            done = await self._delivery.deliver(notification, channel)
            return ChannelOutcome(target.channel, target.recipient, str(done.status), view_of(done))

        pairs = list(zip(command.targets, channels, strict=True))
        if command.mode == "all":
            results = list(await asyncio.gather(*(one(t, c) for t, c in pairs)))
        else:
            results = []
            for target, channel in pairs:
                if any(r.status == NotificationStatus.SENT for r in results):
                    results.append(ChannelOutcome(target.channel, target.recipient, "skipped"))
                else:
                    results.append(await one(target, channel))
        delivered = sum(r.status == NotificationStatus.SENT for r in results)
        tried = sum(r.status != "skipped" for r in results)
        status = (
            "failed"
            if delivered == 0
            else "sent"
            if delivered == tried or command.mode == "first_success"
            else "partial"
        )
        return MultiChannelResult(group_id, command.mode, status, delivered, results)
