"""The real app over HTTP in the test's own event loop, so asyncio.gather truly overlaps requests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager

from domain.events import Event
from entrypoints.app import create_app

SEED = {"user_id": "user123", "amount": 100.50, "currency": "USD", "payment_method": "stripe"}
OPERATOR = {"X-Operator-Token": "test-operator-token"}  # configs/test.yaml


@pytest.fixture
async def api(container) -> AsyncIterator[httpx.AsyncClient]:
    """Unlike the shared `client` (which runs the app on another thread's loop), this client
    drives the ASGI app in the test's loop: concurrent requests interleave for real."""
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


@pytest.fixture
def relay(container):
    """Publish whatever is committed now (the background relay may have sent some already)."""
    return container.events.outbox_relay().relay_once
