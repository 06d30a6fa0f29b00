"""The notification's new states (scheduled, suppressed, canceled, delivered, undelivered) and
the composer's screening: opt-outs, dedupe keys, caps and send_at, over in-memory fakes."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from application.notifications.compose import Safety
from application.notifications.scheduler import SendDueNotifications, run_scheduler
from application.notifications.send_notification import SendNotificationCommand
from domain.errors import IllegalTransition, InvalidInput
from domain.events import EventType
from domain.notification import Notification, NotificationStatus
from domain.preferences import Preferences
from domain.templates import Content, Template
from tests.fakes.notification_store import InMemoryUnitOfWork
from tests.fakes.notifications import ScriptedChannel, notification_kit

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def _sms(**kwargs) -> SendNotificationCommand:
    return SendNotificationCommand(channel="sms", recipient="+14155550123", **{"message": "m", **kwargs})


def test_a_receipt_applies_once_to_a_sent_notification_only():
    """delivered emits notification_delivered; a second receipt, or one for a notification
    not yet sent, changes nothing; undelivered emits notification_failed with the reason."""
    queued = Notification(channel="sms", recipient="+1", message="m")
    assert queued.record_receipt(True, NOW) is False and queued.events == []
    delivered = Notification(channel="sms", recipient="+1", message="m")
    delivered.mark_sent("SM1")
    assert delivered.record_receipt(True, NOW) is True
    assert delivered.status is NotificationStatus.DELIVERED and delivered.delivered_at == NOW
    assert delivered.record_receipt(False, NOW, "late failure") is False
    assert [e.type for e in delivered.events] == [EventType.NOTIFICATION_SENT, EventType.NOTIFICATION_DELIVERED]
    undelivered = Notification(channel="sms", recipient="+1", message="m")
    undelivered.mark_sent("SM2")
    undelivered.record_receipt(False, NOW, "twilio error 30003")
    event = undelivered.events[-1]
    assert (event.type, event.data["status"], event.data["reason"]) == (
        EventType.NOTIFICATION_FAILED,
        "undelivered",
        "twilio error 30003",
    )


def test_only_a_scheduled_notification_is_claimed_or_canceled():
    notification = Notification(channel="sms", recipient="+1", message="m")
    with pytest.raises(IllegalTransition):
        notification.cancel()
    notification.schedule(NOW)
    notification.cancel()
    with pytest.raises(IllegalTransition):
        notification.claim()
    assert notification.status is NotificationStatus.CANCELED and notification.events == []


async def test_an_opted_out_user_is_suppressed_without_a_send_or_an_event():
    sms = ScriptedChannel("sms")
    kit = notification_kit(sms)
    await kit.preferences.put(Preferences(user_id="u1", channels={"sms": False}))
    result = (await kit.send(_sms(user_id="u1"))).notification
    assert (result.status, sms.sent, kit.state.outbox) == ("suppressed", [], [])
    assert kit.state.notifications[result.id].reason == "the user opted out of the sms channel"
    assert (await kit.send(_sms(user_id="u2"))).notification.status == "sent"


async def test_a_non_optional_template_is_sent_despite_the_opt_out():
    sms = ScriptedChannel("sms")
    kit = notification_kit(sms)
    await kit.preferences.put(Preferences(user_id="u1", channels={"sms": False}))
    await kit.templates.put(Template(name="otp", channels={"sms": Content(text="Code {{ code }}")}, optional=False))
    command = SendNotificationCommand(
        channel="sms", recipient="+14155550123", template="otp", data={"code": "42"}, user_id="u1"
    )
    assert (await kit.send(command)).notification.status == "sent" and sms.sent[0].message == "Code 42"


async def test_dedupe_keys_and_the_cap_suppress_with_their_reason():
    kit = notification_kit(ScriptedChannel("sms"), safety=Safety(recipient_hourly_cap=3))
    statuses = [(await kit.send(_sms(dedupe_key="k"))).notification.status for _ in range(2)]
    statuses += [(await kit.send(_sms())).notification.status for _ in range(3)]
    assert statuses == ["sent", "suppressed", "sent", "sent", "suppressed"]


async def test_send_at_is_checked_then_the_scheduler_sends_it_when_due():
    """A scheduled notification waits; the scheduler claims it once due and sends it once."""
    sms = ScriptedChannel("sms")
    kit = notification_kit(sms)
    with pytest.raises(InvalidInput) as naive:
        await kit.send(_sms(send_at=datetime(2030, 1, 1)))
    assert naive.value.field == "send_at"
    due = datetime.now(UTC) + timedelta(seconds=60)
    scheduled = (await kit.send(_sms(send_at=due))).notification
    assert scheduled.status == "scheduled" and sms.sent == []
    clock = [due - timedelta(seconds=1)]
    scheduler = SendDueNotifications(lambda: InMemoryUnitOfWork(kit.state), kit.delivery, clock=lambda: clock[0])
    assert await scheduler() == 0
    clock[0] = due
    assert await scheduler() == 1 and await scheduler() == 0
    assert kit.state.notifications[scheduled.id].status is NotificationStatus.SENT and len(sms.sent) == 1


async def test_stopping_the_scheduler_lets_the_pass_in_progress_finish():
    """Shutdown waits for the sends already claimed instead of cancelling them half done."""
    started, finished = asyncio.Event(), []

    async def one_pass() -> int:
        started.set()
        await asyncio.sleep(0.2)
        finished.append(True)
        return 1

    resource = run_scheduler(one_pass, 60.0)
    task = await anext(resource)
    await started.wait()
    await resource.aclose()
    assert finished == [True] and task.done()
