"""Idempotency-Key handling with Stripe's semantics, for any POST use case.

Same key and same body: the first response is replayed. Same key, different body: 422. The first
request still running: 409. A request that fails before anything moved (validation, unknown
channel) releases its key, so the client may correct it and retry with the same key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable

import msgspec

from domain.errors import InvalidInput
from domain.ports import IdempotencyStore, StoredResponse

MAX_KEY_LENGTH = 255


def fingerprint(request: object) -> str:
    """A digest of the decoded request, insensitive to JSON key order and whitespace."""
    return hashlib.sha256(msgspec.json.encode(request, order="sorted")).hexdigest()


def check_key(key: str) -> None:
    if not key.strip() or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise InvalidInput(f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable characters",
                           field="Idempotency-Key")


async def run_idempotent(store: IdempotencyStore, scope: str, key: str, fingerprint: str,
                         produce: Callable[[], Awaitable[StoredResponse]]) -> StoredResponse:
    """Run `produce` once per (scope, key); later calls with the same fingerprint get its response.

    Args:
        store: where keys and responses are kept (for their TTL).
        scope: the endpoint, so one key may be used on two endpoints independently.
        key: the client's Idempotency-Key.
        fingerprint: digest of the request body (see `fingerprint`).
        produce: the work; raising releases the key, returning stores the response.

    Returns:
        The response of the first request with this key.
    """
    check_key(key)
    stored = await store.begin(scope, key, fingerprint)
    if stored is not None:
        return stored
    try:
        response = await produce()
    except BaseException:
        await store.release(scope, key)
        raise
    await store.complete(scope, key, response)
    return response
