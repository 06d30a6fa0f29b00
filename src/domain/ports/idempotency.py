"""Idempotency-Key records with recovery points (Stripe's design): the store and its in-transaction half."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


class RecoveryPoint(enum.StrEnum):
    STARTED = "started"  # claimed, nothing else written: a failure here releases the key
    RECORDED = "recorded"  # the resource's first row is committed: from here money may move
    FINISHED = "finished"  # the response is stored: a retry replays it


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status: int
    body: bytes


@dataclass(frozen=True, slots=True)
class KeyClaim:
    """What `begin` found: a fresh claim, a dead holder's claim taken over, or a finished reply."""

    recovery_point: RecoveryPoint
    holder: str = ""  # this request's lock token; the record and release checks it
    resource_id: str | None = None  # set from `recorded` on
    response: StoredResponse | None = None  # set when `finished`


@runtime_checkable
class IdempotencyStore(Protocol):
    """Stripe-style Idempotency-Key records, scoped per endpoint, kept for a TTL."""

    async def begin(self, scope: str, key: str, fingerprint: str) -> KeyClaim:
        """Claim the key, or take it over from a holder whose lock expired (it died).

        Returns the claim with its recovery point, or the stored response of a finished request.
        Raises IdempotencyKeyInFlight while a live request holds the key and IdempotencyKeyReused
        when the fingerprint differs.
        """

    async def complete(self, scope: str, key: str, response: StoredResponse) -> None:
        """Store the response outside any unit of work (operations that record no resource)."""

    async def release(self, scope: str, key: str, holder: str) -> None:
        """Forget a claim still at `started`: its request failed before anything was recorded."""

    async def unlock(self, scope: str, key: str, holder: str) -> None:
        """Drop the lock of a recorded claim whose request failed: the next retry resumes at once."""


@runtime_checkable
class IdempotencyKeys(Protocol):
    """The key record's writes that belong in the unit of work's transaction."""

    async def record(self, scope: str, key: str, holder: str, resource_id: str) -> None:
        """Move the claim to `recorded` with its resource, in the resource's first transaction.
        Raises IdempotencyKeyInFlight when `holder` lost the claim, so that transaction rolls back."""

    async def finish(self, scope: str, key: str, response: StoredResponse) -> None:
        """Move the claim to `finished` with its response, in the outcome's transaction."""
