"""The MaintenanceStore port: purging old bookkeeping rows, and the outbox's state for operators."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable

import msgspec


class OutboxState(msgspec.Struct, frozen=True, kw_only=True):
    unsent: int
    oldest_unsent_at: datetime | None
    relay_holder: str | None
    relay_lease_expires_at: datetime | None


@runtime_checkable
class MaintenanceStore(Protocol):
    """Each purge deletes at most `limit` rows in one short transaction and returns how many."""

    async def purge_sent_outbox(self, sent_before: datetime, limit: int) -> int: ...

    async def purge_processed_webhooks(self, received_before: datetime, limit: int) -> int: ...

    async def purge_expired_idempotency_keys(self, now: datetime, limit: int) -> int: ...

    async def outbox_state(self) -> OutboxState: ...
