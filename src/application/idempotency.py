"""Idempotency-Key handling with Stripe's semantics and recovery points, around any operation
that creates something (brandur.org, "Implementing Stripe-like Idempotency Keys in Postgres")."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

import msgspec
import structlog

from domain.errors import InvalidInput
from domain.ports import IdempotencyStore, KeyClaim, RecoveryPoint, StoredResponse, UnitOfWork

log = structlog.get_logger("idempotency")
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, as Stripe accepts


T = TypeVar("T")
# How the caller answers a result (its status and exact bytes), stored for a replay: the
# entrypoint supplies it, so what a retry gets is byte for byte what the first request got.
Encode = Callable[[Any], StoredResponse]
# A sharded store's record store for (user_id, resource_id): the shard of the user or the id.
StoreOfShard = Callable[[str | None, str | None], IdempotencyStore]


class Answer(msgspec.Struct, Generic[T], frozen=True):
    """A use case's result, or for a repeated Idempotency-Key the first answer as it was sent."""

    result: T | None = None
    replay: StoredResponse | None = None


def fingerprint(operation: str, body: object) -> str:
    """sha256 of `METHOD path` and the canonical (key-sorted) JSON of the decoded body."""
    canonical = msgspec.json.encode(body, order="sorted")
    return hashlib.sha256(operation.encode() + b"\n" + canonical).hexdigest()


def derive_key(*parts: object) -> str:
    """A provider-side idempotency key, e.g. from (payment id, attempt number): the client's
    Idempotency-Key maps to one payment, each attempt to one provider key, so any retry of an
    attempt (ours, or reconciliation's after a crash) repeats its key exactly."""
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()
    return f"fs_{digest[:40]}"


class Claim:
    """A request's hold on its key, handed to the operation: its own transactions move the
    recovery point, so the key record commits or rolls back with the rows it speaks for.

    Without an Idempotency-Key every method does nothing. `resource_id` is set when the request
    took over a dead request's claim at `recorded`: the operation resumes that resource.
    """

    def __init__(
        self, scope: str = "", key: str | None = None, found: KeyClaim | None = None, encode: Encode | None = None
    ) -> None:
        self.scope, self.key, self._encode = scope, key, encode
        self.point = found.recovery_point if found else RecoveryPoint.STARTED
        self.holder = found.holder if found else ""
        self.resource_id = found.resource_id if found else None

    async def record(self, uow: UnitOfWork, resource_id: str) -> None:
        """In the transaction that writes the resource's first row, before its commit."""
        if self.key is not None:
            await uow.idempotency.record(self.scope, self.key, self.holder, resource_id)
            self.point, self.resource_id = RecoveryPoint.RECORDED, resource_id

    async def finish(self, uow: UnitOfWork, result: object) -> None:
        """In the transaction that writes the outcome, before its commit."""
        if self.key is not None and self._encode is not None:
            await uow.idempotency.finish(self.scope, self.key, self._encode(result))
            self.point = RecoveryPoint.FINISHED


Operation = Callable[[Claim], Awaitable[T]]


class Idempotency:
    """Runs an operation at most once per (scope, key), resuming it after a crash.

    A replay returns the finished reply; a different body under the same key is 422; a
    duplicate while the first runs is 409, until the first's lock expires (it died): then the
    duplicate takes the key over and the operation resumes from the recorded resource. A
    failure before anything was recorded releases the key (nothing moved, a retry starts
    afresh); a later one only unlocks it, so the next retry resumes instead of waiting out the
    lock. No error is ever stored for replay.
    """

    def __init__(self, store: IdempotencyStore, encode: Encode, *, shards: StoreOfShard | None = None) -> None:
        self._store = store
        self._encode = encode
        self._shards = shards  # a sharded store: the key record sits on the shard of its rows

    async def run(
        self,
        scope: str,
        key: str | None,
        digest: str,
        operation: Operation[T],
        *,
        user_id: str | None = None,
        resource_id: str | None = None,
    ) -> Answer[T]:
        """`user_id` (a create) or `resource_id` (an operation on one) picks the shard of a
        sharded store; unsharded, they are not used."""
        if key is None:  # no header: nothing to replay; provider keys still come per attempt
            return Answer(await operation(Claim()))
        if not _KEY.match(key):
            raise InvalidInput("Idempotency-Key must be 1 to 255 visible ASCII characters", field="Idempotency-Key")
        store = self._store if self._shards is None else self._shards(user_id, resource_id)
        found = await store.begin(scope, key, digest)
        if found.response is not None:
            return Answer(replay=found.response)
        claim = Claim(scope, key, found, self._encode)
        try:
            result = await operation(claim)
        except BaseException:
            await self._let_go(store, claim)
            raise
        if claim.point is not RecoveryPoint.FINISHED:  # an operation that records no resource
            await store.complete(scope, key, self._encode(result))
        return Answer(result)

    async def _let_go(self, store: IdempotencyStore, claim: Claim) -> None:
        assert claim.key is not None
        try:
            if claim.point is RecoveryPoint.STARTED:
                await store.release(claim.scope, claim.key, claim.holder)
            else:
                await store.unlock(claim.scope, claim.key, claim.holder)
        except Exception as exc:  # the lock then expires on its own
            log.warning("idempotency_key_not_let_go", scope=claim.scope, error=repr(exc))
