"""The background loops of a user-sharded store's other shards: each shard has its own outbox
relay (with its own lease row), its own reconciler pass and its own housekeeping (sent outbox
rows, processed webhooks, expired Idempotency-Keys), beside the first shard's loops."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any, Protocol

from application.events.outbox_relay import Doorbell, OutboxRelay, relay_in_background
from application.payments.reconcile_payments import ReconcileReport
from application.system.background import run_periodically
from domain.ports import UnitOfWork


class ShardLike(Protocol):
    name: str
    wake: Any  # the Doorbell its commits ring
    maintenance: Any  # its MaintenanceStore

    def unit_of_work(self) -> UnitOfWork: ...


async def other_shards_loops(
    shards: Sequence[ShardLike],
    make_relay: Callable[..., OutboxRelay],
    make_reconciler: Callable[..., Callable[[], Awaitable[Any]]],
    make_housekeeping: Callable[..., Callable[[], Awaitable[Any]]],
    relay_seconds: float,
    reconcile_seconds: float,
    housekeeping_seconds: float,
    *after: object,
) -> AsyncIterator[list[OutboxRelay]]:
    """One relay, reconciler and housekeeping loop per shard given (those after the first), started
    after `after` (the engines, the started bus) and stopped before them, each relay with a
    last flush."""
    relays: list[OutboxRelay] = []
    async with contextlib.AsyncExitStack() as stack:
        for shard in shards:
            wake: Doorbell = shard.wake
            relay = make_relay(uow=shard.unit_of_work, wake=wake)
            relays.append(relay)
            await stack.enter_async_context(contextlib.asynccontextmanager(relay_in_background)(relay, relay_seconds))
            await stack.enter_async_context(
                contextlib.asynccontextmanager(run_periodically)(
                    f"reconciler-{shard.name}", make_reconciler(uow=shard.unit_of_work), reconcile_seconds
                )
            )
            await stack.enter_async_context(
                contextlib.asynccontextmanager(run_periodically)(
                    f"housekeeping-{shard.name}", make_housekeeping(store=shard.maintenance), housekeeping_seconds
                )
            )
        yield relays


class ReconcileEveryShard:
    """One reconciliation pass on every shard (`reconcile --now`), their reports added up."""

    def __init__(
        self,
        first: Callable[[], Awaitable[ReconcileReport]],
        others: Sequence[Callable[[], Awaitable[ReconcileReport]]],
    ) -> None:
        self._passes = [first, *others]

    async def __call__(self) -> ReconcileReport:
        reports = [await run() for run in self._passes]
        return ReconcileReport(
            checked=sum(r.checked for r in reports),
            changed=sum(r.changed for r in reports),
            failed=sum(r.failed for r in reports),
            expired=sum(r.expired for r in reports),
        )
