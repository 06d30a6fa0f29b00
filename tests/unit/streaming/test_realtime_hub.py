"""The in-memory realtime hub: per-user fan-out and dropping of slow clients."""

from adapters.realtime.memory import InMemoryRealtimeHub
from domain.events import EventType
from tests.fakes.streaming import make_event


async def test_broadcast_reaches_every_connection_of_the_user_and_no_other_user():
    """An event of user A lands in both of A's queues and never in B's."""
    hub = InMemoryRealtimeHub(queue_size=4)
    a1, a2, b = hub.connect("A", "c1"), hub.connect("A", "c2"), hub.connect("B", "c3")
    event = make_event(user_id="A")
    await hub.broadcast(event)
    assert a1.queue.get_nowait() == event
    assert a2.queue.get_nowait() == event
    assert b.queue.empty()


async def test_event_without_user_reaches_nobody():
    """Events with no user (e.g. a system notification) are not pushed to anyone."""
    hub = InMemoryRealtimeHub()
    a = hub.connect("A", "c1")
    await hub.broadcast(make_event(user_id=None, type=EventType.NOTIFICATION_SENT))
    assert a.queue.empty()


async def test_a_full_queue_drops_only_that_client():
    """The client that stopped reading is dropped with a None marker; the other keeps getting events."""
    hub = InMemoryRealtimeHub(queue_size=2)
    slow, fast = hub.connect("A", "slow"), hub.connect("A", "fast")
    received = []
    for i in range(4):
        await hub.broadcast(make_event(user_id="A", seq=i))
        received.append(fast.queue.get_nowait().data["seq"])
    assert received == [0, 1, 2, 3]
    assert slow.dropped and not fast.dropped
    assert slow.queue.get_nowait() is None and slow.queue.empty()
    assert hub.connections("A") == 1


async def test_disconnect_stops_delivery():
    """A disconnected connection receives nothing more."""
    hub = InMemoryRealtimeHub()
    a = hub.connect("A", "c1")
    hub.disconnect(a)
    await hub.broadcast(make_event(user_id="A"))
    assert a.queue.empty() and hub.connections("A") == 0


async def test_a_redelivered_event_is_pushed_once():
    """The same event_id twice (at-least-once bus) reaches the client once; older ids are
    forgotten past the remembered window."""
    hub = InMemoryRealtimeHub(queue_size=8, remember=2)
    a = hub.connect("A", "c1")
    first, second, third = (make_event(user_id="A") for _ in range(3))
    for event in (first, first, second, third, first):
        await hub.broadcast(event)
    assert [a.queue.get_nowait() for _ in range(a.queue.qsize())] == [first, second, third, first]
