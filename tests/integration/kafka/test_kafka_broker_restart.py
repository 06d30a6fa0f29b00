"""At least once across a broker outage: the relay retries, nothing is lost, duplicates share ids.

Tansu keeps its log in memory, so a restarted broker starts empty: what was on the topic before
the stop is read before the stop, what the relay sends after the restart is read after it.
"""

import asyncio
from collections import Counter, defaultdict

from domain.events import decode_event
from tests.fakes.streaming import ListOutbox, make_event
from tests.integration.kafka.conftest import broker, make_bus, read_topic


class Relay:
    """The outbox relay's contract in miniature: publish a batch, mark it sent only after."""

    def __init__(self, bus, outbox: ListOutbox, batch: int = 5) -> None:
        self.bus, self.outbox, self.batch = bus, outbox, batch
        self.failures = 0
        self.failed_twice = asyncio.Event()
        self.lose_next_mark = False  # a crash between publish and mark_sent

    async def step(self) -> bool:
        events = await self.outbox.unsent(self.batch)
        if not events:
            return False
        try:
            await self.bus.publish(events)
        except Exception:
            self.failures += 1
            if self.failures >= 2:
                self.failed_twice.set()
            await asyncio.sleep(0.2)
            return True
        if self.lose_next_mark:
            self.lose_next_mark = False
        else:
            await self.outbox.mark_sent([e.event_id for e in events])
        return True

    async def drain(self) -> None:
        while await self.step():
            pass


async def test_no_event_is_lost_across_a_broker_stop_and_restart(private_broker):
    """40 events: 15 before the stop, failed publishes during it, the rest after the restart."""
    bootstrap = f"127.0.0.1:{private_broker}"
    events = [make_event(aggregate_id=f"pay_{i % 4}", seq=i) for i in range(40)]
    outbox = ListOutbox(events)
    bus = make_bus(bootstrap, "factory-events", request_timeout_ms=1500)
    await bus.start()
    relay = Relay(bus, outbox)
    try:
        for _ in range(3):
            await relay.step()
        assert len(outbox.sent) == 15
        before = await read_topic(bootstrap, "factory-events", expected=15)

        await broker("stop", private_broker)
        draining = asyncio.create_task(relay.drain())
        async with asyncio.timeout(30):
            await relay.failed_twice.wait()
        assert len(outbox.sent) == 15  # nothing is marked sent while the broker is down
        relay.lose_next_mark = True  # and the first publish after the restart is sent twice
        await broker("start", private_broker)
        async with asyncio.timeout(60):
            await draining
    finally:
        await bus.stop()
    assert len(outbox.sent) == 40
    after = await read_topic(bootstrap, "factory-events", expected=30)

    seen = [decode_event(r.value) for r in before + after]
    assert {e.event_id for e in seen} == {e.event_id for e in events}
    copies = Counter(e.event_id for e in seen)
    duplicated = [e for e in seen if copies[e.event_id] > 1]
    assert duplicated, "the publish whose mark was lost should be on the topic twice"
    originals = {e.event_id: e for e in events}
    assert all(e == originals[e.event_id] for e in duplicated)
    per_key = defaultdict(list)
    for record in after:
        per_key[record.key.decode()].append(decode_event(record.value).data["seq"])
    for seqs in per_key.values():  # a re-sent batch repeats in order, after its first copy
        first_copies = list(dict.fromkeys(seqs))
        assert first_copies == sorted(first_copies)
