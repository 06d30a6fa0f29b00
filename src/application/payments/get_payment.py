"""Read one payment with its refunds, through the payment cache."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from application.log_context import bind_ids
from application.payments.cache import PaymentCache
from application.payments.views import PaymentView, payment_view
from domain.errors import NotFound
from domain.ports import UnitOfWork


class GetPayment:
    """A cache hit costs one cache round trip and no database work; a miss reads the database
    (payment and refunds in one transaction) and fills the cache. Unknown ids are not cached."""

    def __init__(self, uow: Callable[[], UnitOfWork], cache: PaymentCache) -> None:
        self._uow = uow
        self._cache = cache

    async def __call__(self, payment_id: str) -> PaymentView:
        """Raises NotFound (404) for an unknown id."""
        bind_ids(payment_id=payment_id)
        view = await self._cache.read(payment_id, partial(self._load, payment_id))
        if view is None:
            raise NotFound(f"payment '{payment_id}' does not exist", field="id")
        return view

    async def _load(self, payment_id: str) -> PaymentView | None:
        async with self._uow() as uow:
            payment = await uow.payments.get(payment_id)
            if payment is None:
                return None
            refunds = await uow.payments.refunds(payment_id)
        return payment_view(payment, refunds)
