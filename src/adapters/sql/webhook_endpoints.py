"""Merchant webhook endpoints, deliveries and attempts in the transactional database."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.outbox import SqlaOutboxStore
from adapters.sql.session import SqlSession
from adapters.sql.tables import webhook_attempts as attempts
from adapters.sql.tables import webhook_deliveries as deliveries
from adapters.sql.tables import webhook_endpoints as endpoints
from domain.events import Event, encode_event
from domain.ports import WebhookEndpointStore
from domain.webhook_endpoints import ENABLED, PENDING, DeliveryAttempt, DueDelivery, WebhookDelivery, WebhookEndpoint


def _endpoint(row: RowMapping) -> WebhookEndpoint:
    return WebhookEndpoint(
        id=row["id"],
        url=row["url"],
        description=row["description"],
        events=list(row["events"]),
        secret=row["secret"],
        status=row["status"],
        failing_since=row["failing_since"],
        created_at=row["created_at"],
    )


def _delivery(row: RowMapping) -> WebhookDelivery:
    return WebhookDelivery(
        id=row["id"],
        endpoint_id=row["endpoint_id"],
        event_id=row["event_id"],
        event_type=row["event_type"],
        payload=bytes(row["payload"]),
        status=row["status"],
        attempt_count=row["attempt_count"],
        next_attempt_at=row["next_attempt_at"],
        created_at=row["created_at"],
    )


class SqlaWebhookEndpointStore(WebhookEndpointStore):
    """Each method is one short transaction of its own, apart from any payment's.

    `enqueue` runs for every event on the bus, so it reads the enabled endpoints from a snapshot
    at most `endpoint_cache_seconds` old (this process's own changes drop it at once): an event
    costs no query while no endpoint wants it. Another instance's new endpoint is seen within
    that time.
    """

    def __init__(
        self, engine: AsyncEngine, write_lock: asyncio.Lock | None = None, endpoint_cache_seconds: float = 1.0
    ) -> None:
        self._engine = engine
        self._write_lock = write_lock
        self._cache_seconds = endpoint_cache_seconds
        self._enabled: tuple[float, list[WebhookEndpoint]] | None = None

    async def _enabled_endpoints(self) -> list[WebhookEndpoint]:
        now = time.monotonic()
        if self._enabled is None or now - self._enabled[0] > self._cache_seconds:
            rows = await self._read(select(endpoints).where(endpoints.c.status == ENABLED))
            self._enabled = (now, [_endpoint(r) for r in rows])
        return self._enabled[1]

    def _session(self) -> SqlSession:
        return SqlSession(self._engine, self._write_lock)

    async def _read(self, statement) -> list[RowMapping]:
        session = self._session()
        try:
            return list((await session.execute(statement)).mappings())
        finally:
            await session.close()

    async def add(self, endpoint: WebhookEndpoint) -> None:
        self._enabled = None
        session = self._session()
        try:
            await session.execute(
                insert(endpoints).values(
                    id=endpoint.id,
                    url=endpoint.url,
                    description=endpoint.description,
                    events=endpoint.events,
                    secret=endpoint.secret,
                    status=endpoint.status,
                    failing_since=endpoint.failing_since,
                    created_at=endpoint.created_at,
                ),
                write=True,
            )
            await session.commit()
        finally:
            self._enabled = None  # after the commit too: a reload in between saw the old rows
            await session.close()

    async def get(self, endpoint_id: str) -> WebhookEndpoint | None:
        rows = await self._read(select(endpoints).where(endpoints.c.id == endpoint_id))
        return _endpoint(rows[0]) if rows else None

    async def list(self) -> list[WebhookEndpoint]:
        return [_endpoint(r) for r in await self._read(select(endpoints).order_by(endpoints.c.id))]

    async def save(self, endpoint: WebhookEndpoint, events: list[Event] | None = None) -> None:
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
            self._enabled = None  # after the commit too: a reload in between saw the old rows
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
            self._enabled = None  # after the commit too: a reload in between saw the old rows
            await session.close()

    async def enqueue(self, event: Event, now: datetime) -> int:
        wanted = [e.id for e in await self._enabled_endpoints() if e.wants(str(event.type))]
        if not wanted:  # the usual case: no query at all
            return 0
        session = self._session()
        try:
            existing = select(deliveries.c.endpoint_id).where(deliveries.c.event_id == event.event_id)
            have = set((await session.execute(existing, write=True)).scalars())
            payload = encode_event(event)
            new = [
                WebhookDelivery(
                    endpoint_id=endpoint_id,
                    event_id=event.event_id,
                    event_type=str(event.type),
                    payload=payload,
                    created_at=now,
                    next_attempt_at=now,
                )
                for endpoint_id in wanted
                if endpoint_id not in have
            ]
            if new:
                await session.execute(
                    insert(deliveries),
                    [
                        {
                            "id": d.id,
                            "endpoint_id": d.endpoint_id,
                            "event_id": d.event_id,
                            "event_type": d.event_type,
                            "payload": d.payload,
                            "status": d.status,
                            "attempt_count": 0,
                            "next_attempt_at": d.next_attempt_at,
                            "version": 0,
                            "created_at": d.created_at,
                        }
                        for d in new
                    ],
                    write=True,
                )
            await session.commit()
            return len(new)
        finally:
            await session.close()

    async def claim_due(self, now: datetime, limit: int, lease_until: datetime) -> list[DueDelivery]:
        query = (
            select(deliveries, endpoints.c.url, endpoints.c.secret)
            .join(endpoints, endpoints.c.id == deliveries.c.endpoint_id)
            .where(deliveries.c.status == PENDING, deliveries.c.next_attempt_at <= now, endpoints.c.status == ENABLED)
            .order_by(deliveries.c.next_attempt_at)
            .limit(limit)
        )
        rows = await self._read(query)
        if not rows:  # the usual poll: one read, no write transaction
            return []
        session = self._session()
        try:
            claimed = []
            for row in rows:
                taken = await session.execute(
                    update(deliveries)
                    .where(deliveries.c.id == row["id"], deliveries.c.version == row["version"])
                    .values(version=row["version"] + 1, next_attempt_at=lease_until),
                    write=True,
                )
                if taken.rowcount == 1:
                    claimed.append(DueDelivery(delivery=_delivery(row), url=row["url"], secret=row["secret"]))
            await session.commit()
            return claimed
        finally:
            await session.close()

    async def record_attempt(
        self, delivery: WebhookDelivery, attempt: DeliveryAttempt, status: str, next_attempt_at: datetime
    ) -> None:
        session = self._session()
        try:
            await session.execute(
                insert(attempts).values(
                    delivery_id=delivery.id,
                    attempted_at=attempt.attempted_at,
                    status_code=attempt.status_code,
                    latency_ms=attempt.latency_ms,
                    error=attempt.error,
                ),
                write=True,
            )
            await session.execute(
                update(deliveries)
                .where(deliveries.c.id == delivery.id)
                .values(
                    status=status,
                    next_attempt_at=next_attempt_at,
                    attempt_count=deliveries.c.attempt_count + 1,
                    version=deliveries.c.version + 1,
                ),
                write=True,
            )
            await session.commit()
        finally:
            await session.close()

    async def deliveries(self, endpoint_id: str, limit: int) -> list[WebhookDelivery]:
        rows = await self._read(
            select(deliveries)
            .where(deliveries.c.endpoint_id == endpoint_id)
            .order_by(deliveries.c.id.desc())
            .limit(limit)
        )
        found = [_delivery(r) for r in rows]
        await self._attach_attempts(found)
        return found

    async def get_delivery(self, delivery_id: str) -> WebhookDelivery | None:
        rows = await self._read(select(deliveries).where(deliveries.c.id == delivery_id))
        found = [_delivery(r) for r in rows]
        await self._attach_attempts(found)
        return found[0] if found else None

    async def _attach_attempts(self, found: list[WebhookDelivery]) -> None:
        if not found:
            return
        by_id = {d.id: d for d in found}
        rows = await self._read(
            select(attempts).where(attempts.c.delivery_id.in_(list(by_id))).order_by(attempts.c.seq)
        )
        for row in rows:
            by_id[row["delivery_id"]].attempts.append(
                DeliveryAttempt(
                    attempted_at=row["attempted_at"],
                    status_code=row["status_code"],
                    latency_ms=row["latency_ms"],
                    error=row["error"],
                )
            )

    async def reschedule(self, delivery_id: str, now: datetime) -> None:
        session = self._session()
        try:
            await session.execute(
                update(deliveries)
                .where(deliveries.c.id == delivery_id)
                .values(status=PENDING, next_attempt_at=now, version=deliveries.c.version + 1),
                write=True,
            )
            await session.commit()
        finally:
            await session.close()
