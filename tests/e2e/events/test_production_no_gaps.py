"""Acceptance on the production profile (test broker, MariaDB, the MongoDB-wire server, Redis):
no event published after /health/ready is missed, and receipts survive a Redis outage."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
import uuid
from collections import defaultdict

import httpx
import msgspec
import pytest
from websockets.asyncio.client import connect

from domain.events import decode_event
from entrypoints.operator_commands import replay_dead_letters
from tests.e2e.events.production import (
    HEADERS,
    KEY,
    free_port,
    production_instance,
    receipts_by_payment,
    redis_server,
    smtp_server,
    wait_ready,
)
from tests.integration.redis.conftest import REDIS_URL

pytestmark = pytest.mark.e2e
WAIT = 30.0


def _payment(user: str, i: int) -> dict:
    return {
        "user_id": user,
        "amount": f"{10 + i}.00",
        "currency": "USD",
        "payment_method": "stripe",
        "customer": {"email": f"{user}@example.com"},
    }


async def _mail_settled(mailbox, expected: int) -> None:
    """Until `expected` mails arrived, then a little longer for a wrong extra one."""
    async with asyncio.timeout(WAIT):
        for _ in itertools.count():
            if len(mailbox.envelopes) >= expected:
                break
            await asyncio.sleep(0.1)
    await asyncio.sleep(2.0)


async def test_every_payment_posted_from_the_moment_of_readiness_reaches_the_client_and_gets_one_receipt():
    """A fresh instance: a WebSocket client of the user connects, /health/ready turns 200, and
    at once 20 payments are POSTed 100 ms apart. The client receives payment_created and
    payment_processed of every one; every payment gets exactly one receipt mail."""
    user = f"nogap-{uuid.uuid4().hex[:6]}"
    with smtp_server() as (mailbox, smtp_port):
        async with production_instance(REDIS_URL, smtp_port) as (_, host):
            async with (
                connect(f"ws://{host}/ws?user_id={user}&client_id=c1&api_key={KEY}") as ws,
                httpx.AsyncClient(base_url=f"http://{host}", timeout=30) as api,
            ):
                assert json.loads(await ws.recv())["type"] == "connected"
                listening = time.perf_counter()
                await wait_ready(api)
                print(f"\n/health/ready turned 200 {time.perf_counter() - listening:.2f} s after the server listened")
                ids = []
                for i in range(20):
                    response = await api.post("/api/v1/payments", headers=HEADERS, json=_payment(user, i))
                    assert response.status_code == 201, response.text
                    ids.append(response.json()["id"])
                    await asyncio.sleep(0.1)
                seen: dict[str, set[str]] = defaultdict(set)
                wanted = {"payment_created", "payment_processed"}
                async with asyncio.timeout(WAIT):
                    while any(not wanted <= seen[pid] for pid in ids):
                        message = json.loads(await ws.recv())
                        if "event_id" in message:
                            seen[message["aggregate_id"]].add(message["type"])
            assert all(wanted <= seen[pid] for pid in ids)
            await _mail_settled(mailbox, 20)
    assert receipts_by_payment(mailbox) == dict.fromkeys(ids, 1)


async def test_with_redis_down_receipts_go_out_once_and_cache_invalidations_are_dead_lettered_then_replayed():
    """Redis (a server of this test) is stopped. Receipts keep their Idempotency-Key records in
    SQL, so each payment still gets exactly one receipt; the shared cache group cannot reach
    Redis, so its events are retried, then dead-lettered, none skipped. Redis back, a replay
    handles every letter; a second replay finds none, and a redelivery sends no second receipt."""
    user = f"dlq-{uuid.uuid4().hex[:6]}"
    fast_retries = {"events": {"retry_base_seconds": 0.05, "retry_max_seconds": 0.2, "retry_for_seconds": 1.0}}
    with smtp_server() as (mailbox, smtp_port):
        async with redis_server() as redis:
            async with (
                production_instance(redis.url, smtp_port, **fast_retries) as (container, host),
                httpx.AsyncClient(base_url=f"http://{host}", timeout=30) as api,
            ):
                await wait_ready(api)
                receipts_group = container.settings().receipts.group
                cache_group = container.settings().kafka.cache_group
                await redis.stop()
                ids = []
                for i in range(5):
                    response = await api.post("/api/v1/payments", headers=HEADERS, json=_payment(user, i))
                    assert response.status_code == 201, response.text
                    ids.append(response.json()["id"])
                await _mail_settled(mailbox, 5)
                assert receipts_by_payment(mailbox) == dict.fromkeys(ids, 1)
                # payment_created and payment_processed of each payment: ten invalidations.
                letters = await _dead_letters(api, cache_group, 10)
                assert sorted({x["envelope"]["aggregate_id"] for x in letters}) == sorted(ids)
                assert len(letters) == 10
                assert all(x["attempts"] > 1 and "Connection" in x["error"] for x in letters)
                page = (await api.get("/api/v1/dead-letters", headers=HEADERS)).json()
                assert not [x for x in page["items"] if x["consumer_group"] == receipts_group]
                metrics = (await api.get("/metrics")).text
                assert f'factory_dead_letters_total{{group="{cache_group}"}} 10.0' in metrics

                await redis.start()
                async with asyncio.timeout(WAIT):
                    for _ in itertools.count():
                        if (await api.get("/health")).json()["status"] == "ok":
                            break
                        await asyncio.sleep(0.2)
                text, status = await replay_dead_letters(container, None)
                assert status == 0, text
                assert text.count(f"\treplayed\t{cache_group}\t") == 10, text
                text, status = await replay_dead_letters(container, None)
                assert status == 0 and "0 replayed" in text
                await container.infrastructure.event_bus().publish(
                    [decode_event(msgspec.json.encode(letters[0]["envelope"]))]
                )
                await asyncio.sleep(2.0)
    assert receipts_by_payment(mailbox) == dict.fromkeys(ids, 1)


async def _dead_letters(api: httpx.AsyncClient, group: str, expected: int) -> list[dict]:
    """The group's waiting dead letters, once `expected` of them are there (and no more come)."""
    async with asyncio.timeout(WAIT):
        for _ in itertools.count():
            page = (await api.get("/api/v1/dead-letters", headers=HEADERS)).json()
            if len([x for x in page["items"] if x["consumer_group"] == group]) >= expected:
                break
            await asyncio.sleep(0.2)
    await asyncio.sleep(1.5)  # room for a wrong extra dead letter
    page = (await api.get("/api/v1/dead-letters", headers=HEADERS)).json()
    return [x for x in page["items"] if x["consumer_group"] == group]


