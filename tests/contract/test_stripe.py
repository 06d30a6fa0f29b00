"""StripeGateway against a local server that holds it to Stripe's documented API contract."""

from __future__ import annotations

import httpx
import pytest

from adapters.gateways.stripe import StripeGateway
from adapters.http import create_http_client
from domain.declines import HARD, SOFT
from domain.errors import InvalidInput, NotFound, ProviderUnavailable
from domain.payment import PaymentStatus, RefundStatus
from tests.contract import builders
from tests.contract import stripe_api as api
from tests.contract.server import Reply

CREDENTIALS = {"secret_key": api.SECRET_KEY, "webhook_secrets": "whsec_a"}
OPTIONS = {"api_version": api.API_VERSION}


@pytest.fixture
def stripe(http: httpx.AsyncClient, sleeps) -> StripeGateway:
    return StripeGateway(http, credentials=CREDENTIALS, options=OPTIONS, max_retries=2, sleep=sleeps)


async def test_confirmed_intent_succeeds_with_minor_units_lower_case_currency_and_our_keys(stripe, server):
    """A pm_ payment method is created and confirmed in one form-encoded call carrying our keys."""
    server.route("POST", api.INTENTS, api.echo_intent("succeeded"), check=api.check_create_intent)
    outcome = await stripe.process(builders.charge(payment_method="pm_card_visa"))
    assert outcome.status is PaymentStatus.SUCCEEDED
    assert outcome.transaction_id == "pi_3Contract"
    sent = server.calls("POST", api.INTENTS)[0]
    form = sent.form()
    assert (form["amount"], form["currency"], form["confirm"]) == ("10050", "usd", "true")
    assert form["payment_method"] == "pm_card_visa"
    assert form["metadata[payment_id]"] == "pay_01JCONTRACT0000000000000000"
    assert sent.headers["idempotency-key"] == "idem-7f3a9c1e-charge"


async def test_zero_decimal_currency_is_sent_in_whole_units(stripe, server):
    """JPY 500 is amount=500 (Stripe's zero-decimal rule), not 50000."""
    server.route("POST", api.INTENTS, api.echo_intent("succeeded"), check=api.check_create_intent)
    await stripe.process(builders.charge("500", "JPY", payment_method="pm_card_visa"))
    assert server.calls("POST", api.INTENTS)[0].form()["amount"] == "500"


async def test_card_decline_is_a_failed_outcome_with_the_decline_code(stripe, server):
    """card_error/card_declined maps to FAILED with decline_code and Stripe's message, not an error."""
    server.route("POST", api.INTENTS, api.card_declined("insufficient_funds"), check=api.check_create_intent)
    outcome = await stripe.process(builders.charge(payment_method="pm_card_chargeDeclined"))
    assert outcome.status is PaymentStatus.FAILED
    assert outcome.failure_code == "insufficient_funds"
    assert outcome.failure_reason == "Your card has insufficient funds."
    assert outcome.transaction_id == "pi_3Declined"
    assert len(server.requests) == 1  # a decline is never retried
    assert outcome.decline == HARD  # the family's next gateway is not tried


@pytest.mark.parametrize(
    ("code", "kind"), [("try_again_later", SOFT), ("issuer_not_available", SOFT), ("stolen_card", HARD)]
)
async def test_a_decline_is_classified_soft_or_hard_by_its_decline_code(stripe, server, code, kind):
    """Stripe's "try again" and issuer outages are soft (another gateway may try); the rest hard."""
    server.route("POST", api.INTENTS, api.card_declined(code), check=api.check_create_intent)
    outcome = await stripe.process(builders.charge(payment_method="pm_card_chargeDeclined"))
    assert (outcome.status, outcome.failure_code, outcome.decline) == (PaymentStatus.FAILED, code, kind)


async def test_requires_action_returns_the_redirect_url(stripe, server):
    """requires_action with redirect_to_url sends the customer to Stripe's URL."""
    action = {
        "type": "redirect_to_url",
        "redirect_to_url": {"url": "https://hooks.stripe.com/3d_secure/x", "return_url": None},
    }
    server.route(
        "POST", api.INTENTS, api.echo_intent("requires_action", next_action=action), check=api.check_create_intent
    )
    outcome = await stripe.process(builders.charge(payment_method="pm_card_threeDSecure2Required"))
    assert outcome.status is PaymentStatus.REQUIRES_ACTION
    assert outcome.next_action_url == "https://hooks.stripe.com/3d_secure/x"


