"""The repositories of a ShardedUnitOfWork: each call goes to the shard its user or id names,
calls that name none ask every shard, and a listing without a user merges the shards' pages."""

from __future__ import annotations

import builtins
import heapq
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from adapters.sql.uow import SqlaUnitOfWork
from domain.events import Event
from domain.notification import Notification
from domain.payment import Payment, Refund
from domain.ports import (
    IdempotencyKeys,
    NotificationRepository,
    OutboxStore,
    PaymentFilter,
    PaymentRepository,
    StoredResponse,
)

if TYPE_CHECKING:
    from adapters.sql.sharded_uow import ShardedUnitOfWork


class ShardedPayments(PaymentRepository):
    def __init__(self, uow: ShardedUnitOfWork) -> None:
        self._uow = uow

    async def add(self, payment: Payment) -> None:
        shard = self._uow.of_user(payment.user_id)
        if self._uow.of_id(payment.id) is not shard:
            raise ValueError(f"payment {payment.id} does not carry the bucket of user {payment.user_id!r}")
        await shard.payments.add(payment)

    async def get(self, payment_id: str, *, for_update: bool = False) -> Payment | None:
        return await self._uow.of_id(payment_id).payments.get(payment_id, for_update=for_update)

    async def get_many(self, payment_ids: list[str]) -> dict[str, Payment]:
        found: dict[str, Payment] = {}
        for shard, ids in self._uow.by_id(payment_ids).items():
            found.update(await self._uow.on(shard, current=False).payments.get_many(ids))
        return found

    async def save(self, payment: Payment, *, checked_at_commit: bool = False) -> None:
        await self._uow.of_id(payment.id).payments.save(payment, checked_at_commit=checked_at_commit)

    async def list(self, query: PaymentFilter) -> list[Payment]:
        if query.user_id is not None:
            return await self._uow.of_user(query.user_id).payments.list(query)
        pages = await self._uow.each(lambda uow: uow.payments.list(query))
        return merge_newest_first([page for _, page in pages], query.limit)

    async def add_refund(self, refund: Refund) -> None:
        await self._uow.of_id(refund.payment_id).payments.add_refund(refund)

    async def save_refund(self, refund: Refund) -> None:
        await self._uow.of_id(refund.payment_id).payments.save_refund(refund)

    async def refunds(self, payment_id: str) -> builtins.list[Refund]:
        return await self._uow.of_id(payment_id).payments.refunds(payment_id)

    async def refunds_for(self, payment_ids: builtins.list[str]) -> dict[str, builtins.list[Refund]]:
        found: dict[str, builtins.list[Refund]] = {}
        for shard, ids in self._uow.by_id(payment_ids).items():
            found.update(await self._uow.on(shard, current=False).payments.refunds_for(ids))
        return found

    async def stale(self, older_than_seconds: float, limit: int) -> builtins.list[Payment]:
        pages = await self._uow.each(lambda uow: uow.payments.stale(older_than_seconds, limit))
        return [payment for _, page in pages for payment in page][:limit]

    async def expired_authorizations(self, older_than_seconds: float, limit: int) -> builtins.list[Payment]:
        pages = await self._uow.each(lambda uow: uow.payments.expired_authorizations(older_than_seconds, limit))
        return [payment for _, page in pages for payment in page][:limit]

    async def find_by_transaction(
        self, gateway: str, transaction_id: str, *, for_update: bool = False
    ) -> Payment | None:
        return await self._uow.first_found(
            lambda uow: uow.payments.find_by_transaction(gateway, transaction_id, for_update=for_update)
        )

    async def remember_webhook(self, provider: str, provider_event_id: str) -> bool:
        """On the shard of the payment the event settles, in the same transaction."""
        return await self._uow.here().payments.remember_webhook(provider, provider_event_id)


class ShardedNotifications(NotificationRepository):
    def __init__(self, uow: ShardedUnitOfWork) -> None:
        self._uow = uow

    async def add(self, notification: Notification) -> None:
        await self._uow.of_id(notification.id).notifications.add(notification)

    async def get(self, notification_id: str) -> Notification | None:
        return await self._uow.of_id(notification_id).notifications.get(notification_id)

    async def save(self, notification: Notification) -> None:
        await self._uow.of_id(notification.id).notifications.save(notification)

    async def find_by_provider_id(self, channel: str, provider_message_id: str) -> Notification | None:
        return await self._uow.first_found(
            lambda uow: uow.notifications.find_by_provider_id(channel, provider_message_id)
        )

    async def has_due(self, now: datetime) -> bool:
        return any(due for _, due in await self._uow.each(lambda uow: uow.notifications.has_due(now)))

    async def claim_due(self, now: datetime, limit: int) -> list[Notification]:
        """Each shard claims its own due rows; the commit commits every shard's claims."""
        claimed: list[Notification] = []
        for name in self._uow._router.map.shards:
            if len(claimed) >= limit:
                break
            shard = self._uow.on(name, current=False)
            claimed += await shard.notifications.claim_due(now, limit - len(claimed))
        return claimed

    async def in_group(self, group_id: str) -> list[Notification]:
        pages = await self._uow.each(lambda uow: uow.notifications.in_group(group_id))
        return sorted((n for _, page in pages for n in page), key=lambda n: n.created_at)


class ShardedKeys(IdempotencyKeys):
    """The key record goes with the rows it speaks for: on the shard this unit works on."""

    def __init__(self, uow: ShardedUnitOfWork) -> None:
        self._uow = uow

    async def record(self, scope: str, key: str, holder: str, resource_id: str) -> None:
        await self._uow.here().idempotency.record(scope, key, holder, resource_id)

    async def finish(self, scope: str, key: str, response: StoredResponse) -> None:
        if self._uow.current is None:  # a unit that names no row (a suppressed notification's answer)
            for _, shard in await self._uow.each(_opened):  # the one holding the key's row updates it
                await shard.idempotency.finish(scope, key, response)
            return
        await self._uow.here().idempotency.finish(scope, key, response)


async def _opened(uow: SqlaUnitOfWork) -> SqlaUnitOfWork:
    return uow


class NoOutbox(OutboxStore):
    """Each shard's relay reads its own outbox through that shard's own unit of work."""

    async def add(self, events: list[Event]) -> None:
        raise TypeError("events reach a shard's outbox through its unit of work's commit")

    async def unsent(self, limit: int) -> list[Event]:
        raise TypeError("a sharded store has one outbox per shard: relay each shard")

    async def mark_sent(self, event_ids: list[str]) -> None:
        raise TypeError("a sharded store has one outbox per shard: relay each shard")

    async def claim_relay(self, holder: str, ttl_seconds: float) -> bool:
        raise TypeError("a sharded store has one outbox per shard: relay each shard")


def merge_newest_first(pages: Iterable[list[Payment]], limit: int) -> list[Payment]:
    """Keyset pages of several shards (each newest first, by id) as one page of `limit`: ids
    are time-ordered across shards, so the cursor (the last id) is valid on every shard."""
    merged = heapq.merge(*pages, key=lambda payment: payment.id, reverse=True)
    return [payment for _, payment in zip(range(limit), merged, strict=False)]
