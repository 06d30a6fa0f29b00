"""A keyed notification whose request died after recording it is resumed by the retry."""

from __future__ import annotations

import asyncio

import pytest

from application.send_notification import SCOPE, SendNotificationCommand
from domain.errors import IdempotencyKeyInFlight
from domain.ports import DeliveryResult, OutgoingMessage
from tests.fakes.notifications import ScriptedChannel, notification_kit
from tests.fakes.payments import until


class GatedChannel(ScriptedChannel):
    """Holds each send until the test opens the gate."""

    def __init__(self) -> None:
        super().__init__("email")
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
