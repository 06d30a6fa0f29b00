"""KafkaEventBus against a real Kafka-protocol broker (Tansu)."""

import asyncio
import socket
import uuid
from collections import defaultdict

import pytest
from aiokafka import AIOKafkaProducer

from adapters.events.delivery import HandlerDelivery
from adapters.memory.dead_letters import InMemoryDeadLetterStore
from domain.errors import EventBusUnavailable
from domain.events import decode_event
from entrypoints.problems import status_of
from tests.fakes.streaming import Recorder, make_event
from tests.integration.kafka.conftest import make_bus, read_topic


def _events(count: int, aggregates: int = 3, user_id: str = "user_a"):
    return [make_event(user_id=user_id, aggregate_id=f"pay_{i % aggregates}", seq=i) for i in range(count)]


async def test_every_published_event_reaches_the_topic_exactly_once(bus, kafka_bootstrap, topic):
    """30 events in three publishes are on the topic once each, keyed by aggregate id."""
    events = _events(30)
    for start in range(0, 30, 10):
        await bus.publish(events[start : start + 10])
    records = await read_topic(kafka_bootstrap, topic, expected=30)
    assert sorted(decode_event(r.value).event_id for r in records) == sorted(e.event_id for e in events)
    assert all(r.key.decode() == decode_event(r.value).aggregate_id for r in records)
    assert decode_event(records[0].value) in events  # the envelope round-trips unchanged


async def test_order_per_key_is_kept(bus, kafka_bootstrap, topic):
    """Events of one aggregate are read in the order they were published."""
    events = _events(40, aggregates=4)
    await bus.publish(events)
    per_key = defaultdict(list)
    for record in await read_topic(kafka_bootstrap, topic, expected=40):
        per_key[record.key.decode()].append(decode_event(record.value).data["seq"])
    assert len(per_key) == 4
    for key, seqs in per_key.items():
        assert seqs == sorted(seqs) and len(seqs) == 10, key


async def test_subscribers_of_different_groups_each_get_every_event(kafka_bootstrap, topic):
    """Two groups (two instances' fan-out) both receive all events."""
    bus = make_bus(kafka_bootstrap, topic)
    first, second = Recorder(), Recorder()
    bus.subscribe("realtime-a", first, from_beginning=False)
    bus.subscribe("realtime-b", second, from_beginning=False)
    await bus.start()
    try:
        await bus.wait_ready()
        events = _events(6)
        await bus.publish(events)
        ids = sorted(e.event_id for e in events)
        assert sorted(e.event_id for e in await first.wait_for(6)) == ids
        assert sorted(e.event_id for e in await second.wait_for(6)) == ids
    finally:
        await bus.stop()


async def test_committed_events_are_not_redelivered_to_the_group_after_a_restart(kafka_bootstrap, topic):
    """A new consumer of the same group after a restart gets only the events it had not seen."""
    group = f"analytics-{uuid.uuid4().hex[:6]}"
    first, batch1, batch2 = Recorder(), _events(5), _events(5)
    bus = make_bus(kafka_bootstrap, topic)
    bus.subscribe(group, first)
    await bus.start()
    await bus.wait_ready()
    await bus.publish(batch1)
    await first.wait_for(5)
    await bus.stop()
    publisher = make_bus(kafka_bootstrap, topic)
    await publisher.publish(batch2)
    second = Recorder()
    restarted = make_bus(kafka_bootstrap, topic)
    restarted.subscribe(group, second)
    await restarted.start()
    try:
        await second.wait_for(5)
        await asyncio.sleep(1.0)  # room for a wrongly redelivered event to show up
    finally:
        await restarted.stop()
        await publisher.stop()
    assert sorted(e.event_id for e in second.events) == sorted(e.event_id for e in batch2)


async def test_undecodable_messages_are_dead_lettered_and_failing_handlers_retried(bus, kafka_bootstrap, topic):
    """Garbage on the topic is dead-lettered as it is; a handler failing twice gets the event on
    its third try (and nothing of it is dead-lettered)."""
    failures = {"left": 2}
    received = Recorder()

    async def flaky(event):
        if failures["left"]:
            failures["left"] -= 1
            raise RuntimeError("projection temporarily down")
        await received(event)

    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
    await producer.start()
    await producer.send_and_wait(topic, b"not an envelope", key=b"pay_x")
    await producer.stop()
    group = f"g-{uuid.uuid4().hex[:6]}"
    bus.subscribe(group, flaky)  # a group started after start() runs too
    event = make_event()
    await bus.publish([event])
    assert [e.event_id for e in await received.wait_for(1)] == [event.event_id]
    [letter] = bus.delivery.dead_letters.letters
    assert (letter.consumer_group, letter.event_type, letter.envelope) == (group, None, b"not an envelope")


