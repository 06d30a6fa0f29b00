"""RefundPayment against fakes: partial, over, not refundable, refused, concurrent, any sequence."""

import asyncio
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from application.idempotency import derive_key
from application.payments.process_payment import CreatePaymentCommand
from application.payments.refund_payment import RefundCommand
from application.payments.requests import PaymentRequest, RefundBody
from domain.errors import DomainError, InvalidInput, NotFound, NotRefundable, RefundExceedsRemainder
from domain.events import EventType
from domain.payment import PaymentStatus, RefundStatus
from tests.fakes.answers import answer_json
from tests.fakes.payments import timeout, until


async def _paid(create_payment, amount: str = "100.00") -> str:
    reply = await create_payment(
        CreatePaymentCommand(PaymentRequest(user_id="u1", amount=Decimal(amount), currency="USD", gateway="stripe"))
    )
    return answer_json(reply)["id"]


def _refund(payment_id: str, amount: str | None = None, key: str | None = None) -> RefundCommand:
    return RefundCommand(
        payment_id,
        RefundBody(amount=None if amount is None else Decimal(amount)),
        key,
        f"POST /api/v1/payments/{payment_id}/refund",
    )


async def test_partial_refund_records_refund_processed_and_the_remainder(create_payment, refund_payment, db):
    """A 30.00 refund of 100.00 leaves 70.00 refundable and records refund_processed."""
    pid = await _paid(create_payment)
    body = answer_json(await refund_payment(_refund(pid, "30.00")))
    assert body["refund"]["status"] == "succeeded"
    assert body["payment"]["status"] == "partially_refunded"
    assert (body["payment"]["refunded"], body["payment"]["refundable"]) == ("30.00", "70.00")
    assert db.outbox[-1].type is EventType.REFUND_PROCESSED


async def test_default_refund_is_the_remainder_and_then_nothing_is_refundable(create_payment, refund_payment):
    """No amount refunds everything; a further refund is 409 not refundable."""
    pid = await _paid(create_payment)
    body = answer_json(await refund_payment(_refund(pid)))
    assert body["payment"]["status"] == "refunded" and body["refund"]["amount"] == "100.00"
    with pytest.raises(NotRefundable):
        await refund_payment(_refund(pid, "1.00"))


async def test_over_refund_is_422_and_changes_nothing(create_payment, refund_payment, db):
    """Asking for more than the remainder is refused before the gateway is called."""
    pid = await _paid(create_payment)
    with pytest.raises(RefundExceedsRemainder) as error:
        await refund_payment(_refund(pid, "100.01"))
    assert error.value.field == "amount" and db.payments[pid].refunded_minor == 0


async def test_unknown_payment_is_404(refund_payment):
    """Refunding a payment that does not exist is NotFound."""
    with pytest.raises(NotFound):
        await refund_payment(_refund("pay_missing", "1.00"))


async def test_refused_refund_releases_its_reservation(create_payment, refund_payment, fakes, db):
    """A refund the gateway refuses is stored as failed and the amount is refundable again."""
    pid = await _paid(create_payment)
    fakes["stripe"].refund_status = RefundStatus.FAILED
    body = answer_json(await refund_payment(_refund(pid, "40.00")))
    assert body["refund"]["status"] == "failed"
    assert body["payment"]["status"] == "succeeded" and body["payment"]["refundable"] == "100.00"


async def test_refund_the_provider_rejects_is_failed_and_released(create_payment, refund_payment, fakes):
    """A provider error that is not an outage (e.g. a 4xx) means nothing moved: failed, released."""
    pid = await _paid(create_payment)
    fakes["stripe"].refund_error = InvalidInput("charge already refunded", field="amount")
    body = answer_json(await refund_payment(_refund(pid, "40.00")))
    assert body["refund"]["status"] == "failed" and body["payment"]["refundable"] == "100.00"


async def test_unknown_refund_outcome_keeps_the_amount_reserved(create_payment, refund_payment, fakes, db):
    """A gateway timeout leaves the refund pending with its amount still reserved."""
    pid = await _paid(create_payment)
    fakes["stripe"].refund_error = timeout()
    body = answer_json(await refund_payment(_refund(pid, "40.00")))
    assert body["refund"]["status"] == "pending" and body["payment"]["refundable"] == "60.00"


async def test_concurrent_refunds_never_exceed_the_captured_amount(create_payment, refund_payment, fakes, db):
    """Twenty concurrent 10% refunds, all reaching the gateway at once: exactly ten succeed."""
    pid = await _paid(create_payment)
    fakes["stripe"].gate = asyncio.Event()
    tasks = [asyncio.create_task(refund_payment(_refund(pid, "10.00"))) for _ in range(20)]
    await until(lambda: fakes["stripe"].waiting + sum(t.done() for t in tasks) == 20)
    fakes["stripe"].gate.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert sum(not isinstance(r, Exception) for r in results) == 10
    assert all(isinstance(r, NotRefundable | RefundExceedsRemainder) for r in results if isinstance(r, Exception))
    assert db.payments[pid].refunded_minor == 10_000 and len(fakes["stripe"].refunds) == 10


asks = st.lists(
    st.one_of(
        st.none(), st.decimals(min_value=-5, max_value=120, places=2), st.sampled_from(["0.001", "1e309", "NaN"])
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(asks=asks, refused=st.lists(st.booleans(), max_size=12))
async def test_any_sequence_of_refunds_keeps_totals_and_status_consistent(
    create_payment, refund_payment, fakes, db, asks, refused
):
    """Whatever is asked, refunded <= captured, it equals the succeeded refunds, and the status fits."""
    pid = await _paid(create_payment)
    for index, ask in enumerate(asks):
        fakes["stripe"].refund_status = (
            RefundStatus.FAILED if index < len(refused) and refused[index] else RefundStatus.SUCCEEDED
        )
        try:
            await refund_payment(_refund(pid, None if ask is None else str(ask)))
        except DomainError:
            pass
        payment = db.payments[pid]
        succeeded = sum(
            r.amount.minor for r in db.refunds.values() if r.payment_id == pid and r.status is RefundStatus.SUCCEEDED
        )
        assert 0 <= payment.refunded_minor == succeeded <= payment.amount.minor
        assert payment.status is (
            PaymentStatus.SUCCEEDED
            if succeeded == 0
            else PaymentStatus.REFUNDED
            if succeeded == payment.amount.minor
            else PaymentStatus.PARTIALLY_REFUNDED
        )


async def test_a_retry_resumes_the_refund_of_a_request_that_died_at_the_gateway(
    create_payment, refund_payment, fakes, db, keys
):
    """The holder died while the gateway refunded (refund pending, key `recorded`): the retry
    asks the gateway again with the same provider key and answers 201 for the same refund;
    no second refund is reserved."""
    payment_id = await _paid(create_payment)
    fakes["stripe"].gate = asyncio.Event()
    dying = asyncio.create_task(refund_payment(_refund(payment_id, "10.00", key="re-1")))
    await until(lambda: fakes["stripe"].waiting == 1)
    dying.cancel()
    with pytest.raises(asyncio.CancelledError):
        await dying
    fakes["stripe"].gate = None
    reply = await refund_payment(_refund(payment_id, "10.00", key="re-1"))
    body = answer_json(reply)
    assert reply.replay is None and body["refund"]["status"] == "succeeded"
    assert body["payment"]["refunded"] == "10.00" and len(db.refunds) == 1
    assert [r.idempotency_key for r in fakes["stripe"].refunds] == [derive_key(body["refund"]["id"])] * 2
    assert (await refund_payment(_refund(payment_id, "10.00", key="re-1"))).replay is not None
