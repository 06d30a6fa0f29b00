"""A notice settles a payment only when its amount, currency and charge id match; an operator decides the rest."""

from decimal import Decimal

import pytest

from application.payments.confirm_bank_transfer import ConfirmBankTransfer, ConfirmTransferCommand
from application.payments.fail_payment import FailPayment, FailPaymentCommand
from application.payments.handle_webhook import HandleWebhook, WebhookCommand
from application.payments.process_payment import CreatePaymentCommand
from application.payments.reconcile_payments import ReconcilePayments
from application.payments.refund_payment import RefundCommand
from application.payments.requests import FailBody, PaymentRequest, RefundBody
from domain.errors import Conflict, Unauthorized
from domain.payment import AMOUNT_MISMATCH, PaymentStatus, RefundStatus
from tests.fakes.answers import answer_json
from tests.fakes.webhooks import SignedFakeGateway, signed

TOKEN = "operator-secret"


@pytest.fixture
def handle(uow, gateways, fakes, payment_cache) -> HandleWebhook:
    fakes["stripe"] = SignedFakeGateway("stripe", status=PaymentStatus.REQUIRES_ACTION)
    return HandleWebhook(uow, gateways, payment_cache)


async def _waiting(create_payment, user: str = "u1") -> dict:
    reply = await create_payment(
        CreatePaymentCommand(PaymentRequest(user_id=user, amount=Decimal("20.00"), currency="USD", gateway="stripe"))
    )
    return answer_json(reply)


def _paid(payment: dict, event_id: str, amount: str | None, currency: str = "USD", **extra) -> WebhookCommand:
    money = {"amount": amount, "currency": currency} if amount is not None else {}
    headers, body = signed(
        id=event_id,
        transaction_id=payment["transaction_id"],
        status="succeeded",
        data={"payment_id": payment["id"]},
        **money,
        **extra,
    )
    return WebhookCommand("stripe", headers, body)


@pytest.mark.parametrize(
    ("amount", "currency"),
    [("1.00", "USD"), ("19.99", "USD"), ("20.01", "USD"), ("250.00", "USD"), ("20.00", "EUR"), (None, "USD")],
    ids=["short", "a_cent_short", "a_cent_over", "over", "other_currency", "no_amount"],
)
async def test_a_success_notice_with_another_amount_leaves_the_payment_pending_for_review(
    handle, create_payment, db, amount, currency
):
    """Short, over, another currency or no amount: pending, amount_mismatch, what arrived in gateway_data."""
    payment = await _waiting(create_payment)
    result = await handle(_paid(payment, "evt_short", amount, currency))
    stored = db.payments[payment["id"]]
    assert result.status == "pending" and stored.status is PaymentStatus.PENDING
    assert stored.failure_code == AMOUNT_MISMATCH and stored.awaits_review
    assert stored.gateway_data["received_amount"] == amount
    assert stored.gateway_data["received_currency"] == (currency if amount else None)


async def test_the_exact_amount_settles_even_after_a_mismatch(handle, create_payment, db):
    """A later notice for exactly what is owed settles the payment and clears the flag."""
    payment = await _waiting(create_payment)
    await handle(_paid(payment, "evt_a", "5.00"))
    await handle(_paid(payment, "evt_b", "20.00"))
    stored = db.payments[payment["id"]]
    assert stored.status is PaymentStatus.SUCCEEDED and stored.failure_code is None


async def test_a_notice_naming_another_payments_charge_is_ignored(handle, create_payment, db, log_file):
    """A notice naming payment X with payment Y's charge id changes neither payment."""
    x = await _waiting(create_payment, "ux")
    y = await _waiting(create_payment, "uy")
    forged = {**x, "transaction_id": y["transaction_id"]}
    result = await handle(_paid(forged, "evt_forged", "20.00"))
    logs = log_file.lines()
    assert result.ignored
    assert [e["payment_id"] for e in logs if e["event"] == "webhook_reference_mismatch"] == [x["id"]]
    assert db.payments[x["id"]].status is PaymentStatus.REQUIRES_ACTION
    assert db.payments[x["id"]].transaction_id == x["transaction_id"]
    assert db.payments[y["id"]].status is PaymentStatus.REQUIRES_ACTION
    assert not db.webhooks


