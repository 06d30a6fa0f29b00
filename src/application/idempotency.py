"""Idempotency-Key handling with Stripe's semantics, around any operation that creates something."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Awaitable, Callable

import msgspec
import structlog

from domain.errors import DomainError, InvalidInput
from domain.ports import IdempotencyStore, StoredResponse

log = structlog.get_logger("idempotency")
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, as Stripe accepts


class Reply(msgspec.Struct, frozen=True):
    """An HTTP-shaped result: status and the exact body bytes, replayed byte for byte."""

    status: int
    body: bytes
    replayed: bool = False


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


def _problem(status: int, code: str, detail: str) -> bytes:
    return msgspec.json.encode(
        {
            "type": f"https://factory-service.dev/problems/{code.replace('_', '-')}",
            "title": "Internal Server Error" if status == 500 else "Bad Gateway",
            "status": status,
            "code": code,
            "detail": detail,
        }
    )


class Idempotency:
    """Runs an operation at most once per (scope, key).

    A replay returns the first reply; a different body under the same key is 422; a duplicate
    while the first runs is 409. Errors the caller can fix (4xx) forget the key, as Stripe does
    with validation errors; anything else is stored like a result, because money may have moved.
    """

    def __init__(self, store: IdempotencyStore) -> None:
        self._store = store

    async def run(self, scope: str, key: str | None, digest: str, operation: Callable[[], Awaitable[Reply]]) -> Reply:
        if key is None:  # no header: nothing to replay; provider keys still come per attempt
            return await operation()
        if not _KEY.match(key):
            raise InvalidInput("Idempotency-Key must be 1 to 255 visible ASCII characters", field="Idempotency-Key")
        stored = await self._store.begin(scope, key, digest)
        if stored is not None:
            return Reply(stored.status, stored.body, replayed=True)
        try:
            reply = await operation()
        except DomainError as exc:
            if exc.status < 500:
                await self._store.release(scope, key)
                raise
            await self._store.complete(
                scope, key, StoredResponse(exc.status, _problem(exc.status, exc.code, exc.detail))
            )
            raise
        except Exception:
            log.exception("idempotent_operation_failed", scope=scope)
            await self._store.complete(
                scope,
                key,
                StoredResponse(
                    500, _problem(500, "internal_error", "an unexpected error occurred; it has been logged")
                ),
            )
            raise
        await self._store.complete(scope, key, StoredResponse(reply.status, reply.body))
        return reply
