"""A unit of work over a user-sharded store: each call goes to the shard its user or id names
(its repositories: sharded_repositories.py).

A request touches one user's rows, so it writes one shard; the shard's own unit of work opens on
the first call that names it and its commit carries that shard's outbox events. Calls that name
no shard (a provider's transaction id, a delivery receipt, due scheduled notifications) ask every
shard; a listing without a user merges the shards' keyset pages. Nothing spans two shards in one
transaction: a commit commits each shard that was opened (only one ever has writes).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Self, TypeVar

from adapters.sql.sharded_repositories import NoOutbox, ShardedKeys, ShardedNotifications, ShardedPayments
from adapters.sql.uow import SqlaUnitOfWork
from domain.ports import IdempotencyKeys, NotificationRepository, OutboxStore, PaymentRepository, UnitOfWork

if TYPE_CHECKING:
    from adapters.sql.shards import ShardRouter

T = TypeVar("T")


class ShardedUnitOfWork(UnitOfWork):
    def __init__(self, router: ShardRouter) -> None:
        self._router = router
        self._open: dict[str, SqlaUnitOfWork] = {}
        self.current: str | None = None  # the shard of the last row found or written
        self.payments: PaymentRepository = ShardedPayments(self)
        self.notifications: NotificationRepository = ShardedNotifications(self)
        self.outbox: OutboxStore = NoOutbox()
        self.idempotency: IdempotencyKeys = ShardedKeys(self)

    def on(self, shard: str, *, current: bool = True) -> SqlaUnitOfWork:
        if current:
            self.current = shard
        uow = self._open.get(shard)
        if uow is None:
            uow = self._open[shard] = self._router.shards[shard].unit_of_work()
        return uow

    def of_user(self, user_id: str) -> SqlaUnitOfWork:
        return self.on(self._router.map.shard_of_user(user_id))

    def of_id(self, entity_id: str) -> SqlaUnitOfWork:
        return self.on(self._router.map.shard_of_id(entity_id))

    def here(self) -> SqlaUnitOfWork:
        """The shard this unit already works on (the first shard before any row was named)."""
        return self.on(self.current or self._router.map.shards[0])

    async def each(self, call: Callable[[SqlaUnitOfWork], Awaitable[T]]) -> list[tuple[str, T]]:
        """The same read on every shard, in shard order (none becomes current)."""
        return [(name, await call(self.on(name, current=False))) for name in self._router.map.shards]

    async def first_found(self, call: Callable[[SqlaUnitOfWork], Awaitable[T | None]]) -> T | None:
        """The shard already in use first, then the others; the one that has it becomes current."""
        order = sorted(self._router.map.shards, key=lambda name: name != self.current)
        for name in order:
            found = await call(self.on(name, current=False))
            if found is not None:
                self.current = name
                return found
        return None

    def by_id(self, ids: Iterable[str]) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for entity_id in ids:
            grouped.setdefault(self._router.map.shard_of_id(entity_id), []).append(entity_id)
        return grouped

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        for uow in self._open.values():
            await uow.__aexit__(*exc)

    async def commit(self) -> None:
        for uow in self._open.values():
            await uow.commit()

    async def rollback(self) -> None:
        for uow in self._open.values():
            await uow.rollback()
