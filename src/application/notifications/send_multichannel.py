"""Send one message over several channels: to all of them, or down a fallback chain."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from application.idempotency import Claim, Idempotency, fingerprint
from application.notifications.compose import Composer, Draft
from application.notifications.delivery import NotificationDelivery
from application.notifications.send_notification import (
    Category,
    ChannelName,
    DedupeKey,
    Locale,
    Recipient,
    Subject,
    TemplateName,
    Text,
)
from application.notifications.views import NotificationView, view_of
from domain.ids import new_id
from domain.notification import Notification, NotificationStatus
from domain.ports import NotificationChannel

SCOPE = "multi-channel-notifications"  # the Idempotency-Key namespace


class ChannelTarget(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    channel: ChannelName
    recipient: Recipient


class SendMultiChannelCommand(msgspec.Struct, frozen=True, kw_only=True):
    """`all` sends on every channel; `first_success` tries them in order until one delivers."""

    targets: Annotated[list[ChannelTarget], msgspec.Meta(min_length=1, max_length=10)]
    message: Text | None = None
    subject: Subject | None = None
    html: str | None = None
    user_id: str | None = None
    metadata: dict[str, Any] = {}
    mode: Literal["all", "first_success"] = "all"
    template: TemplateName | None = None
    data: dict[str, Any] = {}
    locale: Locale | None = None
    category: Category | None = None
    send_at: datetime | None = None
    dedupe_key: DedupeKey | None = None


class ChannelOutcome(msgspec.Struct, frozen=True):
    channel: str
    recipient: str
    status: str  # the notification's status, or skipped (first_success stopped before it)
    notification: NotificationView | None = None


class MultiChannelResult(msgspec.Struct, frozen=True):
    group_id: str
    mode: str
    # sent: all tried channels (or the chain) delivered; partial; failed: none did;
    # scheduled; suppressed: every channel was (opt-outs, duplicates, caps)
    status: str
    delivered: int
    results: list[ChannelOutcome]


class MultiSent(msgspec.Struct, frozen=True):
    result: MultiChannelResult
    replayed: bool = False


class SendMultiChannel:
    def __init__(
        self, delivery: NotificationDelivery, idempotency: Idempotency, composer: Composer | None = None
    ) -> None:
        self._delivery = delivery
        self._idempotency = idempotency
        self._composer = composer or Composer()

    async def __call__(
        self, command: SendMultiChannelCommand, *, idempotency_key: str | None = None, operation: str = ""
    ) -> MultiSent:
        """Validate every target first (422 naming `channels.N.recipient`), then deliver.

        Args:
            command: the message, the per-channel recipients in order, and the mode.
            idempotency_key: the client's key; a repeat with the same body replays the result.
            operation: what the caller asked (method and path), part of the key's fingerprint.

        Returns:
            Each channel's outcome; partial success is a success (status `partial`).
        """
        channels = [
            self._delivery.channel_for(t.channel, t.recipient, field_prefix=f"channels.{i}.")
            for i, t in enumerate(command.targets)
        ]
        group_id = new_id("ntg")
        drafts = [
            await self._composer.compose(command, t.channel, t.recipient, prefix=f"channels.{i}.", group_id=group_id)
            for i, t in enumerate(command.targets)
        ]
        if idempotency_key is None:
            return MultiSent(await self._send(command, group_id, drafts, channels))

        async def produce(claim: Claim) -> MultiChannelResult:
            return await self._send(command, group_id, drafts, channels, claim)

        answer = await self._idempotency.run(
            SCOPE, idempotency_key, fingerprint(operation, command), produce, user_id=command.user_id
        )
        if answer.replay is not None:
            return MultiSent(msgspec.json.decode(answer.replay.body, type=MultiChannelResult), replayed=True)
        assert answer.result is not None
        return MultiSent(answer.result)

    async def _send(
        self,
        command: SendMultiChannelCommand,
        group_id: str,
        drafts: list[Draft],
        channels: list[NotificationChannel],
        claim: Claim | None = None,
    ) -> MultiChannelResult:
        """The key is `recorded` with the group id before any notification exists, and finished
        with the whole result. A retry that takes it over resumes the group: a target whose
        notification is already recorded is finished from it, the others are sent as usual."""
        claim = claim or Claim()
        earlier: list[Notification] = []
        if claim.resource_id:
            group_id = claim.resource_id
            earlier = await self._delivery.group(group_id)
            for draft in drafts:
                draft.notification.group_id = group_id
        else:
            await self._delivery.record(claim, group_id)

        async def one(draft: Draft, channel: NotificationChannel) -> ChannelOutcome:
            target = draft.notification
            found = next((n for n in earlier if (n.channel, n.recipient) == (target.channel, target.recipient)), None)
            if found is not None:
                earlier.remove(found)
                done = await self._delivery.finish(found, channel)
                return ChannelOutcome(done.channel, done.recipient, str(done.status), view_of(done))
            notification = await self._composer.screen(draft)
            done = await self._delivery.deliver(notification, channel)
            return ChannelOutcome(done.channel, done.recipient, str(done.status), view_of(done))

        pairs = list(zip(drafts, channels, strict=True))
        if command.mode == "all":
            results = list(await asyncio.gather(*(one(d, c) for d, c in pairs)))
        else:
            results = []  # a suppressed channel is passed over like a failed one
            for draft, channel in pairs:
                if any(r.status in DONE for r in results):
                    target = draft.notification
                    results.append(ChannelOutcome(target.channel, target.recipient, "skipped"))
                else:
                    results.append(await one(draft, channel))
        return MultiChannelResult(group_id, command.mode, _overall(command.mode, results), _delivered(results), results)


DONE = frozenset({NotificationStatus.SENT, NotificationStatus.SCHEDULED})


def _delivered(results: list[ChannelOutcome]) -> int:
    return sum(r.status == NotificationStatus.SENT for r in results)


def _overall(mode: str, results: list[ChannelOutcome]) -> str:
    tried = [r for r in results if r.status not in ("skipped", NotificationStatus.SUPPRESSED)]
    if not tried:
        return "suppressed"
    if all(r.status == NotificationStatus.SCHEDULED for r in tried):
        return "scheduled"
    delivered = _delivered(tried)
    if delivered == 0:
        return "failed"
    return "sent" if delivered == len(tried) or mode == "first_success" else "partial"
