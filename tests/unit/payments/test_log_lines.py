"""Each decline, timeout, failover, refused webhook, failed delivery and reconciliation leaves one
warning or error line with a stable event name, carrying the ids its use case bound."""

from decimal import Decimal

import pytest
import structlog

from application.notifications.get_notification import GetNotification
from application.notifications.send_notification import SendNotificationCommand
from application.payments.confirm_bank_transfer import ConfirmBankTransfer, ConfirmTransferCommand
from application.payments.get_payment import GetPayment
from application.payments.handle_webhook import HandleWebhook, WebhookCommand
from application.payments.process_payment import CreatePaymentCommand
from application.payments.reconcile_payments import ReconcilePayments
from application.payments.refund_payment import RefundCommand
from application.payments.requests import PaymentRequest, RefundBody
from domain.errors import InvalidInput, NotFound, Unauthorized, WebhookSignatureInvalid
from domain.payment import PaymentStatus
from tests.fakes.answers import answer_json
from tests.fakes.notification_store import InMemoryUnitOfWork, MemoryState
from tests.fakes.notifications import ScriptedChannel, notification_kit, permanent
from tests.fakes.payments import timeout, unreachable
from tests.fakes.webhooks import SIGNATURE, SignedFakeGateway, signed


@pytest.fixture
def logs(log_file):
    return log_file


def _one(logs, event: str) -> dict:
    lines = logs.lines()
    found = [line for line in lines if line["event"] == event]
    assert len(found) == 1, f"{event}: {[line['event'] for line in lines]}"
    return found[0]


async def _pay(create_payment, **fields) -> dict:
    body = {"user_id": "u1", "amount": Decimal("10.00"), "currency": "USD", **fields}
    return answer_json(await create_payment(CreatePaymentCommand(PaymentRequest(**body))))


async def test_a_decline_is_one_warning_with_the_payment_id(create_payment, fakes, logs):
    """A declined card: one payment_declined warning carrying the bound payment_id."""
    fakes["stripe"].status = PaymentStatus.FAILED
    payment = await _pay(create_payment, gateway="stripe")
    line = _one(logs, "payment_declined")
    assert line["level"] == "WARNING" and line["payment_id"] == payment["id"]
    assert line["gateway"] == "stripe" and line["failure_code"] == "card_declined"


async def test_a_timeout_is_one_warning_with_the_payment_id(create_payment, fakes, logs):
    """A gateway timeout: one gateway_timeout warning carrying the payment_id."""
    fakes["stripe"].error = timeout()
    payment = await _pay(create_payment, gateway="stripe")
    line = _one(logs, "gateway_timeout")
    assert line["level"] == "WARNING" and line["payment_id"] == payment["id"]


async def test_a_failover_names_the_gateway_passed_over(create_payment, fakes, logs):
    """Failover inside a family: one gateway_failover warning naming who was passed over."""
    fakes["stripe"].error = unreachable()
    payment = await _pay(create_payment, payment_system="global")
    line = _one(logs, "gateway_failover")
    assert payment["status"] == "succeeded" and payment["gateway"] == "paypal"
    assert line["level"] == "WARNING" and line["passed_over"] == ["stripe"] and line["gateway"] == "paypal"
    assert line["payment_id"] == payment["id"]


async def test_no_gateway_available_is_an_error(create_payment, fakes, logs):
    """Every gateway of the family unavailable: one gateways_unavailable error."""
    fakes["stripe"].error = fakes["paypal"].error = unreachable()
    payment = await _pay(create_payment, payment_system="global")
    line = _one(logs, "gateways_unavailable")
    assert line["level"] == "ERROR" and line["gateways"] == ["stripe", "paypal"]
    assert line["payment_id"] == payment["id"]


