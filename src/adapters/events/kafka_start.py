"""Where a new consumer group of this instance starts: at the instance's start, never later."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field

import structlog
from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition

log = structlog.get_logger("events.kafka")


@dataclass
class StartPoint:
    """Where this instance's new groups begin: its start time, and the end of each partition
    as read at start (before the instance reports ready), whichever is earlier."""

    timestamp_ms: int
    offsets: dict[TopicPartition, int] = field(default_factory=dict)


class Positioning(ConsumerRebalanceListener):
    """On every assignment, a partition this group never committed is positioned at the start
    point and that offset committed at once, so the group (and any instance that takes the
    partition over later) resumes there instead of at whatever is newest by then."""

    def __init__(self, consumer: AIOKafkaConsumer, group: str, start: StartPoint | None) -> None:
        self._consumer = consumer
        self._group = group
        self._start = start
        self.assigned = asyncio.Event()
        self.error: Exception | None = None

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        return None

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        try:
            if self._start is not None:
                await self._position(assigned)
        except Exception as exc:  # aiokafka would only log it: the consume loop raises it instead
            self.error = exc
        self.assigned.set()

    async def _position(self, assigned: set[TopicPartition]) -> None:
        consumer, start = self._consumer, self._start
        assert start is not None, "positioning runs only after the start point was taken"
        new = [tp for tp in assigned if await consumer.committed(tp) is None]
        if not new:
            return
        ends = await consumer.end_offsets(new)  # before the lookup by time: see below
        found = await consumer.offsets_for_times(dict.fromkeys(new, start.timestamp_ms))
        offsets = {}
        for tp in new:
            hit = found.get(tp)
            # No message at or after the start time (Tansu answers offset 0 with timestamp -1
            # instead of none): every message from `ends` on came later than the lookup, so
            # none is missed by starting there. The start offsets bound it for clocks that run
            # ahead; an end offset read too early (Tansu's after a batch) only means replays.
            offset = hit.offset if hit is not None and hit.timestamp >= 0 else ends[tp]
            offsets[tp] = min(offset, start.offsets.get(tp, offset))
            consumer.seek(tp, offsets[tp])
        await consumer.commit(offsets)
        log.info("consumer_positioned", group=self._group, offsets={f"{tp.partition}": o for tp, o in offsets.items()})


async def end_offsets(
    bootstrap: str, client_id: str, partitions: list[TopicPartition], request_timeout_ms: int
) -> dict[TopicPartition, int]:
    """The end of each partition now: whatever is published later lies at or after it."""
    reader = AIOKafkaConsumer(bootstrap_servers=bootstrap, client_id=client_id, request_timeout_ms=request_timeout_ms)
    try:
        await reader.start()
        return await reader.end_offsets(partitions)
    finally:
        with contextlib.suppress(Exception):
            await reader.stop()
