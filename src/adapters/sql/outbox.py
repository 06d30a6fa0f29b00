"""The transactional outbox: events committed with their aggregate, published by the relay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, insert, or_, select, update

from adapters.sql.session import SqlSession
from adapters.sql.tables import outbox, relay_leases
from domain.events import Event, decode_event, encode_event
from domain.ports import OutboxStore

_ADD = insert(outbox)
_MARK_SENT = update(outbox).where(outbox.c.event_id.in_(bindparam("b_ids", expanding=True)))
_UNSENT = select(outbox.c.payload).where(outbox.c.sent_at.is_(None)).order_by(outbox.c.seq).limit(bindparam("b_limit"))


class SqlaOutboxStore(OutboxStore):
    def __init__(self, session: SqlSession) -> None:
        self._session = session

    async def add(self, events: list[Event]) -> None:
        if not events:
            return
        rows = [
            {
                "event_id": e.event_id,
                "type": str(e.type),
                "aggregate_id": e.aggregate_id,
                "user_id": e.user_id,
                "payload": encode_event(e),
                "occurred_at": e.occurred_at,
            }
            for e in events
        ]
        self._session.stage(_ADD, rows)

    async def unsent(self, limit: int) -> list[Event]:
        """Read as a writer would (on SQLite: one hop to the writer thread, no snapshot to open)."""
        result = await self._session.execute(_UNSENT, {"b_limit": limit}, write=True)
        payloads: list[bytes] = list(result.scalars())
        return [decode_event(payload) for payload in payloads]

    async def mark_sent(self, event_ids: list[str]) -> None:
        """One statement for the whole batch."""
        if event_ids:
            self._session.stage(_MARK_SENT, {"b_ids": event_ids, "sent_at": datetime.now(UTC)})

    async def claim_relay(self, holder: str, ttl_seconds: float) -> bool:
        now = datetime.now(UTC)
        lease = relay_leases.c
        result = await self._session.execute(
            update(relay_leases)
            .where(
                lease.name == "outbox", or_(lease.holder == holder, lease.expires_at.is_(None), lease.expires_at < now)
            )
            .values(holder=holder, expires_at=now + timedelta(seconds=ttl_seconds)),
            write=True,
        )
        return result.rowcount == 1
