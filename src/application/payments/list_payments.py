"""List payments newest first, filtered, with keyset pagination (`cursor` = last id seen)."""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from application.payments.views import PaymentView, payment_view
from domain.errors import InvalidInput
from domain.payment import PaymentStatus
from domain.ports import PaymentFilter, UnitOfWork

MAX_LIMIT = 100


class PaymentQuery(msgspec.Struct, frozen=True, kw_only=True):
    user_id: str | None = None
    status: str | None = None
    gateway: str | None = None
    limit: int = 20
    cursor: str | None = None


class PaymentPage(msgspec.Struct, frozen=True):
    items: list[PaymentView]
    next_cursor: str | None  # pass back as `cursor` for the next page; null on the last one


class ListPayments:
    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self._uow = uow

    async def __call__(self, query: PaymentQuery) -> PaymentPage:
        if not 1 <= query.limit <= MAX_LIMIT:
            raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}", field="limit")
        if query.status is not None and query.status not in PaymentStatus._value2member_map_:
            raise InvalidInput(f"unknown status '{query.status}'; known: {', '.join(PaymentStatus)}", field="status")
        if query.cursor is not None and len(query.cursor) > 40:
            raise InvalidInput("cursor is not one this API returned", field="cursor")
        async with self._uow() as uow:
            found = await uow.payments.list(
                PaymentFilter(
                    user_id=query.user_id,
                    status=query.status,
                    gateway=query.gateway,
                    limit=query.limit + 1,
                    cursor=query.cursor,
                )
            )
            page = found[: query.limit]
            refunds = await uow.payments.refunds_for([p.id for p in page if p.status in REFUNDED_OR_REFUNDABLE])
        next_cursor = page[-1].id if len(found) > query.limit else None
        return PaymentPage([payment_view(p, refunds.get(p.id, [])) for p in page], next_cursor)


REFUNDED_OR_REFUNDABLE = frozenset({PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED})
