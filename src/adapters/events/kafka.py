"""The Kafka EventBus: keyed by aggregate id, acks from all replicas, consumer groups."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence

import structlog
from aiokafka import AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError

from adapters.events.delivery import HandlerDelivery
from adapters.events.kafka_consumer import GroupConsumer
from adapters.events.kafka_start import StartPoint, end_offsets
from domain.errors import EventBusUnavailable
from domain.events import Event, encode_event
from domain.ports import EventBus, EventHandler
from domain.retry import RetryPolicy

log = structlog.get_logger("events.kafka")


class KafkaEventBus(EventBus):
    """Publishes the event envelope as JSON to one topic, message key = aggregate id.

    All events of one aggregate share a key, hence a partition, hence an order. The producer is
    idempotent when `enable_idempotence` (Apache Kafka; not every Kafka-protocol broker serves
    it), never transactional, so a relay that publishes again after a crash can still duplicate
    an event; every duplicate carries the same event_id.
    The broker being down never stops the app: start() logs it, publish() raises
    EventBusUnavailable until it is back, and consumers reconnect on their own.

    No gap after start: start() notes the instance's start time (less `start_margin_seconds`
    for clock skew) and the end offset of every partition; a new group is positioned there, so
    every event published once `waiting_groups()` is empty reaches every group.
    """

    def __init__(
        self,
        bootstrap_servers: str,
        topic: str,
        *,
        client_id: str = "factory-service",
        partitions: int = 3,
        request_timeout_ms: int = 30_000,
        session_timeout_ms: int = 10_000,
        heartbeat_interval_ms: int = 3_000,
        enable_idempotence: bool = True,
        start_margin_seconds: float = 5.0,
        delivery: HandlerDelivery | None = None,
    ) -> None:
        self.topic = topic
        self._bootstrap = bootstrap_servers
        self._client_id = client_id
        self._partitions = partitions
        self._request_timeout_ms = request_timeout_ms
        self._consumer_options = {
            "bootstrap_servers": bootstrap_servers,
            "client_id": client_id,
            "session_timeout_ms": session_timeout_ms,
            "heartbeat_interval_ms": heartbeat_interval_ms,
            # A JoinGroup legitimately waits for the rebalance, so it needs more than the
            # publish bound: the consumer keeps the client's default request timeout.
            "rebalance_timeout_ms": session_timeout_ms,
        }
        self._idempotence = enable_idempotence
        self._margin_ms = int(start_margin_seconds * 1000)
        self._start = StartPoint(timestamp_ms=self._now_ms())
        self.delivery = delivery or HandlerDelivery()
        self._consumers: list[GroupConsumer] = []
        self._producer: AIOKafkaProducer | None = None
        self._connecting = asyncio.Lock()
        self._started = False
        # Checked at start and again after any failed publish: a broker that lost its state (or
        # a topic deleted meanwhile) must not swallow acknowledged events into a missing topic.
        self._topic_unverified = True

    def subscribe(self, group: str, handler: EventHandler, *, from_beginning: bool = True) -> None:
        """A group is one consumer here; subscribing it again replaces its handler."""
        for existing in self._consumers:
            if existing.group == group:
                existing.handler = handler
                return
        consumer = GroupConsumer(
            group,
            handler,
            topic=self.topic,
            from_beginning=from_beginning,
            consumer_options=self._consumer_options,
            delivery=self.delivery,
            reconnect_policy=RetryPolicy(base_delay=0.5, max_delay=10.0),
            start=self._start,
        )
        self._consumers.append(consumer)
        if self._started:
            consumer.start()

    async def start(self) -> None:
        self._started = True
        self._start.timestamp_ms = self._now_ms()
        try:
            await self._ensure_topic()
            self._topic_unverified = False
            await self._connected_producer()
            self._start.offsets = await self._end_offsets()
        except EventBusUnavailable as exc:  # new groups then start at the start time alone
            log.warning("kafka_unavailable_at_start", error=str(exc))
        for consumer in self._consumers:
            consumer.start()

    async def stop(self) -> None:
        self._started = False
        await asyncio.gather(*(consumer.stop() for consumer in self._consumers))
        if self._producer is not None:
            with contextlib.suppress(Exception):
                await self._producer.stop()
            self._producer = None

    async def wait_ready(self) -> None:
        """Wait until every subscription holds its partitions (tests and readiness probes)."""
        await asyncio.gather(*(c.ready.wait() for c in self._consumers))

    def waiting_groups(self) -> list[str]:
        if not self._started:
            return ["(not started)"]
        return [c.group for c in self._consumers if not c.ready.is_set()]

    async def publish(self, events: Sequence[Event]) -> None:
        if not events:
            return
        if self._topic_unverified:
            await self._ensure_topic()
            self._topic_unverified = False
        producer = await self._connected_producer()
        try:
            # Bounded even if the client keeps retrying internally; a late delivery is a duplicate.
            async with asyncio.timeout(self._request_timeout_ms / 1000 + 5):
                deliveries = [
                    await producer.send(self.topic, encode_event(event), key=event.aggregate_id.encode())
                    for event in events
                ]
                await asyncio.gather(*deliveries)
        except (KafkaError, OSError, TimeoutError) as exc:
            self._topic_unverified = True
            raise EventBusUnavailable(f"kafka did not accept {len(events)} events: {exc!r}") from exc

    async def ping(self) -> None:
        producer = await self._connected_producer()
        await producer.client.fetch_all_metadata()

    async def _connected_producer(self) -> AIOKafkaProducer:
        async with self._connecting:
            if self._producer is None:
                producer = AIOKafkaProducer(
                    bootstrap_servers=self._bootstrap,
                    client_id=self._client_id,
                    acks="all",
                    enable_idempotence=self._idempotence,
                    request_timeout_ms=self._request_timeout_ms,
                )
                try:
                    await producer.start()
                except (KafkaError, OSError) as exc:
                    with contextlib.suppress(Exception):
                        await producer.stop()
                    raise EventBusUnavailable(f"kafka unreachable: {exc!r}") from exc
                self._producer = producer
            return self._producer

    def _now_ms(self) -> int:
        return int(time.time() * 1000) - self._margin_ms

    async def _end_offsets(self) -> dict[TopicPartition, int]:
        producer = await self._connected_producer()
        try:
            partitions = [TopicPartition(self.topic, p) for p in sorted(await producer.partitions_for(self.topic))]
            return await end_offsets(self._bootstrap, self._client_id, partitions, self._request_timeout_ms)
        except (KafkaError, OSError) as exc:
            raise EventBusUnavailable(f"kafka unreachable: {exc!r}") from exc

    async def _ensure_topic(self) -> None:
        """Create the topic if missing: brokers in production often refuse auto-creation."""
        admin = AIOKafkaAdminClient(
            bootstrap_servers=self._bootstrap, client_id=self._client_id, request_timeout_ms=self._request_timeout_ms
        )
        try:
            await admin.start()
            response = await admin.create_topics([NewTopic(self.topic, self._partitions, 1)])
            for topic, code, *_ in response.topic_errors:
                if code == 0:
                    log.info("kafka_topic_created", topic=topic, partitions=self._partitions)
                elif code != TopicAlreadyExistsError.errno:
                    log.warning("kafka_topic_not_created", topic=topic, error_code=code)
        except TopicAlreadyExistsError:
            return
        except (KafkaError, OSError) as exc:
            raise EventBusUnavailable(f"kafka unreachable: {exc!r}") from exc
        finally:
            with contextlib.suppress(Exception):
                await admin.close()