async def test_use_stripe_sdk_action_points_at_the_configured_front_end_page(http, server):
    """use_stripe_sdk has no URL, so the outcome carries our sdk_action_url with the intent id."""
    gateway = StripeGateway(
        http, credentials=CREDENTIALS, options={**OPTIONS, "sdk_action_url": "https://shop.test/pay/{id}"}
    )
    server.route(
        "POST",
        api.INTENTS,
        api.echo_intent("requires_action", next_action={"type": "use_stripe_sdk"}),
        check=api.check_create_intent,
    )
    outcome = await gateway.process(builders.charge(payment_method="pm_card_threeDSecure2Required"))
    assert outcome.next_action_url == "https://shop.test/pay/pi_3Contract"


async def test_without_a_payment_method_the_intent_waits_for_the_card(stripe, server):
    """No pm_ id: the intent is created unconfirmed and the customer must supply a card."""
    server.route("POST", api.INTENTS, api.echo_intent("requires_payment_method"), check=api.check_create_intent)
    outcome = await stripe.process(builders.charge(payment_method="stripe"))
    assert outcome.status is PaymentStatus.REQUIRES_ACTION
    assert "confirm" not in server.calls("POST", api.INTENTS)[0].form()


async def test_processing_is_pending(stripe, server):
    """processing (e.g. bank debits) maps to PENDING, to be settled by webhook or reconciliation."""
    server.route("POST", api.INTENTS, api.echo_intent("processing"), check=api.check_create_intent)
    assert (await stripe.process(builders.charge(payment_method="pm_x"))).status is PaymentStatus.PENDING


async def test_invalid_request_naming_our_field_is_invalid_input(stripe, server):
    """An invalid_request_error whose param is one of ours is the client's 422, naming the field."""
    server.route(
        "POST", api.INTENTS, api.invalid_request("currency", "Invalid currency: xts"), check=api.check_create_intent
    )
    with pytest.raises(InvalidInput) as caught:
        await stripe.process(builders.charge(payment_method="pm_x"))
    assert caught.value.field == "currency"


async def test_invalid_request_on_another_param_is_a_failed_outcome(stripe, server):
    """An invalid_request_error not about the client's input fails the payment with Stripe's code."""
    server.route(
        "POST",
        api.INTENTS,
        api.invalid_request("payment_method", "No such PaymentMethod", code="resource_missing"),
        check=api.check_create_intent,
    )
    with pytest.raises(InvalidInput):  # payment_method is ours
        await stripe.process(builders.charge(payment_method="pm_missing"))
    server.route(
        "POST",
        api.INTENTS,
        api.invalid_request("payment_method_options", "Not allowed", code="parameter_unknown"),
        check=api.check_create_intent,
    )
    outcome = await stripe.process(builders.charge(payment_method="pm_x"))
    assert (outcome.status, outcome.failure_code) == (PaymentStatus.FAILED, "parameter_unknown")


@pytest.mark.parametrize("first", [api.rate_limited(), api.api_error(500), api.api_error(503)])
async def test_429_or_5xx_then_success_is_retried_with_the_same_key_and_body(stripe, server, sleeps, first):
    """A transient answer is retried after a backoff with the identical request, then succeeds."""
    server.route("POST", api.INTENTS, first, api.echo_intent("succeeded"), check=api.check_create_intent)
    outcome = await stripe.process(builders.charge(payment_method="pm_card_visa"))
    assert outcome.status is PaymentStatus.SUCCEEDED
    one, two = server.calls("POST", api.INTENTS)
    assert one.headers["idempotency-key"] == two.headers["idempotency-key"]
    assert one.body == two.body
    assert len(sleeps) == 1


async def test_retry_after_is_honoured_on_429(stripe, server, sleeps):
    """Stripe's Retry-After sets the wait before the retry."""
    server.route(
        "POST", api.INTENTS, api.rate_limited("2"), api.echo_intent("succeeded"), check=api.check_create_intent
    )
    await stripe.process(builders.charge(payment_method="pm_card_visa"))
    assert sleeps == [2.0]


async def test_persistent_500_is_provider_unavailable_and_indeterminate(stripe, server):
    """After max_retries+1 attempts a 500 is ProviderUnavailable; the charge may exist."""
    server.route("POST", api.INTENTS, api.api_error(500), check=api.check_create_intent)
    with pytest.raises(ProviderUnavailable) as caught:
        await stripe.process(builders.charge(payment_method="pm_card_visa"))
    assert len(server.calls("POST", api.INTENTS)) == 3
    assert caught.value.extra["indeterminate"] is True


