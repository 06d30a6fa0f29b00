"""Idempotency-Key records in SQL: the primary key (scope, key) makes the claim atomic."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.tables import idempotency_keys as keys
from domain.errors import IdempotencyKeyInFlight, IdempotencyKeyReused
from domain.ports import IdempotencyStore, StoredResponse

IN_FLIGHT, DONE = "in_flight", "done"


class SqlaIdempotencyStore(IdempotencyStore):
    """Stripe's semantics: the first request with a key claims it by inserting its row; the
    others read that row and get its stored response, a 409 while it runs, or a 422 when their
    body differs. Rows expire after `ttl_seconds` (24 h)."""

    def __init__(self, engine: AsyncEngine, write_lock: asyncio.Lock | None = None, ttl_seconds: int = 86_400) -> None:
        self._engine = engine
        self._write_lock = write_lock
        self._ttl = timedelta(seconds=ttl_seconds)

    def _writing(self) -> contextlib.AbstractAsyncContextManager:
        return self._write_lock if self._write_lock is not None else contextlib.nullcontext()

    async def begin(self, scope: str, key: str, fingerprint: str) -> StoredResponse | None:
        for _ in range(3):  # a row may expire or be released between our insert and our read
            now = datetime.now(UTC)
            if await self._claim(scope, key, fingerprint, now):
                return None
            async with self._engine.connect() as conn:
                row = (
                    (await conn.execute(select(keys).where(keys.c.scope == scope, keys.c.key == key)))
                    .mappings()
                    .first()
                )
            if row is None:
                continue
            if row["expires_at"] <= now:
                await self._forget(scope, key, expired_before=now)
                continue
            if row["fingerprint"] != fingerprint:
                raise IdempotencyKeyReused(
                    "this Idempotency-Key was used with a different request", field="Idempotency-Key"
                )
            if row["state"] == IN_FLIGHT:
                raise IdempotencyKeyInFlight(
                    "a request with this Idempotency-Key is still in progress; retry later", field="Idempotency-Key"
                )
            return StoredResponse(row["response_status"], bytes(row["response_body"]))
        raise IdempotencyKeyInFlight("this Idempotency-Key is contended; retry later", field="Idempotency-Key")

    async def _claim(self, scope: str, key: str, fingerprint: str, now: datetime) -> bool:
        async with self._writing():
            try:
                async with self._engine.begin() as conn:
                    await conn.execute(
                        insert(keys).values(
                            scope=scope,
                            key=key,
                            fingerprint=fingerprint,
                            state=IN_FLIGHT,
                            created_at=now,
                            expires_at=now + self._ttl,
                        )
                    )
            except IntegrityError:
                return False
        return True

    async def _forget(
        self, scope: str, key: str, *, expired_before: datetime | None = None, in_flight: bool = False
    ) -> None:
        statement = delete(keys).where(keys.c.scope == scope, keys.c.key == key)
        if expired_before is not None:
            statement = statement.where(keys.c.expires_at <= expired_before)
        if in_flight:
            statement = statement.where(keys.c.state == IN_FLIGHT)
        async with self._writing(), self._engine.begin() as conn:
            await conn.execute(statement)

    async def complete(self, scope: str, key: str, response: StoredResponse) -> None:
        async with self._writing(), self._engine.begin() as conn:
            await conn.execute(
                update(keys)
                .where(keys.c.scope == scope, keys.c.key == key)
                .values(state=DONE, response_status=response.status, response_body=response.body)
            )

    async def release(self, scope: str, key: str) -> None:
        await self._forget(scope, key, in_flight=True)
