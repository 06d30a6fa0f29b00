"""The test profile with receipts on, as local and production run them: sandbox channels writing
under a temporary outbox directory, the app driven in the test's own event loop."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager

from domain.events import Event
from entrypoints.app import create_app
from entrypoints.settings import Settings, load_settings


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    return tmp_path / "outbox"


@pytest.fixture
def settings(tmp_path: Path, outbox: Path, migrated_template: Path) -> Settings:
    shutil.copyfile(migrated_template, tmp_path / "test.db")
    return load_settings(
        "test",
        env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/test.db", "OUTBOX_DIR": str(outbox)},
        overrides={"receipts": {"enabled": True}},
    )


@pytest.fixture
async def api(container) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(container)
    async with (
        LifespanManager(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client,
    ):
        yield client


@pytest.fixture
def events(container) -> list[Event]:
    """Every event the outbox relay publishes on the app's bus, in order."""
    published: list[Event] = []

    async def record(event: Event) -> None:
        published.append(event)

    container.infrastructure.event_bus().subscribe("test-recorder", record)
    return published
