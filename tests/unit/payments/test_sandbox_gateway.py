"""The sandbox's documented triggers, validation and deterministic status lookups."""

import pytest

from adapters.gateways.sandbox import SandboxGateway
from domain.errors import InvalidInput, ProviderUnavailable
from domain.money import Money
from domain.payment import PaymentStatus, RefundStatus
from domain.ports import ChargeRequest, RefundRequest


def _request(minor: int = 10050, key: str = "k1", **fields) -> ChargeRequest:
    return ChargeRequest(payment_id="pay_1", user_id="u", amount=Money(minor, "USD"), idempotency_key=key, **fields)


@pytest.mark.parametrize(
    ("minor", "metadata", "status", "decline"),
    [
        (10050, {}, PaymentStatus.SUCCEEDED, None),
        (10002, {}, PaymentStatus.FAILED, "generic_decline"),
        (10095, {}, PaymentStatus.FAILED, "insufficient_funds"),
        (10003, {}, PaymentStatus.REQUIRES_ACTION, None),
        (10050, {"sandbox_trigger": "decline"}, PaymentStatus.FAILED, "generic_decline"),
        (10050, {"sandbox_trigger": "requires_action"}, PaymentStatus.REQUIRES_ACTION, None),
        (10002, {"sandbox_trigger": "success"}, PaymentStatus.SUCCEEDED, None),
    ],
)
async def test_amount_endings_and_metadata_pick_the_outcome(minor, metadata, status, decline):
    """Amount endings work like test cards; metadata.sandbox_trigger overrides them."""
    outcome = await SandboxGateway("stripe").process(_request(minor, metadata=metadata))
    assert outcome.status is status
    assert outcome.data.get("decline_code") == decline
    assert (outcome.failure_code == "card_declined") is (status is PaymentStatus.FAILED)
    assert (outcome.next_action_url is not None) is (status is PaymentStatus.REQUIRES_ACTION)


async def test_timeout_trigger_times_out_then_a_retry_gets_the_charge():
    """The charge happened although the answer was lost: the same key retried succeeds."""
    gateway = SandboxGateway("paypal")
    with pytest.raises(ProviderUnavailable) as error:
        await gateway.process(_request(10008))
    assert error.value.extra["timeout"] is True
    outcome = await gateway.process(_request(10008))
    assert outcome.status is PaymentStatus.SUCCEEDED
    assert (await gateway.fetch_status(outcome.transaction_id)).status is PaymentStatus.SUCCEEDED


async def test_bank_transfer_is_pending_with_unique_instructions_until_confirmed():
    """A bank transfer waits as pending with a reference unique to the payment."""
    gateway = SandboxGateway("bank_transfer")
    first = await gateway.process(_request())
    other = await gateway.process(
        ChargeRequest(payment_id="pay_2", user_id="u", amount=Money(500, "USD"), idempotency_key="k2")
    )
    assert first.status is PaymentStatus.PENDING
    references = {o.data["transfer_instructions"]["reference"] for o in (first, other)}
    assert len(references) == 2
    assert (await gateway.fetch_status(first.transaction_id)).status is PaymentStatus.PENDING


def test_digital_wallet_needs_a_wallet_id():
    """digital_wallet names wallet_details.wallet_id when it is missing."""
    with pytest.raises(InvalidInput) as error:
        SandboxGateway("digital_wallet").validate(_request(wallet_details={"provider": "x"}))
    assert error.value.field == "wallet_details.wallet_id"
    SandboxGateway("digital_wallet").validate(_request(wallet_details={"wallet_id": "w1"}))


@pytest.mark.parametrize(
    ("details", "field"),
    [
        ({"account_holder": "A B"}, "bank_details.account_number"),
        ({"account_number": "12", "account_holder": "A B"}, "bank_details.account_number"),
        ({"account_number": "12345678"}, "bank_details.account_holder"),
    ],
)
def test_bank_details_when_given_are_checked(details, field):
    """bank_transfer needs nothing from the payer, but bank_details given must be complete."""
    gateway = SandboxGateway("bank_transfer")
    gateway.validate(_request())
    with pytest.raises(InvalidInput) as error:
        gateway.validate(_request(bank_details=details))
    assert error.value.field == field


def test_unknown_trigger_is_rejected():
    """A misspelt trigger names metadata.sandbox_trigger."""
    with pytest.raises(InvalidInput) as error:
        SandboxGateway("stripe").validate(_request(metadata={"sandbox_trigger": "explode"}))
    assert error.value.field == "metadata.sandbox_trigger"


async def test_refund_ending_in_05_is_refused():
    """Refunds succeed except amounts ending in .05, which the sandbox refuses."""
    gateway = SandboxGateway("stripe")

    def refund(minor: int) -> RefundRequest:
        return RefundRequest(
            refund_id="re_1",
            payment_id="pay_1",
            transaction_id="t",
            amount=Money(minor, "USD"),
            idempotency_key=f"r{minor}",
        )

    assert (await gateway.refund(refund(1000))).status is RefundStatus.SUCCEEDED
    assert (await gateway.refund(refund(1005))).status is RefundStatus.FAILED
