"""Failover inside a family: unavailable-and-not-taken moves on; a decline or any answer is final."""

from __future__ import annotations

import pytest

from application.payments.failover import charge_with_failover
from domain.errors import AllGatewaysUnavailable, InvalidInput
from domain.money import Money
from domain.payment import PaymentStatus
from domain.ports import ChargeOutcome, ChargeRequest
from entrypoints.problems import status_of
from tests.fakes.scripted_gateways import ScriptedGateway, unavailable

REQUEST = ChargeRequest(payment_id="pay_1", user_id="u1", amount=Money.parse("10.00", "USD"), idempotency_key="k1")
SUCCEEDED = ChargeOutcome(status=PaymentStatus.SUCCEEDED, transaction_id="tx_2")
DECLINED = ChargeOutcome(
    status=PaymentStatus.FAILED, failure_code="card_declined", failure_reason="Your card was declined."
)


async def test_first_gateway_answering_is_used_alone():
    """When the first gateway answers, the others are never asked."""
    first, second = ScriptedGateway("stripe", SUCCEEDED), ScriptedGateway("paypal", SUCCEEDED)
    outcome, name, attempts = await charge_with_failover([first, second], REQUEST)
    assert (outcome, name) == (SUCCEEDED, "stripe")
    assert [(a.gateway, a.outcome) for a in attempts] == [("stripe", "succeeded")]
    assert second.charged == []


async def test_unavailable_and_not_taken_fails_over_to_the_next():
    """A refused connection or 503 at the first gateway sends the same request to the second."""
    first = ScriptedGateway("stripe", unavailable(indeterminate=False))
    second = ScriptedGateway("paypal", SUCCEEDED)
    outcome, name, attempts = await charge_with_failover([first, second], REQUEST)
    assert (outcome.status, name) == (PaymentStatus.SUCCEEDED, "paypal")
    assert [(a.gateway, a.outcome) for a in attempts] == [("stripe", "unavailable"), ("paypal", "succeeded")]
    assert attempts[0].detail == "provider answered 503"
    assert second.charged == [REQUEST]


async def test_a_decline_is_final_and_never_retried_elsewhere():
    """A card decline is the customer's answer: the next gateway is not tried."""
    first, second = ScriptedGateway("stripe", DECLINED), ScriptedGateway("paypal", SUCCEEDED)
    outcome, name, attempts = await charge_with_failover([first, second], REQUEST)
    assert (outcome.status, outcome.failure_code, name) == (PaymentStatus.FAILED, "card_declined", "stripe")
    assert [a.detail for a in attempts] == ["card_declined"]
    assert second.charged == []


async def test_maybe_taken_is_left_pending_for_reconciliation_not_rerouted():
    """A timeout or 500 may have charged the card, so no second gateway is tried."""
    first = ScriptedGateway("stripe", unavailable(indeterminate=True))
    second = ScriptedGateway("paypal", SUCCEEDED)
    outcome, name, attempts = await charge_with_failover([first, second], REQUEST)
    assert (outcome.status, outcome.failure_code, name) == (PaymentStatus.PENDING, "provider_unavailable", "stripe")
    assert outcome.data["indeterminate"] is True
    assert [a.outcome for a in attempts] == ["unavailable"]
    assert second.charged == []


async def test_all_unavailable_raises_with_every_attempt():
    """When no gateway could take the payment the error lists each attempt."""
    gateways = [ScriptedGateway(n, unavailable(indeterminate=False)) for n in ("stripe", "paypal")]
    with pytest.raises(AllGatewaysUnavailable) as caught:
        await charge_with_failover(gateways, REQUEST)
    assert [(a.gateway, a.outcome) for a in caught.value.attempts] == [
        ("stripe", "unavailable"),
        ("paypal", "unavailable"),
    ]
    assert status_of(caught.value) == 502
    assert [a["gateway"] for a in caught.value.extra["attempts"]] == ["stripe", "paypal"]


