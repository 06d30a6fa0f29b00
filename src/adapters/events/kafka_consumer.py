"""One consumer-group member of the Kafka bus: decode, hand to the handler, commit after it."""

from __future__ import annotations

import asyncio
import contextlib

import msgspec
import structlog
from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, ConsumerRecord, TopicPartition

from domain.events import decode_event
from domain.ports import EventHandler
from domain.retry import RetryPolicy

log = structlog.get_logger("events.kafka")


class _Assigned(ConsumerRebalanceListener):
    def __init__(self) -> None:
        self.event = asyncio.Event()

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        return None

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        self.event.set()


class GroupConsumer:
    """Runs until cancelled, reconnecting with backoff when the broker goes away.

    Handler policy: a failing handler is retried `handler_policy.max_attempts` times with the
    shared backoff; after that the event is logged as `handler_gave_up` and committed, so one
    poison event cannot stall its partition. Offsets are committed only after the handler
    returned (or gave up), so delivery is at least once and handlers de-duplicate by event_id.
    Messages that are not an event envelope are logged as `undecodable_message` and skipped.
    """

    def __init__(
        self,
        group: str,
        handler: EventHandler,
        *,
        topic: str,
        from_beginning: bool,
        consumer_options: dict,
        handler_policy: RetryPolicy,
        reconnect_policy: RetryPolicy,
    ) -> None:
        self.group = group
        self.handler = handler
        self._topic = topic
        self._reset = "earliest" if from_beginning else "latest"
        self._options = consumer_options
        self._handler_policy = handler_policy
        self._reconnect_policy = reconnect_policy
        self.ready = asyncio.Event()  # set once partitions are assigned and positioned
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
        assigned = _Assigned()
        consumer.subscribe([self._topic], listener=assigned)
        await consumer.start()
        await assigned.event.wait()
        for partition in consumer.assignment():
            await consumer.position(partition)  # resolves "latest" before anything is published
        self.ready.set()
        while not self._stopping:
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
        except (msgspec.DecodeError, TypeError):
            log.warning("undecodable_message", group=self.group, partition=record.partition, offset=record.offset)
            return
        attempt = 1
        while True:
            try:
                await self.handler(event)
                return
            except Exception:
                if not self._handler_policy.should_retry(attempt):
                    log.exception(
                        "handler_gave_up",
                        group=self.group,
                        event_id=event.event_id,
                        event_type=str(event.type),
                        attempts=attempt,
                    )
                    return
                log.warning("handler_failed", group=self.group, event_id=event.event_id, attempt=attempt)
                await asyncio.sleep(self._handler_policy.delay(attempt))
                attempt += 1
