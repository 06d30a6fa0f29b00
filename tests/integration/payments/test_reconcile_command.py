"""`factory-service reconcile --now` settles a payment a crash left processing, from the shell."""

import asyncio

import pytest
from click.testing import CliRunner

from containers import build_container
from domain.money import Money
from domain.payment import Payment, PaymentStatus
from entrypoints.cli import cli

pytestmark = pytest.mark.integration


async def _stored(container, payment: Payment | None = None) -> Payment | None:
    await container.persistence.lifecycle.init()
    try:
        async with container.persistence.uow() as uow:
            if payment is None:
                return None
            if await uow.payments.get(payment.id) is None:
                await uow.payments.add(payment)
                await uow.commit()
            return await uow.payments.get(payment.id)
    finally:
        await container.persistence.lifecycle.shutdown()


def test_reconcile_now_charges_a_payment_left_processing(settings):
    """A payment stored before its gateway call (then a crash) is charged with its first key and succeeds."""
    payment = Payment.create(user_id="u1", amount=Money.parse("10.00", "USD"), gateway="stripe")
    payment.start_processing("stripe")
    asyncio.run(_stored(build_container(settings=settings), payment))
    env = {"DATABASE_URL": settings.database.url, "APP_PROFILE": None}
    result = CliRunner().invoke(cli, ["reconcile", "--profile", "test", "--now", "--older-than", "0"], env=env)
    assert result.exit_code == 0, result.output
    assert "checked 1, changed 1, failed 0" in result.output
    settled = asyncio.run(_stored(build_container(settings=settings), payment))
    assert settled is not None and settled.status is PaymentStatus.SUCCEEDED
