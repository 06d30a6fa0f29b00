"""Two app instances on one Kafka topic: a WebSocket client of one sees events of the other."""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
import uvicorn
from websockets.asyncio.client import connect

from containers import Container, build_container
from domain.events import EventType
from entrypoints.app import create_app
from entrypoints.settings import load_settings
from tests.fakes.streaming import make_event
from tests.integration.kafka.conftest import BOOTSTRAP, FAST

WAIT = 15.0  # generous: this checks delivery, not latency


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@asynccontextmanager
async def instance(tmp_path: Path, topic: str, name: str,
                   template: Path) -> AsyncIterator[tuple[Container, int]]:
    """One app process's worth: its own container and uvicorn server, sharing the topic."""
    shutil.copyfile(template, tmp_path / f"{name}.db")
    settings = load_settings(
        "test", env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/{name}.db"},
        overrides={"adapters": {"event_bus": "kafka"},
                   "kafka": {"bootstrap_servers": BOOTSTRAP, "topic": topic,
                             "analytics_group": f"analytics-{topic}", **FAST}})
    container = build_container(settings=settings)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(container), host="127.0.0.1", port=port,
                                           lifespan="on", ws="websockets-sansio", log_config=None))
    serving = asyncio.create_task(server.serve())
    try:
        async with asyncio.timeout(WAIT):
            while not server.started:  # noqa: ASYNC110 - uvicorn exposes a flag, no event
                await asyncio.sleep(0.05)
            await container.event_bus().wait_ready()
        yield container, port
    finally:
        server.should_exit = True
        await serving


async def _next_event(ws) -> dict:
    async with asyncio.timeout(WAIT):
        while True:
            message = json.loads(await ws.recv())
            if "event_id" in message:
                return message


async def test_client_on_instance_a_receives_events_published_by_instance_b(tmp_path,
                                                                         migrated_template):
    """payment_created and payment_processed published by B reach A's client of that user only."""
    topic = f"test-scale-{uuid.uuid4().hex[:8]}"
    async with instance(tmp_path, topic, "a", migrated_template) as (_, port_a), \
            instance(tmp_path, topic, "b", migrated_template) as (container_b, _):
        async with connect(f"ws://127.0.0.1:{port_a}/ws?user_id=user_1&client_id=c1") as ws_1, \
                connect(f"ws://127.0.0.1:{port_a}/ws?user_id=user_2&client_id=c2") as ws_2:
            assert json.loads(await ws_1.recv())["type"] == "connected"
            assert json.loads(await ws_2.recv())["type"] == "connected"
            created = make_event(user_id="user_1", aggregate_id="pay_1")
            processed = make_event(user_id="user_1", aggregate_id="pay_1",
                                   type=EventType.PAYMENT_PROCESSED)
            await container_b.event_bus().publish([created, processed])
            assert (await _next_event(ws_1))["event_id"] == created.event_id
            assert (await _next_event(ws_1))["event_id"] == processed.event_id
            with pytest.raises(TimeoutError):
                async with asyncio.timeout(1.0):
                    await ws_2.recv()
