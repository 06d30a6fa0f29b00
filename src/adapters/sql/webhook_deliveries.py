"""Merchant webhook deliveries and their attempt log in the transactional database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, bindparam, insert, select, update

from adapters.sql.tables import webhook_attempts as attempts
from adapters.sql.tables import webhook_deliveries as deliveries
from adapters.sql.tables import webhook_endpoints as endpoints
from adapters.sql.webhook_rows import ShortTransactions, delivery_of
from domain.events import Event, encode_event
from domain.ids import new_id
from domain.ports import WebhookDeliveryStore
from domain.webhook_endpoints import (
    DELIVERY_ID_PREFIX,
    ENABLED,
    PENDING,
    DeliveryAttempt,
    DueDelivery,
    WebhookDelivery,
)

_DUE = (
    select(deliveries, endpoints.c.url, endpoints.c.secret)
    .join(endpoints, endpoints.c.id == deliveries.c.endpoint_id)
    .where(
        deliveries.c.status == PENDING,
        deliveries.c.next_attempt_at <= bindparam("b_now"),
        endpoints.c.status == ENABLED,
    )
    .order_by(deliveries.c.next_attempt_at)
    .limit(bindparam("b_limit"))
)


class SqlaWebhookDeliveryStore(ShortTransactions, WebhookDeliveryStore):
    """A claim bumps the row's `version` under a check of the version read, so of two workers
    (instances) that read the same due row only one sends it."""

    async def enqueue(self, event: Event, endpoint_ids: list[str], now: datetime) -> int:
        session = self._session()
        try:
            existing = select(deliveries.c.endpoint_id).where(deliveries.c.event_id == event.event_id)
            have: set[str] = set((await session.execute(existing, write=True)).scalars())
            payload = encode_event(event)
            rows = [
                {
                    "id": new_id(DELIVERY_ID_PREFIX),
                    "endpoint_id": e,
                    "event_id": event.event_id,
                    "event_type": str(event.type),
                    "payload": payload,
                    "status": PENDING,
                    "attempt_count": 0,
                    "next_attempt_at": now,
                    "version": 0,
                    "created_at": now,
                }
                for e in endpoint_ids
                if e not in have
            ]
            if rows:
                await session.execute(insert(deliveries), rows, write=True)
            await session.commit()
            return len(rows)
        finally:
            await session.close()

    async def claim_due(self, now: datetime, limit: int, lease_until: datetime) -> list[DueDelivery]:
        # Every instance polls once a second: on SQLite the read goes to the writer thread in
        # one hop (no snapshot to open), as the outbox relay's does.
        rows = await self._read(_DUE, {"b_now": now, "b_limit": limit}, write=True)
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
                    claimed.append(DueDelivery(delivery=delivery_of(row), url=row["url"], secret=row["secret"]))
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
        query = (
            select(deliveries)
            .where(deliveries.c.endpoint_id == endpoint_id)
            .order_by(deliveries.c.id.desc())
            .limit(limit)
        )
        return await self._with_attempts(query)

    async def get(self, delivery_id: str) -> WebhookDelivery | None:
        found = await self._with_attempts(select(deliveries).where(deliveries.c.id == delivery_id))
        return found[0] if found else None

    async def _with_attempts(self, query: Select) -> list[WebhookDelivery]:
        """The deliveries and their attempts in one statement (one snapshot on every backend and
        isolation level), so a delivery's status always agrees with its attempt log."""
        limited = query.subquery()
        joined = (
            select(limited, attempts.c.attempted_at, attempts.c.status_code, attempts.c.latency_ms, attempts.c.error)
            .outerjoin(attempts, attempts.c.delivery_id == limited.c.id)
            .order_by(limited.c.id.desc(), attempts.c.seq)
        )
        found: dict[str, WebhookDelivery] = {}
        for row in await self._read(joined):
            delivery = found.get(row["id"]) or found.setdefault(row["id"], delivery_of(row))
            if row["attempted_at"] is not None:
                delivery.attempts.append(
                    DeliveryAttempt(
                        attempted_at=row["attempted_at"],
                        status_code=row["status_code"],
                        latency_ms=row["latency_ms"],
                        error=row["error"],
                    )
                )
        return list(found.values())

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
