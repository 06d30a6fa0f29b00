"""Merchant webhook endpoints in the transactional database."""

from __future__ import annotations

import asyncio
import builtins
import time

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.outbox import SqlaOutboxStore
from adapters.sql.tables import webhook_attempts as attempts
from adapters.sql.tables import webhook_deliveries as deliveries
from adapters.sql.tables import webhook_endpoints as endpoints
from adapters.sql.webhook_rows import ShortTransactions, endpoint_of
from domain.events import Event
from domain.ports import WebhookEndpointStore
from domain.webhook_endpoints import ENABLED, WebhookEndpoint


class SqlaWebhookEndpointStore(ShortTransactions, WebhookEndpointStore):
    """`enabled` is asked for every event on the bus, so it answers from a snapshot at most
    `endpoint_cache_seconds` old (this process's own changes drop it at once): an event costs no
    query while no endpoint wants it, and another instance's new endpoint is seen within that time.
    """

    def __init__(
        self, engine: AsyncEngine, write_lock: asyncio.Lock | None = None, endpoint_cache_seconds: float = 1.0
    ) -> None:
        super().__init__(engine, write_lock)
        self._cache_seconds = endpoint_cache_seconds
        self._enabled: tuple[float, list[WebhookEndpoint]] | None = None

    async def add(self, endpoint: WebhookEndpoint) -> None:
        self._enabled = None
        session = self._session()
        try:
            values = {
                "id": endpoint.id,
                "url": endpoint.url,
                "description": endpoint.description,
                "events": endpoint.events,
                "secret": endpoint.secret,
                "status": endpoint.status,
                "failing_since": endpoint.failing_since,
                "created_at": endpoint.created_at,
            }
            await session.execute(insert(endpoints).values(**values), write=True)
            await session.commit()
        finally:
            self._enabled = None  # after the commit too: a reload in between saw the old rows
            await session.close()

    async def get(self, endpoint_id: str) -> WebhookEndpoint | None:
        rows = await self._read(select(endpoints).where(endpoints.c.id == endpoint_id))
        return endpoint_of(rows[0]) if rows else None

    async def list(self) -> builtins.list[WebhookEndpoint]:
        return [endpoint_of(r) for r in await self._read(select(endpoints).order_by(endpoints.c.id))]

    async def enabled(self) -> builtins.list[WebhookEndpoint]:
        now = time.monotonic()
        if self._enabled is None or now - self._enabled[0] > self._cache_seconds:
            rows = await self._read(select(endpoints).where(endpoints.c.status == ENABLED))
            self._enabled = (now, [endpoint_of(r) for r in rows])
        return self._enabled[1]

    async def save(self, endpoint: WebhookEndpoint, events: builtins.list[Event] | None = None) -> None:
        self._enabled = None
        session = self._session()
        try:
            await session.execute(
                update(endpoints)
                .where(endpoints.c.id == endpoint.id)
                .values(secret=endpoint.secret, status=endpoint.status, failing_since=endpoint.failing_since),
                write=True,
            )
            await SqlaOutboxStore(session).add(list(events or ()))
            await session.commit()
        finally:
            self._enabled = None
            await session.close()

    async def delete(self, endpoint_id: str) -> bool:
        self._enabled = None
        session = self._session()
        try:
            owned = select(deliveries.c.id).where(deliveries.c.endpoint_id == endpoint_id)
            await session.execute(delete(attempts).where(attempts.c.delivery_id.in_(owned)), write=True)
            await session.execute(delete(deliveries).where(deliveries.c.endpoint_id == endpoint_id), write=True)
            removed = await session.execute(delete(endpoints).where(endpoints.c.id == endpoint_id), write=True)
            await session.commit()
            return removed.rowcount == 1
        finally:
            self._enabled = None
            await session.close()
