"""Read one payment with its refunds."""

from __future__ import annotations

from collections.abc import Callable

from application.payment_views import PaymentView, payment_view
from domain.errors import NotFound
from domain.ports import UnitOfWork


class GetPayment:
    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self._uow = uow

    async def __call__(self, payment_id: str) -> PaymentView:
        """Raises NotFound (404) for an unknown id."""
        async with self._uow() as uow:
            payment = await uow.payments.get(payment_id)
            if payment is None:
                raise NotFound(f"payment '{payment_id}' does not exist", field="id")
            refunds = await uow.payments.refunds(payment_id)
        return payment_view(payment, refunds)
