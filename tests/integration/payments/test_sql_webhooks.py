"""processed_webhooks and the transaction-id lookup on SQLite, MariaDB and PostgreSQL."""

import pytest

from domain.money import Money
from domain.payment import Payment, PaymentStatus

pytestmark = pytest.mark.integration


async def test_a_provider_event_is_remembered_once_per_committed_transaction(uow):
    """The first record wins; a replay sees False; an uncommitted record is forgotten."""
    async with uow() as tx:
        assert await tx.payments.remember_webhook("stripe", "evt_rolled_back")
    async with uow() as tx:
        assert await tx.payments.remember_webhook("stripe", "evt_rolled_back")
        assert await tx.payments.remember_webhook("razorpay", "evt_1")
        await tx.commit()
    async with uow() as tx:
        assert not await tx.payments.remember_webhook("stripe", "evt_rolled_back")
    async with uow() as tx:  # the collision above left no lock or broken connection behind
        assert await tx.payments.remember_webhook("stripe", "evt_2")
        await tx.commit()


async def test_find_by_transaction_is_scoped_to_the_gateway(uow):
    """A transaction id finds the payment only under the gateway that issued it."""
    payment = Payment.create(user_id="u1", amount=Money(500, "USD"), gateway="stripe")
    payment.start_processing("stripe")
    payment.transaction_id = "pi_lookup"
    async with uow() as tx:
        await tx.payments.add(payment)
        await tx.commit()
    async with uow() as tx:
        found = await tx.payments.find_by_transaction("stripe", "pi_lookup", for_update=True)
        assert found is not None and found.id == payment.id
        assert await tx.payments.find_by_transaction("paypal", "pi_lookup") is None


async def test_a_payment_awaiting_review_is_not_stale_for_the_reconciler(uow):
    """Pending with amount_mismatch waits for an operator: stale() skips it, not a plain pending one."""
    held, waiting = (Payment.create(user_id=u, amount=Money(500, "EUR"), gateway="bank_transfer") for u in "ab")
    for payment in (held, waiting):
        payment.start_processing("bank_transfer")
        payment.settle(PaymentStatus.PENDING, transaction_id=f"RF-{payment.user_id}")
    held.hold_for_review(Money(100, "EUR"), transaction_id="RF-a")
    async with uow() as tx:
        await tx.payments.add(held)
        await tx.payments.add(waiting)
        await tx.commit()
    async with uow() as tx:
        stale = await tx.payments.stale(-60, 10)
    assert [p.id for p in stale] == [waiting.id]
    async with uow() as tx:
        stored = await tx.payments.get(held.id)
    assert stored.awaits_review and stored.gateway_data["received_amount"] == "1.00"
