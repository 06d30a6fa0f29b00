"""What the merchant-webhook stores share: short transactions of their own, and row mapping."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.session import SqlSession
from domain.webhook_endpoints import WebhookDelivery, WebhookEndpoint


class ShortTransactions:
    """Each store method is one short transaction of its own, apart from any payment's."""

    def __init__(self, engine: AsyncEngine, write_lock: asyncio.Lock | None = None) -> None:
        self._engine = engine
        self._write_lock = write_lock

    def _session(self) -> SqlSession:
        return SqlSession(self._engine, self._write_lock)

    async def _read(self, statement: Executable, params: Any = None, *, write: bool = False) -> list[RowMapping]:
        session = self._session()
        try:
            return list((await session.execute(statement, params, write=write)).mappings())
        finally:
            await session.close()


def endpoint_of(row: RowMapping) -> WebhookEndpoint:
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


def delivery_of(row: RowMapping) -> WebhookDelivery:
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
