"""The outbox as an operator sees it: how much waits, for how long, and which relay holds it."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec

from domain.ports import MaintenanceStore


class OutboxStatus(msgspec.Struct, frozen=True, kw_only=True):
    unsent: int
    oldest_unsent_age_seconds: float | None
    relay_holder: str | None
    relay_lease_expires_at: datetime | None
    relay_lease_live: bool


class DescribeOutbox:
    def __init__(self, store: MaintenanceStore) -> None:
        self._store = store

    async def __call__(self) -> OutboxStatus:
        state = await self._store.outbox_state()
        now = datetime.now(UTC)
        oldest = state.oldest_unsent_at
        expires = state.relay_lease_expires_at
        return OutboxStatus(
            unsent=state.unsent,
            oldest_unsent_age_seconds=round((now - oldest).total_seconds(), 3) if oldest else None,
            relay_holder=state.relay_holder,
            relay_lease_expires_at=expires,
            relay_lease_live=bool(state.relay_holder and expires and expires > now),
        )
