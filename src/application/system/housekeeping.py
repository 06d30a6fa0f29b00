"""Housekeeping: purge sent outbox rows, processed webhooks and expired idempotency keys."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import msgspec
import structlog

from domain.ports import DeadLetterStore, MaintenanceStore, Metrics, NoMetrics

log = structlog.get_logger("housekeeping")


class PurgeReport(msgspec.Struct, frozen=True):
    sent_outbox: int
    processed_webhooks: int
    idempotency_keys: int


class PurgeOldRecords:
    """One round: each kind is purged `batch_size` rows at a time until none is left, with a
    pause between batches so writers never queue long behind the purge. Also refreshes the
    waiting dead letters gauge (another instance may have added or replayed some)."""

    def __init__(
        self,
        store: MaintenanceStore,
        dead_letters: DeadLetterStore,
        *,
        batch_size: int = 500,
        sent_outbox_retention_seconds: float = 7 * 86_400,
        processed_webhook_retention_seconds: float = 30 * 86_400,
        pause_seconds: float = 0.05,
        metrics: Metrics | None = None,
    ) -> None:
        self._store = store
        self._dead_letters = dead_letters
        self._batch = batch_size
        self._outbox_retention = timedelta(seconds=sent_outbox_retention_seconds)
        self._webhook_retention = timedelta(seconds=processed_webhook_retention_seconds)
        self._pause = pause_seconds
        self._metrics = metrics or NoMetrics()

    async def __call__(self) -> PurgeReport:
        now = datetime.now(UTC)
        store = self._store
        report = PurgeReport(
            sent_outbox=await self._drain(lambda n: store.purge_sent_outbox(now - self._outbox_retention, n)),
            processed_webhooks=await self._drain(
                lambda n: store.purge_processed_webhooks(now - self._webhook_retention, n)
            ),
            idempotency_keys=await self._drain(lambda n: store.purge_expired_idempotency_keys(now, n)),
        )
        if any(msgspec.structs.astuple(report)):
            log.info("housekeeping_purged", **msgspec.structs.asdict(report))
        self._metrics.dead_letters_waiting(await self._dead_letters.count_waiting())
        return report

    async def _drain(self, purge: Callable[[int], Awaitable[int]]) -> int:
        total = 0
        while True:
            purged = await purge(self._batch)
            total += purged
            if purged < self._batch:
                return total
            await asyncio.sleep(self._pause)
