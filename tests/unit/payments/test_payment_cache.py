"""Payment reads go through the cache; every writer forgets the payment's entry after commit."""

from decimal import Decimal

import msgspec
import pytest

from application.payments.get_payment import GetPayment
from application.payments.process_payment import CreatePaymentCommand
from application.payments.refund_payment import RefundCommand
from application.payments.requests import PaymentRequest, RefundBody
from application.payments.views import PaymentView
from domain.errors import NotFound
from tests.fakes.answers import answer_json
from tests.fakes.payment_store import FakeUnitOfWork


class CountingUow:
    """Counts the units of work opened, so a test can tell a cache hit from a database read."""

    def __init__(self, db) -> None:
        self.db, self.opened = db, 0

    def __call__(self) -> FakeUnitOfWork:
        self.opened += 1
        return FakeUnitOfWork(self.db)


async def _create(create_payment) -> str:
    reply = await create_payment(
        CreatePaymentCommand(PaymentRequest(user_id="u1", amount=Decimal("50.00"), currency="USD", gateway="stripe"))
    )
    return answer_json(reply)["id"]


async def test_second_read_is_served_from_the_cache_and_equals_the_first(create_payment, db, payment_cache):
    """The first read loads from the database, the second opens no unit of work and is equal."""
    pid = await _create(create_payment)
    uow = CountingUow(db)
    get_payment = GetPayment(uow, payment_cache)
    first = await get_payment(pid)
    second = await get_payment(pid)
    assert uow.opened == 1
    assert msgspec.json.encode(second) == msgspec.json.encode(first)
    assert isinstance(second, PaymentView) and second.status == "succeeded"


async def test_a_refund_is_visible_on_the_next_read(create_payment, refund_payment, db, payment_cache):
    """A cached view is forgotten by the refund's commit, before any event is consumed."""
    pid = await _create(create_payment)
    get_payment = GetPayment(lambda: FakeUnitOfWork(db), payment_cache)
    assert (await get_payment(pid)).refunded == "0.00"
    await refund_payment(RefundCommand(pid, RefundBody(amount=Decimal("20.00"))))
    after = await get_payment(pid)
    assert (after.refunded, after.refundable, len(after.refunds)) == ("20.00", "30.00", 1)


async def test_unknown_payment_is_not_found_and_not_cached(db, payment_cache):
    """A miss raises NotFound each time; nothing is stored for it."""
    uow = CountingUow(db)
    get_payment = GetPayment(uow, payment_cache)
    for _ in range(2):
        with pytest.raises(NotFound):
            await get_payment("pay_missing")
    assert uow.opened == 2
