"""The AnalyticsStore on MongoDB through Beanie: event documents and $inc rollups."""

from __future__ import annotations

import asyncio
from typing import Any

from beanie import init_beanie
from beanie.odm.operators.update.general import Inc
from beanie.odm.queries.update import UpdateResponse
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from adapters.analytics.documents import (
    DOCUMENTS,
    AnalyticsEventDocument,
    NotificationRollup,
    PaymentRollup,
)
from adapters.analytics.mongo_run import run_query
from adapters.analytics.projection import (
    NOTIFICATION_EVENTS,
    PAYMENT_EVENTS,
    STATUS_RANK,
    Facts,
    facts,
    utc,
)
from domain.events import Event
from domain.ports import AnalyticsStore


class MongoAnalyticsStore(AnalyticsStore):
    """Inserts the event document first; rollups get their $inc only when that insert succeeded,
    so a replayed event (duplicate event_id) changes nothing.

    Beanie binds its documents to one database per process, so one store serves the process.
    Connects lazily: an unreachable MongoDB never blocks startup.
    """

    def __init__(self, url: str, database: str, *, timeout_ms: int = 5000) -> None:
        self._url = url
        self._database = database
        self._timeout_ms = timeout_ms
        self._client: AsyncMongoClient | None = None
        self._db: AsyncDatabase | None = None
        self._lock = asyncio.Lock()

    async def _ready(self) -> AsyncDatabase:
        async with self._lock:
            if self._db is None:
                self._client = AsyncMongoClient(self._url, serverSelectionTimeoutMS=self._timeout_ms)
                db = self._client[self._database]
                await init_beanie(database=db, document_models=DOCUMENTS)
                self._db = db
        return self._db

    async def record(self, event: Event) -> bool:
        await self._ready()
        f = facts(event)
        document = AnalyticsEventDocument(
            event_id=event.event_id,
            type=str(event.type),
            aggregate_id=event.aggregate_id,
            user_id=event.user_id,
            occurred_at=utc(event.occurred_at),
            day=f.day,
            gateway=f.gateway,
            channel=f.channel,
            currency=f.currency,
            status=f.status,
            status_rank=STATUS_RANK.get(f.status or ""),
            amount_minor=f.amount_minor,
            data=event.data,
        )
        try:
            await document.insert()
        except DuplicateKeyError:
            return False
        await self._roll_up(event, f)
        return True

    async def _roll_up(self, event: Event, f: Facts) -> None:
        if event.type in PAYMENT_EVENTS:
            model: Any = PaymentRollup
            key = {"day": f.day, "gateway": f.gateway, "currency": f.currency, "status": f.status}
            amount = f.amount_minor or 0
            inc = (
                {"events": 1, "refunds": 1, "refunded_minor": amount}
                if f.refund
                else {"events": 1, "amount_minor": amount}
            )
        elif event.type in NOTIFICATION_EVENTS:
            model, inc = NotificationRollup, {"notifications": 1}
            key = {"day": f.day, "channel": f.channel, "status": f.status}
        else:
            return
        for attempt in range(2):  # two first upserts of one key race; the loser retries once
            try:
                await model.find_one(key).update(Inc(inc), upsert=True, response_type=UpdateResponse.UPDATE_RESULT)
                return
            except DuplicateKeyError:
                if attempt:
                    raise

    async def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return await run_query(await self._ready(), "analytics", query, params)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = self._db = None
