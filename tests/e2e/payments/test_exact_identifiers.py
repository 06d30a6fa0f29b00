"""Identifiers compare byte for byte on every engine: MariaDB's default collation would make
`CaseKey-1` replay `casekey-1` and `CASEALICE` / `casealice  ` list casealice's payments."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager

from containers import build_container, migrate_database
from entrypoints.app import create_app
from entrypoints.settings import load_settings
from tests.e2e.databases.stores import server_database

pytestmark = pytest.mark.e2e
BODY = {"user_id": "casealice", "amount": "12.00", "currency": "USD", "payment_method": "stripe"}


@contextlib.asynccontextmanager
async def _app_on(kind: str, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with contextlib.AsyncExitStack() as stack:
        if kind == "sqlite":
            url = f"sqlite+aiosqlite:///{tmp_path}/exact.db"
        else:
            url = await stack.enter_async_context(server_database(kind))
        settings = load_settings("test", env={"DATABASE_URL": url})
        await asyncio.to_thread(migrate_database, settings)
        app = create_app(build_container(settings=settings))
        await stack.enter_async_context(LifespanManager(app, shutdown_timeout=30))
        transport = httpx.ASGITransport(app=app)
        yield await stack.enter_async_context(httpx.AsyncClient(transport=transport, base_url="http://testserver"))


@pytest.mark.parametrize("kind", ["mysql", "postgresql", "sqlite"])
async def test_keys_and_user_ids_differing_in_case_or_trailing_spaces_are_different(kind, tmp_path):
    async with _app_on(kind, tmp_path) as api:
        upper = await api.post("/api/v1/payments", json=BODY, headers={"Idempotency-Key": "CaseKey-1"})
        lower = await api.post("/api/v1/payments", json=BODY, headers={"Idempotency-Key": "casekey-1"})
        assert upper.status_code == lower.status_code == 201
        assert "idempotent-replayed" not in lower.headers and upper.json()["id"] != lower.json()["id"]
        again = await api.post("/api/v1/payments", json=BODY, headers={"Idempotency-Key": "CaseKey-1"})
        assert again.headers.get("idempotent-replayed") == "true" and again.json()["id"] == upper.json()["id"]
        await api.post("/api/v1/payments", json={**BODY, "user_id": "CASEALICE "}, headers={"Idempotency-Key": "k3"})

        def listed(user_id: str) -> list[str]:
            return [p["user_id"] for p in pages[user_id]]

        pages = {}
        for user_id in ("casealice", "CASEALICE", "casealice  ", "CASEALICE "):
            response = await api.get("/api/v1/payments", params={"user_id": user_id})
            pages[user_id] = response.json()["items"]
        assert listed("casealice") == ["casealice", "casealice"]
        assert listed("CASEALICE") == [] and listed("casealice  ") == []
        assert listed("CASEALICE ") == ["CASEALICE "]
