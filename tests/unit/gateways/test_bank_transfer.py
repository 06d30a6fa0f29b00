"""Bank transfer: instructions with an RF reference, pending until the bank's signed notice."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from adapters.gateways.bank_transfer import (
    BankTransferGateway,
    creditor_reference,
    is_creditor_reference,
)
from domain.errors import InvalidInput, ProviderUnavailable, WebhookSignatureInvalid
from domain.money import Money
from domain.payment import PaymentStatus, RefundStatus
from domain.ports import ChargeRequest, RefundRequest

ACCOUNT = {
    "beneficiary": "Factory Ltd",
    "iban": "DE89370400440532013000",
    "bic": "COBADEFFXXX",
    "bank_name": "Commerzbank",
}
SECRET = "bank-notice-secret"


def gateway(options: dict | None = None, secret: str = SECRET) -> BankTransferGateway:
    return BankTransferGateway(credentials={"webhook_secret": secret}, options=ACCOUNT if options is None else options)


def charge(payment_id: str = "pay_01JBANK") -> ChargeRequest:
    return ChargeRequest(payment_id=payment_id, user_id="u1", amount=Money.parse("250.00", "EUR"), idempotency_key="k1")


def test_creditor_references_carry_valid_iso_11649_check_digits():
    """Known-good RF18 5390 0754 7034 validates; ours validate and differ per payment."""
    assert is_creditor_reference("RF18 5390 0754 7034")
    assert not is_creditor_reference("RF19 5390 0754 7034")
    ours = {creditor_reference(f"pay_{i}") for i in range(200)}
    assert len(ours) == 200
    assert all(is_creditor_reference(ref) and len(ref) == 20 for ref in ours)


async def test_charge_is_pending_with_instructions_and_a_stable_reference():
    """The payer gets the account, amount and reference; retries show the same reference."""
    outcome = await gateway().process(charge())
    assert outcome.status is PaymentStatus.PENDING
    assert outcome.transaction_id == creditor_reference("pay_01JBANK")
    instructions = outcome.data["instructions"]
    assert instructions["iban"] == ACCOUNT["iban"]
    assert (instructions["amount"], instructions["currency"]) == ("250.00", "EUR")
    assert instructions["reference"] == outcome.transaction_id
    assert (await gateway().process(charge())).transaction_id == outcome.transaction_id


async def test_without_a_receiving_account_the_gateway_is_unavailable():
    """An unconfigured account is the operator's problem: unavailable, nothing taken."""
    with pytest.raises(ProviderUnavailable) as caught:
        await gateway(options={}).process(charge())
    assert caught.value.extra["indeterminate"] is False


async def test_refunds_and_status_stay_pending():
    """A refund waits for the operator's payout; status has nothing to ask, so it stays pending."""
    refund = RefundRequest(
        refund_id="re_1",
        payment_id="pay_01JBANK",
        transaction_id="RF00X",
        amount=Money.parse("50.00", "EUR"),
        idempotency_key="k2",
    )
    outcome = await gateway().refund(refund)
    assert outcome.status is RefundStatus.PENDING
    assert is_creditor_reference(outcome.gateway_refund_id)
    assert (await gateway().fetch_status("RF00X")).status is PaymentStatus.PENDING


def notice(**fields) -> tuple[dict, bytes]:
    body = json.dumps(
        {
            "id": "ntc_1",
            "type": "credit",
            "reference": creditor_reference("pay_01JBANK"),
            "status": "settled",
            "amount": "250.00",
            "currency": "EUR",
            **fields,
        }
    ).encode()
    return {"X-Bank-Signature": hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()}, body


async def test_signed_settlement_notice_succeeds_the_payment():
    """A credit notice signed with the secret settles the payment and reports the amount received."""
    headers, body = notice()
    event = await gateway().verify_webhook(headers, body)
    assert (event.provider_event_id, event.payment_status) == ("ntc_1", PaymentStatus.SUCCEEDED)
    assert event.transaction_id == creditor_reference("pay_01JBANK")
    assert event.data["amount_minor"] == 25000


async def test_returned_credit_and_settled_refund_notices():
    """A returned credit fails the payment; a settled refund notice succeeds the refund."""
    headers, body = notice(status="returned")
    assert (await gateway().verify_webhook(headers, body)).payment_status is PaymentStatus.FAILED
    headers, body = notice(type="refund", refund_reference="RF12ABC")
    event = await gateway().verify_webhook(headers, body)
    assert (event.refund_id, event.refund_status) == ("RF12ABC", RefundStatus.SUCCEEDED)


async def test_bad_signatures_and_malformed_notices_are_rejected():
    """Wrong secret or a changed body is 400; a signed notice with a bad reference is invalid input."""
    headers, body = notice()
    with pytest.raises(WebhookSignatureInvalid):
        await gateway(secret="other").verify_webhook(headers, body)
    with pytest.raises(WebhookSignatureInvalid):
        await gateway().verify_webhook(headers, body.replace(b"250.00", b"2500.00"))
    headers, body = notice(reference="RF99WRONG")
    with pytest.raises(InvalidInput) as caught:
        await gateway().verify_webhook(headers, body)
    assert caught.value.field == "reference"


async def test_rotated_notice_secrets_both_verify():
    """With old and new secrets configured, a notice signed with the old one still verifies."""
    headers, body = notice()
    assert (await gateway(secret=f"new-secret,{SECRET}").verify_webhook(headers, body)).transaction_id
