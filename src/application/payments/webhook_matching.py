"""Which payment a verified notice is about, and whether it really names that payment's charge."""

from __future__ import annotations

from domain.payment import Payment
from domain.ports import UnitOfWork, WebhookEvent


async def find_payment(uow: UnitOfWork, gateway: str, event: WebhookEvent) -> Payment | None:
    """By our payment id when the notice carries it (and the gateway is the payment's), else by
    the provider's transaction id; locked for the settlement that follows."""
    payment_id = event.data.get("payment_id")
    if payment_id and "\x00" not in str(payment_id):  # no id of ours holds NUL; PostgreSQL refuses it
        payment = await uow.payments.get(str(payment_id), for_update=True)
        if payment is not None and payment.gateway == gateway:
            return payment
    if event.transaction_id and "\x00" not in event.transaction_id:
        return await uow.payments.find_by_transaction(gateway, event.transaction_id, for_update=True)
    return None


async def names_its_charge(uow: UnitOfWork, gateway: str, payment: Payment, event: WebhookEvent) -> bool:
    """A notice found by our payment id must also name that payment's charge at the provider:
    its transaction id once we know it, else an id that is no other payment's (the notice may
    beat the charge's own reply)."""
    if "\x00" in event.transaction_id:
        return False  # no provider issues such an id, and no database of ours could store it
    if payment.transaction_id:
        return event.names(payment.transaction_id)
    for provider_id in (event.transaction_id, *event.references):
        usable = provider_id and "\x00" not in provider_id
        other = await uow.payments.find_by_transaction(gateway, provider_id) if usable else None
        if other is not None and other.id != payment.id:
            return False
    return True
