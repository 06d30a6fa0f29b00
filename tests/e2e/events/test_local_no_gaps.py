"""The in-process bus (local profile) has the no-gap property too: from the moment
/health/ready answers 200, every event reaches the WebSocket client and every receipt is sent."""

from __future__ import annotations

import asyncio
import json
import shutil
import uuid
from collections import Counter, defaultdict

import httpx
from websockets.asyncio.client import connect

from containers import build_container
from entrypoints.settings import load_settings
from tests.e2e.events.production import serve, wait_ready


async def test_every_payment_posted_once_ready_reaches_the_client_and_gets_one_receipt_file(
    tmp_path, migrated_template
):
    """20 payments POSTed 100 ms apart from readiness on: each one's payment_created and
    payment_processed reach the user's client, and each gets exactly one .eml receipt."""
    shutil.copyfile(migrated_template, tmp_path / "local.db")
    outbox = tmp_path / "outbox"
    settings = load_settings(
        "test",
        env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/local.db", "OUTBOX_DIR": str(outbox)},
        overrides={"receipts": {"enabled": True}},
    )
    assert settings.adapters.event_bus == "memory"
    user = f"local-{uuid.uuid4().hex[:6]}"
    async with serve(build_container(settings=settings)) as host:
        async with (
            connect(f"ws://{host}/ws?user_id={user}&client_id=c1") as ws,
            httpx.AsyncClient(base_url=f"http://{host}", timeout=30) as api,
        ):
            assert json.loads(await ws.recv())["type"] == "connected"
            await wait_ready(api)
            ids = []
            for i in range(20):
                body = {
                    "user_id": user,
                    "amount": f"{5 + i}.00",
                    "currency": "EUR",
                    "payment_method": "stripe",
                    "customer": {"email": f"{user}@example.com"},
                }
                response = await api.post("/api/v1/payments", json=body)
                assert response.status_code == 201, response.text
                ids.append(response.json()["id"])
                await asyncio.sleep(0.1)
            seen: dict[str, set[str]] = defaultdict(set)
            wanted = {"payment_created", "payment_processed"}
            async with asyncio.timeout(30):
                while any(not wanted <= seen[pid] for pid in ids):
                    message = json.loads(await ws.recv())
                    if "event_id" in message:
                        seen[message["aggregate_id"]].add(message["type"])
        await asyncio.sleep(0.5)  # the relay's last pass
    receipts = Counter(
        line.removeprefix("Payment: ")
        for path in (outbox / "email").glob("*.eml")
        for line in path.read_text().splitlines()
        if line.startswith("Payment: ")
    )
    assert receipts == dict.fromkeys(ids, 1)
