"""One consumer-group member of the Kafka bus: decode, hand to the handler, commit after it."""

from __future__ import annotations

import asyncio
import contextlib

import msgspec
import structlog
from aiokafka import AIOKafkaConsumer, ConsumerRecord

from adapters.events.delivery import HandlerDelivery
from adapters.events.kafka_start import Positioning, StartPoint
from domain.events import decode_event
from domain.ports import EventHandler
from domain.retry import RetryPolicy

log = structlog.get_logger("events.kafka")


class GroupConsumer:
    """Runs until cancelled, reconnecting with backoff when the broker goes away.

    Each record is handed to the handler through `delivery`, which returns once the event was
    handled or dead-lettered (after its retries); offsets are committed only after that, so
    nothing is committed past an event that is neither. A message that is not an event envelope
    is dead-lettered as it is. Delivery is at least once: handlers de-duplicate by event_id.
    A group with `from_beginning` starts at the oldest retained event; any other new group at
    the `start` point.
    """

    def __init__(
        self,
        group: str,
        handler: EventHandler,
        *,
        topic: str,
        from_beginning: bool,
        consumer_options: dict,
        delivery: HandlerDelivery,
        reconnect_policy: RetryPolicy,
        start: StartPoint | None = None,
    ) -> None:
        self.group = group
        self.handler = handler
        self._topic = topic
        self._reset = "earliest" if from_beginning else "latest"
        self._start = None if from_beginning else start
        self._options = consumer_options
        self._delivery = delivery
        self._reconnect_policy = reconnect_policy
        self.ready = asyncio.Event()  # set once partitions were first assigned and positioned
        self._task: asyncio.Task | None = None
        self._busy = False  # handling or committing a batch: stop waits for it
        self._stopping = False

    def start(self) -> None:
        self._stopping = False
        self._task = asyncio.create_task(self.run(), name=f"kafka-consumer-{self.group}")

    async def stop(self, grace_seconds: float = 10.0) -> None:
        """Let a batch in hand finish and commit (so it is not redelivered), then leave."""
        if self._task is None:
            return
        self._stopping = True
        if not self._busy:
            self._task.cancel()
        done, _ = await asyncio.wait({self._task}, timeout=grace_seconds)
        if not done:
            self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)
        self._task = None

    async def run(self) -> None:
        failures = 0
        while not self._stopping:
            consumer = AIOKafkaConsumer(
                group_id=self.group, enable_auto_commit=False, auto_offset_reset=self._reset, **self._options
            )
            try:
                await self._consume(consumer)
            except Exception as exc:  # the broker went away or a commit failed: start over
                failures += 1
                log.warning("consumer_restarting", group=self.group, error=repr(exc))
                await asyncio.sleep(self._reconnect_policy.delay(min(failures, 6)))
            finally:
                with contextlib.suppress(Exception):
                    await consumer.stop()

    async def _consume(self, consumer: AIOKafkaConsumer) -> None:
        positioning = Positioning(consumer, self.group, self._start)
        consumer.subscribe([self._topic], listener=positioning)
        await consumer.start()
        await positioning.assigned.wait()  # the coordinator joins the group in the background
        while not self._stopping:
            if positioning.error is not None:
                raise positioning.error
            self.ready.set()
            batches = await consumer.getmany(timeout_ms=1000)
            self._busy = True
            try:
                for partition, records in batches.items():
                    for record in records:
                        await self._handle(record)
                    await consumer.commit({partition: records[-1].offset + 1})
            finally:
                self._busy = False

    async def _handle(self, record: ConsumerRecord) -> None:
        try:
            event = decode_event(record.value)
        except (msgspec.DecodeError, TypeError) as exc:
            await self._delivery.dead_letter(
                self.group,
                record.value or b"",
                event_id=f"{record.topic}/{record.partition}/{record.offset}",
                event_type=None,
                error=f"not an event envelope: {exc}",
                attempts=1,
            )
            return
        await self._delivery.deliver(self.group, self.handler, event)