async def test_bad_input_at_the_primary_is_raised_and_a_fallback_refusing_is_skipped():
    """The primary judges the request; a fallback that cannot take it is skipped, not fatal."""
    with pytest.raises(InvalidInput):
        await charge_with_failover([ScriptedGateway("stripe", SUCCEEDED, invalid="amount")], REQUEST)
    first = ScriptedGateway("stripe", unavailable(indeterminate=False))
    picky = ScriptedGateway("paypal", SUCCEEDED, invalid="currency")
    last = ScriptedGateway("razorpay", SUCCEEDED)
    _, name, attempts = await charge_with_failover([first, picky, last], REQUEST)
    assert name == "razorpay"
    assert [a.outcome for a in attempts] == ["unavailable", "skipped", "succeeded"]
    assert picky.charged == []


async def test_requires_action_and_pending_are_answers_too():
    """REQUIRES_ACTION from a fallback is returned as is (the payer continues there)."""
    action = ChargeOutcome(
        status=PaymentStatus.REQUIRES_ACTION, transaction_id="ORDER1", next_action_url="https://paypal.test/approve"
    )
    first = ScriptedGateway("stripe", unavailable(indeterminate=False))
    outcome, name, _ = await charge_with_failover([first, ScriptedGateway("paypal", action)], REQUEST)
    assert (outcome, name) == (action, "paypal")


async def test_no_gateways_is_unavailable():
    """An empty family cannot take a payment."""
    with pytest.raises(AllGatewaysUnavailable):
        await charge_with_failover([], REQUEST)


SOFT_DECLINE = ChargeOutcome(
    status=PaymentStatus.FAILED, failure_code="try_again_later", failure_reason="Try again later.", decline="soft"
)
HARD_DECLINE = ChargeOutcome(
    status=PaymentStatus.FAILED, failure_code="insufficient_funds", failure_reason="No money.", decline="hard"
)


async def test_a_soft_decline_moves_on_and_the_next_gateway_charges():
    """try_again_later at the first gateway: the second charges, and both attempts are listed
    with the first one's decline code."""
    first, second = ScriptedGateway("stripe", SOFT_DECLINE), ScriptedGateway("paypal", SUCCEEDED)
    outcome, name, attempts = await charge_with_failover([first, second], REQUEST)
    assert (outcome, name) == (SUCCEEDED, "paypal")
    assert [(a.gateway, a.outcome, a.detail) for a in attempts] == [
        ("stripe", "failed", "try_again_later"),
        ("paypal", "succeeded", None),
    ]
    assert (attempts[0].decline_code, attempts[0].decline) == ("try_again_later", "soft")
    assert second.charged == [REQUEST]


async def test_a_hard_decline_never_reaches_the_next_gateway():
    first, second = ScriptedGateway("stripe", HARD_DECLINE), ScriptedGateway("paypal", SUCCEEDED)
    outcome, name, attempts = await charge_with_failover([first, second], REQUEST)
    assert (outcome, name) == (HARD_DECLINE, "stripe")
    assert [a.detail for a in attempts] == ["insufficient_funds"]
    assert second.charged == []


async def test_soft_declines_everywhere_end_in_the_last_decline():
    """Every gateway soft-declines: the payment fails with the last one's decline."""
    first, second = ScriptedGateway("stripe", SOFT_DECLINE), ScriptedGateway("paypal", SOFT_DECLINE)
    outcome, name, attempts = await charge_with_failover([first, second], REQUEST)
    assert (outcome.status, outcome.failure_code, name) == (PaymentStatus.FAILED, "try_again_later", "paypal")
    assert [a.gateway for a in attempts] == ["stripe", "paypal"]


async def test_a_soft_decline_then_an_unreachable_gateway_is_still_a_decline():
    """Nothing was taken anywhere and the only answer was a decline: the payment fails with it."""
    first = ScriptedGateway("stripe", SOFT_DECLINE)
    second = ScriptedGateway("paypal", unavailable(indeterminate=False))
    outcome, name, attempts = await charge_with_failover([first, second], REQUEST)
    assert (outcome, name) == (SOFT_DECLINE, "stripe")
    assert [(a.gateway, a.outcome) for a in attempts] == [("stripe", "failed"), ("paypal", "unavailable")]
