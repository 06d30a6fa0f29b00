"""A multi-channel group's notifications, read back by group id on every engine (resuming a group)."""

import pytest

from domain.notification import Notification

pytestmark = pytest.mark.integration


async def test_in_group_returns_the_groups_notifications_oldest_first(uow):
    """Only the group's rows, in the order they were recorded."""
    first = Notification(channel="email", recipient="a@example.com", message="m", group_id="ntg_1")
    second = Notification(channel="sms", recipient="+14155550123", message="m", group_id="ntg_1")
    other = Notification(channel="email", recipient="b@example.com", message="m", group_id="ntg_2")
    for notification in (first, second, other):
        async with uow() as work:
            await work.notifications.add(notification)
            await work.commit()
    async with uow() as work:
        found = await work.notifications.in_group("ntg_1")
    assert [(n.id, n.channel) for n in found] == [(first.id, "email"), (second.id, "sms")]