async def test_receipts_that_failed_while_the_mail_server_was_down_are_sent_once_each_after_replay():
    """No SMTP server answers: each receipt fails through the channel's retries, the handler's
    retries, and lands in dead letters. With the mail server up, a replay delivers each receipt
    once; another replay delivers nothing."""
    user = f"smtp-{uuid.uuid4().hex[:6]}"
    smtp_port = free_port()
    fast_retries = {"events": {"retry_base_seconds": 0.05, "retry_max_seconds": 0.2, "retry_for_seconds": 1.0}}
    async with (
        production_instance(REDIS_URL, smtp_port, **fast_retries) as (container, host),
        httpx.AsyncClient(base_url=f"http://{host}", timeout=30) as api,
    ):
        await wait_ready(api)
        group = container.settings().receipts.group
        ids = []
        for i in range(3):
            response = await api.post("/api/v1/payments", headers=HEADERS, json=_payment(user, i))
            assert response.status_code == 201, response.text
            ids.append(response.json()["id"])
        letters = await _dead_letters(api, group, 3)
        assert sorted(x["envelope"]["aggregate_id"] for x in letters) == sorted(ids)
        assert all("ReceiptNotDelivered" in x["error"] for x in letters)
        with smtp_server(smtp_port) as (mailbox, _):
            text, status = await replay_dead_letters(container, None)
            assert status == 0 and text.count(f"\treplayed\t{group}\t") == 3, text
            await _mail_settled(mailbox, 3)
            text, status = await replay_dead_letters(container, None)
            assert status == 0 and "0 replayed" in text
            await asyncio.sleep(1.0)
    assert receipts_by_payment(mailbox) == dict.fromkeys(ids, 1)