async def test_persistent_503_is_provider_unavailable_and_not_taken(stripe, server):
    """A 503 means Stripe did not act, so the error says the payment was not taken."""
    server.route("POST", api.INTENTS, api.api_error(503), check=api.check_create_intent)
    with pytest.raises(ProviderUnavailable) as caught:
        await stripe.process(builders.charge(payment_method="pm_card_visa"))
    assert caught.value.extra["indeterminate"] is False


async def test_read_timeout_is_provider_unavailable_and_indeterminate(server):
    """A request that times out waiting for the answer may have been acted on."""
    server.route("POST", api.INTENTS, Reply(200, api.intent("succeeded"), delay=1.0), check=api.check_create_intent)
    async with create_http_client(server.url, timeout=0.2) as client:
        gateway = StripeGateway(client, credentials=CREDENTIALS, options=OPTIONS, max_retries=0)
        with pytest.raises(ProviderUnavailable) as caught:
            await gateway.process(builders.charge(payment_method="pm_card_visa"))
    assert caught.value.extra["indeterminate"] is True


async def test_connection_refused_is_provider_unavailable_and_not_taken(closed_port, sleeps):
    """Nothing listening: retried, then ProviderUnavailable that failover may route around."""
    async with create_http_client(f"http://127.0.0.1:{closed_port}", timeout=1.0) as client:
        gateway = StripeGateway(client, credentials=CREDENTIALS, options=OPTIONS, sleep=sleeps)
        with pytest.raises(ProviderUnavailable) as caught:
            await gateway.process(builders.charge(payment_method="pm_card_visa"))
    assert caught.value.extra["indeterminate"] is False
    assert len(sleeps) == 2


async def test_wrong_secret_key_is_provider_unavailable_not_retried(stripe, server):
    """A 401 is our configuration, not the customer's: unavailable, nothing taken, no retries."""
    server.route(
        "POST", api.INTENTS, Reply(401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key"}})
    )
    with pytest.raises(ProviderUnavailable) as caught:
        await stripe.process(builders.charge(payment_method="pm_card_visa"))
    assert caught.value.extra["indeterminate"] is False
    assert len(server.requests) == 1


async def test_partial_refund_posts_the_intent_and_amount(stripe, server):
    """POST /v1/refunds with payment_intent and a partial amount, idempotent under our key."""
    server.route("POST", api.REFUNDS, Reply(200, api.refund("succeeded")), check=api.check_refund)
    outcome = await stripe.refund(builders.refund("pi_3Contract", "25.00"))
    assert (outcome.status, outcome.gateway_refund_id) == (RefundStatus.SUCCEEDED, "re_3Contract")
    sent = server.calls("POST", api.REFUNDS)[0]
    assert sent.form()["payment_intent"] == "pi_3Contract"
    assert sent.form()["amount"] == "2500"
    assert sent.form()["reason"] == "requested_by_customer"
    assert sent.headers["idempotency-key"] == "idem-7f3a9c1e-refund"


async def test_pending_and_refused_refunds(stripe, server):
    """A pending refund stays PENDING; one Stripe refuses (already refunded) is FAILED."""
    server.route("POST", api.REFUNDS, Reply(200, api.refund("pending")), check=api.check_refund)
    assert (await stripe.refund(builders.refund("pi_3Contract"))).status is RefundStatus.PENDING
    server.route(
        "POST",
        api.REFUNDS,
        api.invalid_request("amount", "Charge has already been refunded.", code="charge_already_refunded"),
        check=api.check_refund,
    )
    outcome = await stripe.refund(builders.refund("pi_3Contract"))
    assert outcome.status is RefundStatus.FAILED
    assert outcome.failure_reason == "Charge has already been refunded."


async def test_fetch_status_retrieves_the_intent(stripe, server):
    """GET /v1/payment_intents/{id} reconciles; an unknown id is NotFound."""
    server.route("GET", api.INTENT, Reply(200, api.intent("succeeded")), check=api.check_retrieve)
    outcome = await stripe.fetch_status("pi_3Contract")
    assert (outcome.status, outcome.transaction_id) == (PaymentStatus.SUCCEEDED, "pi_3Contract")
    server.route(
        "GET",
        api.INTENT,
        Reply(404, {"error": {"type": "invalid_request_error", "code": "resource_missing"}}),
        check=api.check_retrieve,
    )
    with pytest.raises(NotFound):
        await stripe.fetch_status("pi_3Missing")
