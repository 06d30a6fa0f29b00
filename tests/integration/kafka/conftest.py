"""Kafka fixtures: the Tansu broker `make test` starts, a fresh topic per test, helpers."""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, ConsumerRecord

from adapters.events.delivery import HandlerDelivery
from adapters.events.kafka import KafkaEventBus
from adapters.memory.dead_letters import InMemoryDeadLetterStore

BOOTSTRAP = os.environ.get("KAFKA_TEST_BOOTSTRAP", "127.0.0.1:19092")
SERVER_SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "servers" / "kafka.sh"
# Short timeouts keep the suite fast: a group join on Tansu takes half the session timeout.
FAST = {"request_timeout_ms": 2000, "session_timeout_ms": 2000, "heartbeat_interval_ms": 500}


def make_bus(bootstrap: str, topic: str, **options) -> KafkaEventBus:
    """Tansu serves no idempotent producer (kafka.enable_idempotence is off in configs/test.yaml);
    a failing handler is retried for half a second, then dead-lettered in a list."""
    delivery = HandlerDelivery(
        InMemoryDeadLetterStore(), retry_base_seconds=0.02, retry_max_seconds=0.1, retry_for_seconds=0.5
    )
    return KafkaEventBus(
        bootstrap,
        topic,
        client_id="factory-tests",
        enable_idempotence=False,
        **{"delivery": delivery, **FAST, **options},
    )


def _port_open(address: str) -> bool:
    host, port = address.rsplit(":", 1)
    try:
        with socket.create_connection((host, int(port)), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def kafka_bootstrap() -> str:
    if not _port_open(BOOTSTRAP):  # never skip: the broker is part of `make test`
        pytest.fail(f"no Kafka broker at {BOOTSTRAP}; run scripts/servers/kafka.sh start")
    return BOOTSTRAP


@pytest.fixture
def topic() -> str:
    return f"test-{uuid.uuid4().hex[:10]}"


@pytest.fixture
async def bus(kafka_bootstrap: str, topic: str) -> AsyncIterator[KafkaEventBus]:
    event_bus = make_bus(kafka_bootstrap, topic)
    await event_bus.start()
    yield event_bus
    await event_bus.stop()


async def read_topic(
    bootstrap: str, topic: str, expected: int, *, settle_ms: int = 700, seconds: float = 20.0
) -> list[ConsumerRecord]:
    """Everything on the topic, read by a fresh consumer group from the beginning.

    Reads until `expected` records arrived, then waits `settle_ms` more for any extra one.
    """
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"verify-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        session_timeout_ms=FAST["session_timeout_ms"],
        heartbeat_interval_ms=FAST["heartbeat_interval_ms"],
    )
    await consumer.start()
    records: list[ConsumerRecord] = []
    try:
        async with asyncio.timeout(seconds):
            while len(records) < expected:
                for batch in (await consumer.getmany(timeout_ms=500)).values():
                    records.extend(batch)
        for batch in (await consumer.getmany(timeout_ms=settle_ms)).values():
            records.extend(batch)
    finally:
        await consumer.stop()
    return records


async def broker(action: str, port: int) -> None:
    """Start, stop or restart a private Tansu broker through the project's server script."""
    process = await asyncio.create_subprocess_exec("bash", str(SERVER_SCRIPT), action, str(port))
    assert await process.wait() == 0, f"kafka.sh {action} {port} failed"


@pytest.fixture
async def private_broker() -> AsyncIterator[int]:
    """A broker of this test only, on a free port, so stopping it disturbs no other test."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    await broker("start", port)
    yield port
    await broker("stop", port)