async def test_a_refused_refund_carries_the_payment_and_refund_ids(create_payment, refund_payment, fakes, logs):
    """A refund the provider refuses: one refund_declined warning with both ids."""
    payment = await _pay(create_payment, gateway="stripe")
    fakes["stripe"].refund_error = InvalidInput("charge already refunded")
    reply = await refund_payment(RefundCommand(payment["id"], RefundBody(amount=Decimal("1.00"))))
    refund = answer_json(reply)["refund"]
    line = _one(logs, "refund_declined")
    assert line["level"] == "WARNING"
    assert (line["payment_id"], line["refund_id"]) == (payment["id"], refund["id"])


async def test_a_refused_webhook_is_a_warning_naming_the_gateway(uow, gateways, fakes, payment_cache, logs):
    """A webhook failing verification: one webhook_refused warning with the error code."""
    fakes["stripe"] = SignedFakeGateway("stripe")
    _, body = signed(id="evt_1", transaction_id="tx", status="succeeded")
    with pytest.raises(WebhookSignatureInvalid):
        await HandleWebhook(uow, gateways, payment_cache)(WebhookCommand("stripe", {SIGNATURE: "forged"}, body))
    line = _one(logs, "webhook_refused")
    assert line["level"] == "WARNING" and line["gateway"] == "stripe"
    assert line["code"] == "webhook_signature_invalid"


async def test_a_reconciliation_outcome_is_a_warning_per_payment(
    create_payment, uow, gateways, fakes, payment_cache, logs
):
    """The reconciler settling a payment: one payment_reconciled warning, before and after."""
    fakes["stripe"].error = timeout()
    payment = await _pay(create_payment, gateway="stripe")
    fakes["stripe"].error = None
    await ReconcilePayments(uow, gateways, payment_cache, after_seconds=0)()
    line = _one(logs, "payment_reconciled")
    assert line["level"] == "WARNING" and line["payment_id"] == payment["id"]
    assert (line["before"], line["status"]) == ("pending", "succeeded")


async def test_a_failed_delivery_is_a_warning_with_the_notification_id(logs):
    """A delivery that fails for good: one notification_failed warning with its id."""
    kit = notification_kit(ScriptedChannel("email", [permanent()]))
    sent = await kit.send(SendNotificationCommand(channel="email", recipient="a@example.com", message="hi"))
    line = _one(logs, "notification_failed")
    assert line["level"] == "WARNING" and line["notification_id"] == sent.notification.id


async def test_reads_and_operator_confirms_bind_their_ids(create_payment, uow, payment_cache, logs):
    """GetPayment, GetNotification and a refused bank-transfer confirm name what they were about."""
    payment = await _pay(create_payment, gateway="stripe")
    structlog.contextvars.clear_contextvars()
    await GetPayment(uow, payment_cache)(payment["id"])
    structlog.get_logger("test").info("after_read")
    structlog.contextvars.clear_contextvars()
    with pytest.raises(Unauthorized):
        await ConfirmBankTransfer(uow, "operator-token", payment_cache)(ConfirmTransferCommand(payment["id"], "wrong"))
    structlog.contextvars.clear_contextvars()
    with pytest.raises(NotFound):
        await GetNotification(lambda: InMemoryUnitOfWork(MemoryState()))("ntf_missing")
    structlog.get_logger("test").info("after_notification_read")
    assert _one(logs, "after_read")["payment_id"] == payment["id"]
    refused = _one(logs, "bank_transfer_confirm_refused")
    assert refused["level"] == "WARNING" and refused["payment_id"] == payment["id"]
    assert _one(logs, "after_notification_read")["notification_id"] == "ntf_missing"


async def test_a_delivery_does_not_leave_its_id_on_later_lines(logs):
    """Receipts deliver from a bus consumer's task: the id is scoped to the delivery."""
    kit = notification_kit(ScriptedChannel("email", [permanent()]))
    await kit.send(SendNotificationCommand(channel="email", recipient="a@example.com", message="hi"))
    structlog.get_logger("test").info("next_event")
    assert "notification_id" not in _one(logs, "next_event")
