"""Handlers that keep failing: retried, then dead-lettered, never skipped; and replayed later."""

from __future__ import annotations

import pytest

from adapters.events.delivery import HandlerDelivery
from adapters.events.memory import InMemoryEventBus
from adapters.memory.dead_letters import InMemoryDeadLetterStore
from application.events.dead_letters import ListDeadLetters, ReplayDeadLetters
from domain.errors import InvalidInput, NotFound
from domain.events import decode_event
from tests.fakes.metrics import RecordingMetrics
from tests.fakes.streaming import Recorder, make_event


def _delivery(store=None, metrics=None) -> HandlerDelivery:
    return HandlerDelivery(
        store or InMemoryDeadLetterStore(),
        retry_base_seconds=0.001,
        retry_max_seconds=0.004,
        retry_for_seconds=0.05,
        metrics=metrics,
    )


class Flaky:
    """Fails its first `failures` calls, then records what it gets."""

    def __init__(self, failures: int) -> None:
        self.failures, self.calls, self.handled = failures, 0, Recorder()

    async def __call__(self, event) -> None:
        self.calls += 1
        if self.calls <= self.failures:
            raise ConnectionError("redis down")
        await self.handled(event)


class BrokenStore(InMemoryDeadLetterStore):
    async def add(self, letter):
        raise ConnectionError("database down too")


async def test_a_handler_that_recovers_within_the_retry_window_handles_the_event_once():
    """Two failures, then success: handled once, nothing dead-lettered."""
    bus, handler = InMemoryEventBus(_delivery()), Flaky(failures=2)
    bus.subscribe("receipts", handler)
    event = make_event()
    await bus.publish([event])
    assert [e.event_id for e in handler.handled.events] == [event.event_id]
    assert bus.delivery.dead_letters.letters == []


async def test_a_handler_that_keeps_failing_is_retried_then_dead_lettered_and_the_others_still_get_the_event():
    """The failing group's event lands in dead letters with the envelope, error and attempt
    count; the metric counts it; another group and the next event are handled as usual."""
    metrics = RecordingMetrics()
    bus, failing, other = InMemoryEventBus(_delivery(metrics=metrics)), Flaky(failures=10**6), Recorder()
    bus.subscribe("receipts", failing)
    bus.subscribe("analytics", other)
    first, second = make_event(seq=1), make_event(seq=2)
    await bus.publish([first, second])
    assert [e.event_id for e in other.events] == [first.event_id, second.event_id]
    letters = bus.delivery.dead_letters.letters
    assert [(x.consumer_group, x.event_id, x.status) for x in letters] == [
        ("receipts", first.event_id, "waiting"),
        ("receipts", second.event_id, "waiting"),
    ]
    assert all(x.attempts > 1 and x.error == "ConnectionError: redis down" for x in letters)
    assert decode_event(letters[0].envelope) == first
    assert metrics.dead_letters == ["receipts", "receipts"] and metrics.waiting[-1] == 2


async def test_when_even_the_dead_letter_store_fails_publish_raises_so_the_relay_keeps_the_event():
    """Neither handled nor dead-lettered: the bus must not move past it."""
    bus = InMemoryEventBus(_delivery(BrokenStore()))
    bus.subscribe("receipts", Flaky(failures=10**6))
    with pytest.raises(ConnectionError):
        await bus.publish([make_event()])


async def test_the_same_event_dead_lettered_again_by_its_group_stays_one_record():
    """A redelivered poison event (no commit after the first dead-lettering) adds attempts to
    the existing record instead of a second one."""
    delivery = _delivery()
    event = make_event()
    await delivery.deliver("analytics", Flaky(failures=10**6), event)
    first_attempts = delivery.dead_letters.letters[0].attempts
    await delivery.deliver("analytics", Flaky(failures=10**6), event)
    [letter] = delivery.dead_letters.letters
    assert letter.attempts > first_attempts


async def test_replay_hands_waiting_letters_to_their_group_once_and_marks_them_replayed():
    """After the outage a replay handles each letter; a second replay finds nothing waiting;
    letters of groups without a handler here are skipped, not lost."""
    store, metrics = InMemoryDeadLetterStore(), RecordingMetrics()
    delivery = _delivery(store)
    events = [make_event(seq=i) for i in range(3)]
    for event in events:
        await delivery.deliver("receipts", Flaky(failures=10**6), event)
    await delivery.deliver("realtime-abc", Flaky(failures=10**6), make_event())
    recovered = Recorder()
    replay = ReplayDeadLetters(store, {"receipts": recovered}, metrics)
    outcomes = await replay()
    assert [o.outcome for o in outcomes] == ["replayed", "replayed", "replayed", "skipped"]
    assert [e.event_id for e in recovered.events] == [e.event_id for e in events]
    assert await replay() == [outcomes[-1]]  # only the skipped one is still waiting
    assert len(recovered.events) == 3 and metrics.waiting[-1] == 1
    page = await ListDeadLetters(store)(include_replayed=True)
    assert [v.status for v in page.items] == ["replayed"] * 3 + ["waiting"] and page.waiting == 1
    assert page.items[0].envelope["event_id"] == events[0].event_id


async def test_a_failed_replay_keeps_the_letter_waiting_with_the_new_error():
    """Still down: the replay reports failed, the letter waits with one more attempt."""
    store = InMemoryDeadLetterStore()
    await _delivery(store).deliver("receipts", Flaky(failures=10**6), make_event())
    before = store.letters[0].attempts
    [outcome] = await ReplayDeadLetters(store, {"receipts": Flaky(failures=1)})(1)
    assert outcome.outcome == "failed" and "redis down" in outcome.detail
    assert (store.letters[0].status, store.letters[0].attempts) == ("waiting", before + 1)
    with pytest.raises(NotFound):
        await ReplayDeadLetters(store, {})(99)
    with pytest.raises(InvalidInput):
        await ListDeadLetters(store)(limit=0)
