"""Delivery retries with a scripted channel and a recorded (not real) sleep."""

from __future__ import annotations

import pytest

from application.notifications.send_notification import SendNotificationCommand
from domain.errors import InvalidInput, UnknownFactoryKey
from domain.ports import DeliveryResult
from domain.retry import RetryPolicy
from entrypoints.problems import status_of
from tests.fakes.notifications import ScriptedChannel, notification_kit, permanent, transient


def _command(**overrides) -> SendNotificationCommand:
    fields = {
        "channel": "email",
        "recipient": "user@example.com",
        "subject": "Test",
        "message": "Test message",
        **overrides,
    }
    return SendNotificationCommand(**fields)


def _event_types(kit) -> list[str]:
    return [str(e.type) for e in kit.state.outbox]


async def test_a_first_time_success_records_one_attempt_and_notification_sent():
    """Delivered at once: status sent, one attempt, the provider id, one event, no waiting."""
    kit = notification_kit(ScriptedChannel("email", [DeliveryResult("msg-1")]))
    notification = (await kit.send(_command(user_id="user123"))).notification
    assert notification.status == "sent" and notification.provider_message_id == "msg-1"
    assert [(a.number, a.outcome) for a in notification.attempts] == [(1, "sent")]
    assert kit.sleep.delays == []
    assert _event_types(kit) == ["notification_sent"]
    assert kit.state.outbox[0].user_id == "user123"


async def test_transient_failures_are_retried_with_exponential_backoff():
    """Two transient failures then success: waits grow base * 2**n, three attempts recorded."""
    channel = ScriptedChannel("email", [transient(), transient(), DeliveryResult("m")])
    kit = notification_kit(channel, policy=RetryPolicy(max_attempts=4, base_delay=0.5, max_delay=10, jitter=False))
    notification = (await kit.send(_command())).notification
    assert [a.outcome for a in notification.attempts] == ["transient_error", "transient_error", "sent"]
    assert kit.sleep.delays == [0.5, 1.0]
    assert notification.status == "sent" and len(channel.sent) == 3


async def test_jittered_waits_stay_within_the_exponential_ceiling():
    """With jitter each wait is random but never above base * 2**(attempt-1)."""
    kit = notification_kit(
        ScriptedChannel("email", [transient()] * 3), policy=RetryPolicy(max_attempts=4, base_delay=1.0, max_delay=10)
    )
    await kit.send(_command())
    assert len(kit.sleep.delays) == 3
    assert all(0 <= d <= c for d, c in zip(kit.sleep.delays, [1.0, 2.0, 4.0], strict=True))


async def test_retries_stop_at_the_limit_and_the_notification_fails():
    """Always transient: max_attempts attempts, then failed with the last error."""
    kit = notification_kit(ScriptedChannel("email", [transient(f"503 #{n}") for n in range(5)]))
    notification = (await kit.send(_command())).notification
    assert notification.status == "failed" and notification.error == "503 #2"
    assert len(notification.attempts) == 3 and len(kit.sleep.delays) == 2
    assert _event_types(kit) == ["notification_failed"]


async def test_a_permanent_failure_is_not_retried():
    """4xx-like refusal: one attempt, no wait, failed, notification_failed."""
    channel = ScriptedChannel("email", [permanent("400 invalid recipient")])
    kit = notification_kit(channel)
    notification = (await kit.send(_command())).notification
    assert [a.outcome for a in notification.attempts] == ["permanent_error"]
    assert notification.status == "failed" and notification.error == "400 invalid recipient"
    assert kit.sleep.delays == [] and len(channel.sent) == 1
    assert _event_types(kit) == ["notification_failed"]


async def test_retry_after_is_waited_exactly():
    """The provider's Retry-After replaces the computed backoff."""
    kit = notification_kit(ScriptedChannel("email", [transient("429", retry_after=3.0)]))
    notification = (await kit.send(_command())).notification
    assert kit.sleep.delays == [3.0] and notification.status == "sent"


async def test_a_retry_after_longer_than_the_longest_wait_fails_without_retrying_early():
    """Retrying before the provider's Retry-After would not honour it: fail now instead."""
    kit = notification_kit(ScriptedChannel("email", [transient("429", retry_after=60)]))
    notification = (await kit.send(_command())).notification
    assert notification.status == "failed" and kit.sleep.delays == []
    assert len(notification.attempts) == 1


async def test_an_unexpected_adapter_error_is_recorded_and_retried():
    """A crash inside an adapter is recorded as a transient attempt, not a 500."""
    kit = notification_kit(ScriptedChannel("email", [RuntimeError("boom"), DeliveryResult("m")]))
    notification = (await kit.send(_command())).notification
    assert notification.attempts[0].error == "RuntimeError: boom"
    assert notification.status == "sent"


async def test_the_stored_notification_matches_the_response():
    """What the use case returns is what the unit of work committed."""
    kit = notification_kit(ScriptedChannel("email", [transient(), DeliveryResult("m")]))
    notification = (await kit.send(_command(metadata={"order": "A1"}))).notification
    stored = kit.state.notifications[notification.id]
    assert stored.status == "sent" and len(stored.attempts) == 2
    assert stored.metadata == {"order": "A1"} and stored.events == []


async def test_an_unknown_channel_is_a_422_listing_the_known_ones_and_stores_nothing():
    """`fax` is not a channel: 422 naming `channel` with the known names; nothing recorded."""
    kit = notification_kit(ScriptedChannel("email"), ScriptedChannel("sms"))
    with pytest.raises(UnknownFactoryKey) as error:
        await kit.send(_command(channel="fax"))
    assert status_of(error.value) == 422 and error.value.field == "channel"
    assert error.value.extra["known"] == ["email", "sms"]
    assert kit.state.notifications == {}


async def test_an_invalid_recipient_is_a_422_and_nothing_is_sent():
    """The channel's recipient rule runs before anything is stored or sent."""
    channel = ScriptedChannel("sms")
    kit = notification_kit(channel)
    with pytest.raises(InvalidInput) as error:
        await kit.send(_command(channel="sms", recipient="user@example.com"))
    assert error.value.field == "recipient"
    assert channel.sent == [] and kit.state.notifications == {}
