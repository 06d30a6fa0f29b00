"""A keyed notification whose request died after recording it is resumed by the retry."""

from __future__ import annotations

import asyncio

import pytest

from application.notifications.send_multichannel import SCOPE as MULTI_SCOPE
from application.notifications.send_multichannel import ChannelTarget, SendMultiChannelCommand
from application.notifications.send_notification import SCOPE, SendNotificationCommand
from domain.errors import IdempotencyKeyInFlight
from domain.ports import DeliveryResult, OutgoingMessage
from tests.fakes.notifications import ScriptedChannel, notification_kit
from tests.fakes.payments import until


class GatedChannel(ScriptedChannel):
    """Holds each send until the test opens the gate."""

    def __init__(self, name: str = "email") -> None:
        super().__init__(name)
        self.gate: asyncio.Event | None = asyncio.Event()

    async def send(self, message: OutgoingMessage) -> DeliveryResult:
        self.sent.append(message)
        if self.gate is not None:
            await self.gate.wait()
        return DeliveryResult(f"msg-{len(self.sent)}")


async def test_a_queued_notification_is_sent_by_the_retry_that_takes_its_key_over():
    """409 while the dead request's lock holds; then the same notification (not a new one) is
    delivered and answered, and replayed after that."""
    channel = GatedChannel()
    kit = notification_kit(channel)
    command = SendNotificationCommand(channel="email", recipient="ada@example.com", message="Hello")
    dying = asyncio.create_task(kit.send(command, idempotency_key="n-1"))
    await until(lambda: len(channel.sent) == 1)
    dying.cancel()
    with pytest.raises(asyncio.CancelledError):
        await dying
    record = kit.state.keys[(SCOPE, "n-1")]
    record.locked = True  # a SIGKILL unlocks nothing
    with pytest.raises(IdempotencyKeyInFlight):
        await kit.send(command, idempotency_key="n-1")
    record.locked = False  # the lock expired
    channel.gate = None
    sent = await kit.send(command, idempotency_key="n-1")
    assert sent.notification.id == record.resource_id and sent.notification.status == "sent"
    assert list(kit.state.notifications) == [record.resource_id]
    replay = await kit.send(command, idempotency_key="n-1")
    assert replay.replayed and replay.notification == sent.notification


async def test_a_multi_channel_retry_resumes_the_group_without_resending_what_was_sent():
    """The group id is recorded before any notification; the retry that takes the key over
    finds the email already sent (not sent again) and sends the SMS still queued."""
    email, sms = ScriptedChannel("email"), GatedChannel("sms")
    kit = notification_kit(email, sms)
    command = SendMultiChannelCommand(
        targets=[ChannelTarget("email", "ada@example.com"), ChannelTarget("sms", "+14155550123")], message="Hi"
    )
    dying = asyncio.create_task(kit.send_multi(command, idempotency_key="g-1"))
    await until(lambda: len(email.sent) == 1 and len(sms.sent) == 1)
    dying.cancel()
    with pytest.raises(asyncio.CancelledError):
        await dying
    record = kit.state.keys[(MULTI_SCOPE, "g-1")]
    assert record.resource_id is not None and not record.locked  # recorded, let go on the way out
    sms.gate = None
    result = (await kit.send_multi(command, idempotency_key="g-1")).result
    assert result.group_id == record.resource_id and result.status == "sent"
    assert [r.status for r in result.results] == ["sent", "sent"]
    assert (len(email.sent), len(sms.sent)) == (1, 2) and len(kit.state.notifications) == 2
    assert (await kit.send_multi(command, idempotency_key="g-1")).replayed
