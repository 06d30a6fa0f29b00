"""Two app instances sharing broker, Redis (one node, or a Redis Cluster) and one database:
WebSocket clients on one see the events of payments made through the other, and only their
own user's."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time

import httpx
import pytest
from websockets.asyncio.client import connect

from adapters.redis.client import create_redis_client
from tests.e2e.payments.conftest import SEED
from tests.e2e.realtime.conftest import WAIT, instance, instance_settings
from tests.integration.redis.conftest import REDIS_CLUSTER_URL, REDIS_URL


async def _events_until(ws, wanted: set[str], started: float) -> dict[str, tuple[dict, float]]:
    """The first event of each wanted type with its arrival (seconds after `started`)."""
    seen: dict[str, tuple[dict, float]] = {}
    async with asyncio.timeout(WAIT):
        while not wanted <= seen.keys():
            message = json.loads(await ws.recv())
            if "event_id" in message and message["type"] not in seen:
                seen[message["type"]] = (message, time.perf_counter() - started)
    return seen


async def _events_within(ws, seconds: float) -> list[dict]:
    """Every event message the client receives in the next `seconds`."""
    received: list[dict] = []
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            while True:
                message = json.loads(await ws.recv())
                if "event_id" in message:
                    received.append(message)
    return received


@pytest.mark.parametrize("scale_redis_url", [REDIS_URL, REDIS_CLUSTER_URL], ids=["redis", "redis-cluster"])
async def test_client_on_instance_a_receives_events_of_a_payment_posted_to_instance_b(
    shared_database, streaming, scale_redis_url
):
    """A payment POSTed to B: A's client of that user gets payment_created then
    payment_processed for it, each once; A's client of another user gets nothing. A then reads
    the payment through the shared Redis cache, where B's instance finds the entry."""
    settings = instance_settings(shared_database, streaming)
    async with instance(settings) as (_, host_a), instance(settings) as (_, host_b):
        async with (
            connect(f"ws://{host_a}/ws?user_id={SEED['user_id']}&client_id=c1") as mine,
            connect(f"ws://{host_a}/ws?user_id=someone_else&client_id=c2") as other,
        ):
            assert json.loads(await mine.recv())["type"] == "connected"
            assert json.loads(await other.recv())["type"] == "connected"
            started = time.perf_counter()
            async with httpx.AsyncClient(base_url=f"http://{host_b}") as api_b:
                response = await api_b.post("/api/v1/payments", json=SEED)
            assert response.status_code == 201
            answered = time.perf_counter() - started
            pid = response.json()["id"]
            seen = await _events_until(mine, {"payment_created", "payment_processed"}, started)
            created, processed = seen["payment_created"], seen["payment_processed"]
            assert created[0]["aggregate_id"] == processed[0]["aggregate_id"] == pid
            assert created[0]["user_id"] == SEED["user_id"]
            assert created[1] <= processed[1]  # arrival order, not a timing bound
            print(
                f"\nscale-out latency (from sending the POST): B answered after "
                f"{answered * 1000:.0f} ms; A's client got payment_created after "
                f"{created[1] * 1000:.0f} ms and payment_processed after "
                f"{processed[1] * 1000:.0f} ms ({(processed[1] - answered) * 1000:.0f} ms "
                "after the answer)"
            )
            # Both relays may publish an event; each instance's hub pushes an event_id once.
            assert await asyncio.gather(_events_within(mine, 1.0), _events_within(other, 1.0)) == [[], []]
        async with httpx.AsyncClient(base_url=f"http://{host_a}") as api_a:
            assert (await api_a.get(f"/api/v1/payments/{pid}")).json()["status"] == "succeeded"
        redis = create_redis_client(scale_redis_url)
        try:
            assert await redis.exists(f"{settings.redis.key_prefix}cache:payment:{pid}") == 1
        finally:
            await redis.aclose()