async def test_a_notice_for_a_payment_without_charge_id_may_not_take_another_payments_id(handle, create_payment, db):
    """Before a payment knows its charge id, a notice carrying one bound to another payment is ignored."""
    x = await _waiting(create_payment, "ux")
    y = await _waiting(create_payment, "uy")
    db.payments[x["id"]].transaction_id = None
    result = await handle(_paid({**x, "transaction_id": y["transaction_id"]}, "evt_unbound", "20.00"))
    assert result.ignored and db.payments[x["id"]].status is PaymentStatus.REQUIRES_ACTION


async def test_an_order_reference_names_the_charge(handle, create_payment, db):
    """A capture notice naming the order our payment was created with (PayPal, Razorpay) settles it."""
    payment = await _waiting(create_payment)
    notice = _paid(
        {**payment, "transaction_id": "capture_9"}, "evt_capture", "20.00", references=[payment["transaction_id"]]
    )
    assert (await handle(notice)).status == "succeeded"
    assert db.payments[payment["id"]].transaction_id == "capture_9"


async def test_the_reconciler_leaves_a_payment_awaiting_review_alone(handle, create_payment, uow, gateways, fakes, db):
    """The provider's status cannot settle a short payment behind the operator's back."""
    payment = await _waiting(create_payment)
    await handle(_paid(payment, "evt_short", "1.00"))
    fakes["stripe"].status = PaymentStatus.SUCCEEDED
    report = await ReconcilePayments(uow, gateways, handle._cache, after_seconds=0)()
    assert report.checked == 0 and db.payments[payment["id"]].status is PaymentStatus.PENDING


async def test_an_operator_confirms_or_fails_a_payment_awaiting_review(handle, create_payment, uow, db, payment_cache):
    """Confirm settles it (what arrived stays recorded); fail keeps amount_mismatch as the reason code."""
    confirm = ConfirmBankTransfer(uow, TOKEN, payment_cache)
    fail = FailPayment(uow, TOKEN, payment_cache)
    accepted, refused = await _waiting(create_payment, "ua"), await _waiting(create_payment, "ub")
    for payment in (accepted, refused):
        await handle(_paid(payment, f"evt_{payment['id']}", "19.00"))
    with pytest.raises(Unauthorized):
        await fail(FailPaymentCommand(refused["id"], "guess"))
    view = await confirm(ConfirmTransferCommand(accepted["id"], TOKEN))
    assert view.status == "succeeded" and view.gateway_data["received_amount"] == "19.00"
    view = await fail(FailPaymentCommand(refused["id"], TOKEN, FailBody(reason="customer paid 19.00 of 20.00")))
    assert view.status == "failed" and view.failure_code == AMOUNT_MISMATCH
    assert view.failure_reason == "customer paid 19.00 of 20.00"
    with pytest.raises(Conflict):
        await fail(FailPaymentCommand(accepted["id"], TOKEN))


async def test_an_operator_cannot_decide_a_card_payment_that_awaits_no_review(create_payment, uow, payment_cache):
    """Only pending bank transfers and payments awaiting review wait for an operator."""
    payment = await _waiting(create_payment)
    with pytest.raises(Conflict):
        await FailPayment(uow, TOKEN, payment_cache)(FailPaymentCommand(payment["id"], TOKEN))


async def test_a_refund_notice_for_another_amount_leaves_the_refund_pending(
    handle, create_payment, refund_payment, fakes, db
):
    """A refund settles only for its own amount; a notice for another is ignored, the right one settles it."""
    fakes["stripe"].status = PaymentStatus.SUCCEEDED
    payment = await _waiting(create_payment)
    fakes["stripe"].refund_status = RefundStatus.PENDING
    reply = await refund_payment(RefundCommand(payment["id"], RefundBody(amount=Decimal("5.00"))))
    refund_id = answer_json(reply)["refund"]["id"]

    def notice(event_id: str, amount: str) -> WebhookCommand:
        headers, body = signed(
            id=event_id,
            transaction_id=payment["transaction_id"],
            refund_id="re_1",
            refund_status="succeeded",
            amount=amount,
            currency="USD",
            data={"merchant_refund_id": refund_id},
        )
        return WebhookCommand("stripe", headers, body)

    await handle(notice("evt_r1", "50.00"))
    assert db.refunds[refund_id].status is RefundStatus.PENDING
    await handle(notice("evt_r2", "5.00"))
    assert db.refunds[refund_id].status is RefundStatus.SUCCEEDED
