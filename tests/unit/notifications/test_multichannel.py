"""One message over several channels: every channel, or down a fallback chain."""

from __future__ import annotations

import pytest

from application.notifications.send_multichannel import ChannelTarget, SendMultiChannelCommand
from domain.errors import InvalidInput, UnknownFactoryKey
from entrypoints.problems import status_of
from tests.fakes.notifications import ScriptedChannel, notification_kit, permanent

TARGETS = [
    ChannelTarget("whatsapp", "+14155550123"),
    ChannelTarget("sms", "+14155550123"),
    ChannelTarget("email", "user@example.com"),
]


def _command(mode: str = "all", targets=TARGETS) -> SendMultiChannelCommand:
    return SendMultiChannelCommand(
        targets=targets, message="Your order shipped", subject="Order", user_id="user123", mode=mode
    )


def _channels(failing: set[str] = frozenset()) -> list[ScriptedChannel]:
    return [ScriptedChannel(n, [permanent()] if n in failing else []) for n in ("whatsapp", "sms", "email")]


async def test_all_mode_sends_on_every_channel_in_one_group():
    """Every channel gets the message; the notifications share one group id."""
    channels = _channels()
    result = (await notification_kit(*channels).send_multi(_command())).result
    assert result.status == "sent" and result.delivered == 3
    assert [r.status for r in result.results] == ["sent", "sent", "sent"]
    assert {r.notification.group_id for r in result.results} == {result.group_id}
    assert all(len(c.sent) == 1 for c in channels)


async def test_all_mode_with_some_failures_is_a_partial_success():
    """One channel refusing does not fail the others: status partial, per-channel outcomes."""
    kit = notification_kit(*_channels(failing={"sms"}))
    result = (await kit.send_multi(_command())).result
    assert result.status == "partial" and result.delivered == 2
    assert [r.status for r in result.results] == ["sent", "failed", "sent"]
    assert sorted(str(e.type) for e in kit.state.outbox) == [
        "notification_failed",
        "notification_sent",
        "notification_sent",
    ]


async def test_all_mode_with_every_channel_failing_is_failed():
    """Nothing delivered: status failed, each channel's error reported."""
    result = (await notification_kit(*_channels({"whatsapp", "sms", "email"})).send_multi(_command())).result
    assert result.status == "failed" and result.delivered == 0
    assert all(r.notification.error for r in result.results)


async def test_first_success_stops_at_the_first_channel_that_delivers():
    """whatsapp fails, sms delivers, email is skipped and never sent."""
    channels = _channels(failing={"whatsapp"})
    kit = notification_kit(*channels)
    result = (await kit.send_multi(_command("first_success"))).result
    assert [r.status for r in result.results] == ["failed", "sent", "skipped"]
    assert result.status == "sent" and result.delivered == 1
    assert result.results[2].notification is None and channels[2].sent == []
    assert len(kit.state.notifications) == 2


async def test_every_target_is_validated_before_anything_is_sent():
    """A bad recipient in position 1 is a 422 naming `channels.1.recipient`; nothing is sent."""
    channels = _channels()
    targets = [TARGETS[0], ChannelTarget("sms", "not-a-number"), TARGETS[2]]
    with pytest.raises(InvalidInput) as error:
        await notification_kit(*channels).send_multi(_command(targets=targets))
    assert error.value.field == "channels.1.recipient"
    assert all(c.sent == [] for c in channels)


async def test_an_unknown_channel_names_its_position():
    """`channels.0.channel` is named when the first channel does not exist."""
    with pytest.raises(UnknownFactoryKey) as error:
        await notification_kit(*_channels()).send_multi(_command(targets=[ChannelTarget("pigeon", "x")]))
    assert error.value.field == "channels.0.channel" and status_of(error.value) == 422
