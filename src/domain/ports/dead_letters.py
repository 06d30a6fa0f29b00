"""The DeadLetterStore port: events a consumer group could not handle, kept for operators."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable

import msgspec

WAITING, REPLAYED = "waiting", "replayed"


class DeadLetter(msgspec.Struct, frozen=True, kw_only=True):
    """One event one group gave up on. `envelope` is the message as received (an encoded Event,
    or the raw bytes of a message that was not one); `event_id` is the envelope's id, or the
    message's position for a message that could not be decoded."""

    consumer_group: str
    event_id: str
    event_type: str | None
    envelope: bytes
    error: str
    attempts: int
    first_failed_at: datetime
    dead_lettered_at: datetime
    id: int | None = None
    status: str = WAITING
    replayed_at: datetime | None = None


@runtime_checkable
class DeadLetterStore(Protocol):
    async def add(self, letter: DeadLetter) -> DeadLetter:
        """Store `letter`; the same (group, event_id) again updates the one record, so a
        redelivered poison message is dead-lettered once. Returns it with its id."""

    async def list(self, *, waiting_only: bool = True, limit: int = 100) -> list[DeadLetter]:
        """Oldest first."""

    async def get(self, letter_id: int) -> DeadLetter | None: ...

    async def mark_replayed(self, letter_id: int) -> None: ...

    async def record_failure(self, letter_id: int, error: str) -> None:
        """A replay failed too: keep it waiting, with the new error and one more attempt."""

    async def count_waiting(self) -> int: ...