async def test_a_poison_event_is_dead_lettered_once_and_the_partition_moves_on(bus, kafka_bootstrap, topic):
    """A handler that always fails on one event: after its retries that event is dead-lettered,
    once, with the error and attempt count, and the next event of its partition flows."""
    good = Recorder()

    async def handler(event):
        if event.data.get("poison"):
            raise RuntimeError("cannot project this one")
        await good(event)

    group = f"g-{uuid.uuid4().hex[:6]}"
    bus.subscribe(group, handler)
    poison, fine = make_event(poison=True), make_event()  # same aggregate: same partition
    await bus.publish([poison, fine])
    assert [e.event_id for e in await good.wait_for(1)] == [fine.event_id]
    await asyncio.sleep(1.0)  # room for a wrong second dead-lettering to show up
    [letter] = bus.delivery.dead_letters.letters
    assert (letter.consumer_group, letter.event_id, letter.status) == (group, poison.event_id, "waiting")
    assert letter.attempts > 1 and "cannot project this one" in letter.error
    assert decode_event(letter.envelope) == poison


async def test_publish_raises_when_the_broker_is_unreachable_and_ping_fails(topic):
    """With no broker, start() survives and publish raises EventBusUnavailable (events stay put)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    bus = make_bus(f"127.0.0.1:{port}", topic)
    await bus.start()
    try:
        with pytest.raises(EventBusUnavailable) as raised:
            await bus.publish([make_event()])
        assert status_of(raised.value) == 503
        with pytest.raises(EventBusUnavailable):
            await bus.ping()
    finally:
        await bus.stop()


async def test_a_new_live_group_gets_every_event_published_after_start_even_before_it_is_assigned(
    kafka_bootstrap, topic
):
    """Events published before the bus starts are not replayed to a new live group; events
    published after start() but before the group holds its partitions all arrive (a group
    starting at the newest offset when assigned would miss them)."""
    publisher = make_bus(kafka_bootstrap, topic)
    await publisher.start()
    for event in _events(6):  # one batch each: Tansu reports a partition's end as its last
        await publisher.publish([event])  # batch's first offset + 1, too early after a batch
    await asyncio.sleep(1.0)  # the old events' timestamps lie before the consumer's start
    consumer = make_bus(kafka_bootstrap, topic, start_margin_seconds=0)
    received = Recorder()
    consumer.subscribe(f"realtime-{uuid.uuid4().hex[:6]}", received, from_beginning=False)
    await consumer.start()
    try:
        assert consumer.waiting_groups() != []  # Tansu takes about a second to assign
        early = _events(9)
        await publisher.publish(early)
        await consumer.wait_ready()
        assert consumer.waiting_groups() == []
        late = _events(3)
        await publisher.publish(late)
        await received.wait_for(12)
        await asyncio.sleep(1.0)  # room for an old event to show up wrongly
    finally:
        await consumer.stop()
        await publisher.stop()
    assert sorted(e.event_id for e in received.events) == sorted(e.event_id for e in early + late)


async def test_a_new_group_commits_its_start_position_so_a_restart_resumes_there(kafka_bootstrap, topic):
    """The start position is committed on assignment: an instance of the same group started
    later gets what was published in between, not only what comes after its own start."""
    group = f"receipts-{uuid.uuid4().hex[:6]}"
    first = make_bus(kafka_bootstrap, topic)
    first.subscribe(group, Recorder(), from_beginning=False)
    await first.start()
    await first.wait_ready()
    await first.stop()
    publisher = make_bus(kafka_bootstrap, topic)
    between = _events(4)
    await publisher.publish(between)
    await asyncio.sleep(1.0)
    second, received = make_bus(kafka_bootstrap, topic, start_margin_seconds=0), Recorder()
    second.subscribe(group, received, from_beginning=False)
    await second.start()
    try:
        await received.wait_for(4)
    finally:
        await second.stop()
        await publisher.stop()
    assert sorted(e.event_id for e in received.events) == sorted(e.event_id for e in between)


async def test_nothing_is_committed_past_an_event_that_could_not_even_be_dead_lettered(kafka_bootstrap, topic):
    """The dead-letter store is down when a poison event gives up: the group does not commit,
    gets the event again, dead-letters it once the store is back, and the next event flows."""

    class StoreDownTwice(InMemoryDeadLetterStore):
        failures = 2

        async def add(self, letter):
            if self.failures:
                self.failures -= 1
                raise ConnectionError("database down")
            return await super().add(letter)

    store, good = StoreDownTwice(), Recorder()
    delivery = HandlerDelivery(store, retry_base_seconds=0.02, retry_max_seconds=0.05, retry_for_seconds=0.2)
    bus = make_bus(kafka_bootstrap, topic, delivery=delivery)

    async def handler(event):
        if event.data.get("poison"):
            raise RuntimeError("cannot project this one")
        await good(event)

    bus.subscribe(f"g-{uuid.uuid4().hex[:6]}", handler)
    await bus.start()
    try:
        await bus.wait_ready()
        poison, fine = make_event(poison=True), make_event()  # same aggregate: same partition
        await bus.publish([poison, fine])
        assert [e.event_id for e in await good.wait_for(1, seconds=30)] == [fine.event_id]
    finally:
        await bus.stop()
    assert store.failures == 0
    assert [letter.event_id for letter in store.letters] == [poison.event_id]
