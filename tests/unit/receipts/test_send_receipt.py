"""Receipts as an EventBus handler, over fake channels and in-memory stores."""

from __future__ import annotations

import pytest

from application.notifications.send_receipt import ReceiptNotDelivered, SendReceipt
from domain.events import EventType
from domain.money import Money
from domain.payment import Payment, PaymentStatus
from tests.fakes.notifications import ScriptedChannel, notification_kit, permanent, transient
from tests.fakes.payment_store import FakeDatabase, FakeUnitOfWork

CHANNELS = {"email": "email", "sms": "phone"}
FAMILIES = {"global": "email", "india": "sms", "mobile": "push"}


async def _stored(db: FakeDatabase, status: PaymentStatus, **kwargs) -> tuple[Payment, list]:
    """The payment as committed, and its events (the commit moves them to the outbox)."""
    payment = Payment.create(user_id="u1", amount=Money.parse("10.00", "USD"), gateway="stripe", **kwargs)
    payment.start_processing("stripe")
    payment.settle(status, transaction_id="tx_1")
    recorded = list(payment.events)
    async with FakeUnitOfWork(db) as uow:
        await uow.payments.add(payment)
        await uow.commit()
    return payment, recorded


def _kit():
    email, sms, push = ScriptedChannel("email"), ScriptedChannel("sms"), ScriptedChannel("push")
    kit = notification_kit(email, sms, push)
    db = FakeDatabase()
    receipts = SendReceipt(lambda: FakeUnitOfWork(db), kit.send, FAMILIES, CHANNELS)
    return receipts, db, email, sms, push


async def test_a_succeeded_payment_without_a_system_gets_a_receipt_on_each_default_channel():
    """Both contacts given, no payment system: email and sms each send one receipt."""
    receipts, db, email, sms, _ = _kit()
    payment, payment_events = await _stored(
        db, PaymentStatus.SUCCEEDED, customer={"email": "ann@example.com", "phone": "+14155550100"}
    )
    await receipts(payment_events[-1])
    assert [m.recipient for m in email.sent] == ["ann@example.com"]
    assert [m.recipient for m in sms.sent] == ["+14155550100"]
    assert "Payment received" in email.sent[0].subject
    assert payment.id in email.sent[0].message and "10.00" in email.sent[0].message


async def test_a_payment_system_sends_over_its_family_channel_only():
    """A payment of the `india` family gets its receipt by sms even when an email is present."""
    receipts, db, email, sms, _ = _kit()
    _payment, payment_events = await _stored(
        db, PaymentStatus.FAILED, payment_system="india", customer={"email": "ann@example.com", "phone": "+14155550100"}
    )
    await receipts(payment_events[-1])
    assert email.sent == [] and len(sms.sent) == 1
    assert sms.sent[0].subject == "Payment failed"


async def test_a_redelivered_event_sends_no_second_receipt():
    """The idempotency key comes from the event id: the second delivery is a replay."""
    receipts, db, email, _, _ = _kit()
    _payment, payment_events = await _stored(db, PaymentStatus.SUCCEEDED, customer={"email": "ann@example.com"})
    await receipts(payment_events[-1])
    await receipts(payment_events[-1])
    assert len(email.sent) == 1
    assert (receipts.sent, receipts.replayed) == (1, 1)


async def test_no_receipt_without_contact_details_or_for_non_final_events():
    """No customer, a created event, a requires_action outcome and a push family send nothing."""
    receipts, db, email, sms, push = _kit()
    _bare, bare_events = await _stored(db, PaymentStatus.SUCCEEDED)
    await receipts(bare_events[-1])
    _waiting, waiting_events = await _stored(db, PaymentStatus.REQUIRES_ACTION, customer={"email": "a@example.com"})
    await receipts(waiting_events[0])  # payment_created
    await receipts(waiting_events[-1])  # payment_processed while requires_action
    _mobile, mobile_events = await _stored(
        db, PaymentStatus.SUCCEEDED, payment_system="mobile", customer={"email": "a@example.com"}
    )
    await receipts(mobile_events[-1])
    assert email.sent == sms.sent == push.sent == []


async def test_a_refused_recipient_is_logged_and_the_other_channels_still_send():
    """An invalid phone number is a domain error for sms; the email receipt still goes out."""
    receipts, db, email, sms, _ = _kit()
    _, payment_events = await _stored(
        db, PaymentStatus.SUCCEEDED, customer={"email": "ann@example.com", "phone": "not-a-phone"}
    )
    await receipts(payment_events[-1])
    assert len(email.sent) == 1 and sms.sent == []


async def test_a_refund_sends_a_refund_receipt():
    """refund_processed is final too: the receipt names the refunded amount."""
    receipts, db, email, _, _ = _kit()
    payment, _ = await _stored(db, PaymentStatus.SUCCEEDED, customer={"email": "ann@example.com"})
    refund = payment.request_refund(Money.parse("4.00", "USD"))
    payment.complete_refund(refund, gateway_refund_id="re_1")
    event = payment.events[-1]  # recorded by the refund, not committed
    assert event.type is EventType.REFUND_PROCESSED
    await receipts(event)
    assert email.sent[0].subject == "Refund processed"
    assert "4.00" in email.sent[0].message


def test_events_of_other_kinds_are_not_receipts():
    """Only the three final payment events map to a receipt subject."""
    from application.notifications.send_receipt import SUBJECTS

    assert set(SUBJECTS) == {EventType.PAYMENT_PROCESSED, EventType.PAYMENT_FAILED, EventType.REFUND_PROCESSED}


async def test_a_receipt_that_fails_for_now_raises_for_the_bus_and_is_sent_once_on_a_later_delivery():
    """The mail server is down through every channel retry: the handler raises (the bus retries
    it, then dead-letters it); a later delivery, and a redelivery after that, send one receipt."""
    receipts, db, email, _, _ = _kit()
    email.script = [transient("421 service not available")] * 6  # two sends of three attempts
    _payment, payment_events = await _stored(db, PaymentStatus.SUCCEEDED, customer={"email": "ann@example.com"})
    for _ in range(2):
        with pytest.raises(ReceiptNotDelivered):
            await receipts(payment_events[-1])
    await receipts(payment_events[-1])
    await receipts(payment_events[-1])
    assert len(email.sent) == 7  # six failed attempts, then the one receipt
    assert (receipts.sent, receipts.replayed) == (1, 1)


async def test_a_receipt_refused_for_good_is_not_retried():
    """A permanent refusal is stored as failed and the handler returns: no retry, no dead letter."""
    receipts, db, email, _, _ = _kit()
    email.script = [permanent("550 no such user")]
    _payment, payment_events = await _stored(db, PaymentStatus.SUCCEEDED, customer={"email": "ann@example.com"})
    await receipts(payment_events[-1])
    await receipts(payment_events[-1])
    assert len(email.sent) == 1
