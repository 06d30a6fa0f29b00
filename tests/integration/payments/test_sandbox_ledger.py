"""The sandbox's ledger file: its memory of charges outlives the process, as a provider's does."""

import pytest

from adapters.gateways.sandbox import SandboxGateway
from adapters.gateways.sandbox_ledger import SandboxLedger
from domain.errors import ProviderUnavailable
from domain.money import Money
from domain.payment import PaymentStatus
from domain.ports import ChargeRequest

pytestmark = pytest.mark.integration


def _request(key: str, minor: int = 10050, **fields) -> ChargeRequest:
    return ChargeRequest(
        payment_id=f"pay_{key}", user_id="u", amount=Money(minor, "USD"), idempotency_key=key, **fields
    )


async def test_a_restarted_sandbox_answers_a_repeated_key_with_the_first_charge(tmp_path):
    """One line per charge; a new sandbox on the same directory (the service restarted) returns
    the recorded outcome for a known key, a timed-out charge included, and records nothing new."""
    first = SandboxGateway("stripe", ledger_dir=str(tmp_path))
    charged = await first.process(_request("k1"))
    declined = await first.process(_request("k2", 10002))
    with pytest.raises(ProviderUnavailable):
        await first.process(_request("k3", metadata={"sandbox_trigger": "timeout"}))
    again = SandboxGateway("stripe", ledger_dir=str(tmp_path))
    assert await again.process(_request("k1")) == charged
    assert await again.process(_request("k2", 10002)) == declined
    assert (await again.process(_request("k3", metadata={"sandbox_trigger": "timeout"}))).status is (
        PaymentStatus.SUCCEEDED
    )
    lines = SandboxLedger(str(tmp_path), "stripe").lines()
    assert [(line.key, line.payment_id, line.trigger) for line in lines] == [
        ("k1", "pay_k1", "success"),
        ("k2", "pay_k2", "decline"),
        ("k3", "pay_k3", "timeout"),
    ]
