"""Idempotency-Key records in SQL: the primary key (scope, key) makes the claim atomic, the
holder token makes a takeover atomic, and the resource's own transactions move the recovery point."""

from __future__ import annotations

import asyncio
import contextlib
import math
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.session import SqlSession
from adapters.sql.tables import idempotency_keys as keys
from domain.errors import IdempotencyKeyInFlight, IdempotencyKeyReused
from domain.ports import IdempotencyKeys, IdempotencyStore, KeyClaim, RecoveryPoint, StoredResponse

STARTED, RECORDED, FINISHED = (str(p) for p in RecoveryPoint)
_THIS_KEY = and_(keys.c.scope == bindparam("b_scope"), keys.c.key == bindparam("b_key"))
_HELD = and_(_THIS_KEY, keys.c.holder == bindparam("b_holder"))
_RECORD = update(keys).where(_HELD, keys.c.recovery_point == STARTED)
_FINISH = update(keys).where(_THIS_KEY, keys.c.recovery_point != FINISHED)


def _in_flight(detail: str, retry_after: float | None = None) -> IdempotencyKeyInFlight:
    extra = {"retry_after_seconds": math.ceil(retry_after)} if retry_after is not None else None
    return IdempotencyKeyInFlight(detail, field="Idempotency-Key", extra=extra)


class SqlaIdempotencyStore(IdempotencyStore):
    """Stripe's semantics with recovery points: the first request with a key claims it by
    inserting its row; the others read that row and get its stored response, a 422 when their
    body differs, a 409 while its holder's lock is fresh, or, once the lock is older than
    `lock_seconds` (the holder died), the claim itself. Rows expire after `ttl_seconds`."""

    def __init__(
        self,
        engine: AsyncEngine,
        write_lock: asyncio.Lock | None = None,
        ttl_seconds: int = 86_400,
        lock_seconds: float = 120.0,
    ) -> None:
        self._engine = engine
        self._write_lock = write_lock
        self._ttl = timedelta(seconds=ttl_seconds)
        self._lock = timedelta(seconds=lock_seconds)

    def _writing(self) -> contextlib.AbstractAsyncContextManager:
        return self._write_lock if self._write_lock is not None else contextlib.nullcontext()

    async def _write(self, statement, params: dict) -> int:
        async with self._writing(), self._engine.begin() as conn:
            return (await conn.execute(statement, params)).rowcount

    async def begin(self, scope: str, key: str, fingerprint: str) -> KeyClaim:
        for _ in range(3):  # a row may expire, be released or be taken over between our steps
            now, holder = datetime.now(UTC), uuid.uuid4().hex
            if await self._claim(scope, key, fingerprint, holder, now):
                return KeyClaim(RecoveryPoint.STARTED, holder)
            async with self._engine.connect() as conn:
                query = select(keys).where(keys.c.scope == scope, keys.c.key == key)
                row = (await conn.execute(query)).mappings().first()
            if row is None:
                continue
            if row["expires_at"] <= now:
                await self._write(
                    delete(keys).where(_THIS_KEY, keys.c.expires_at <= now), {"b_scope": scope, "b_key": key}
                )
                continue
            if row["fingerprint"] != fingerprint:
                raise IdempotencyKeyReused(
                    "this Idempotency-Key was used with a different request", field="Idempotency-Key"
                )
            if row["recovery_point"] == FINISHED:
                body = row["response_body"]
                response = StoredResponse(row["response_status"], bytes(body) if body is not None else b"")
                return KeyClaim(RecoveryPoint.FINISHED, response=response)
            if row["locked_at"] is not None and row["locked_at"] > now - self._lock:
                # At the latest when the lock expires the retry gets the key (its holder died).
                left = (row["locked_at"] + self._lock - now).total_seconds()
                raise _in_flight("a request with this Idempotency-Key is still in progress; retry later", left)
            if await self._take_over(scope, key, row["holder"], holder, now):
                return KeyClaim(RecoveryPoint(row["recovery_point"]), holder, row["resource_id"])
        raise _in_flight("this Idempotency-Key is contended; retry later")

    async def _claim(self, scope: str, key: str, fingerprint: str, holder: str, now: datetime) -> bool:
        values = {
            "scope": scope,
            "key": key,
            "fingerprint": fingerprint,
            "recovery_point": STARTED,
            "holder": holder,
            "locked_at": now,
            "created_at": now,
            "expires_at": now + self._ttl,
        }
        try:
            await self._write(insert(keys), values)
        except IntegrityError:
            return False
        return True

    async def _take_over(self, scope: str, key: str, dead: str | None, holder: str, now: datetime) -> bool:
        """Compare-and-set on the dead holder's token: of several retries one takes it over."""
        held_by_dead = keys.c.holder.is_(None) if dead is None else keys.c.holder == dead
        statement = (
            update(keys)
            .where(_THIS_KEY, held_by_dead, keys.c.recovery_point != FINISHED)
            .values(holder=holder, locked_at=now)
        )
        return await self._write(statement, {"b_scope": scope, "b_key": key}) == 1

    async def complete(self, scope: str, key: str, response: StoredResponse) -> None:
        await self._write(
            _FINISH.values(recovery_point=FINISHED, response_status=response.status, response_body=response.body),
            {"b_scope": scope, "b_key": key},
        )

    async def release(self, scope: str, key: str, holder: str) -> None:
        statement = delete(keys).where(_HELD, keys.c.recovery_point == STARTED)
        await self._write(statement, {"b_scope": scope, "b_key": key, "b_holder": holder})

    async def unlock(self, scope: str, key: str, holder: str) -> None:
        statement = update(keys).where(_HELD, keys.c.recovery_point != FINISHED).values(locked_at=None)
        await self._write(statement, {"b_scope": scope, "b_key": key, "b_holder": holder})


class SqlaIdempotencyKeys(IdempotencyKeys):
    """The key record's moves inside a unit of work, committed with the resource's rows."""

    def __init__(self, session: SqlSession) -> None:
        self._session = session

    async def record(self, scope: str, key: str, holder: str, resource_id: str) -> None:
        params = {"b_scope": scope, "b_key": key, "b_holder": holder}
        result = await self._session.execute(
            _RECORD.values(recovery_point=RECORDED, resource_id=resource_id), params, write=True
        )
        if result.rowcount != 1:
            raise _in_flight("another request took this Idempotency-Key over; retry to get its answer")

    async def finish(self, scope: str, key: str, response: StoredResponse) -> None:
        values = {"recovery_point": FINISHED, "response_status": response.status, "response_body": response.body}
        await self._session.execute(
            _FINISH.values(**values, locked_at=None), {"b_scope": scope, "b_key": key}, write=True
        )
