"""Authorize now, capture later through each live adapter, against the providers' contracts:
Stripe PaymentIntents (capture_method=manual, /capture, /cancel), PayPal (intent AUTHORIZE,
authorization capture and void), Razorpay (manual orders, capture, the release refund)."""

from __future__ import annotations

import pytest

from adapters.gateways.paypal import PayPalGateway
from adapters.gateways.razorpay import RazorpayGateway
from adapters.gateways.stripe import StripeGateway
from domain.money import Money
from domain.payment import CaptureMethod, PaymentStatus
from domain.ports import CaptureRequest
from tests.contract import builders
from tests.contract import paypal_api as paypal_contract
from tests.contract import razorpay_api as razorpay_contract
from tests.contract import stripe_api as stripe_contract
from tests.contract.server import Reply

MANUAL = CaptureMethod.MANUAL


def hold(transaction_id: str, amount: str = "60.00", currency: str = "USD", **kwargs) -> CaptureRequest:
    values = {
        "payment_id": "pay_01JCONTRACT0000000000000000",
        "transaction_id": transaction_id,
        "amount": Money.parse(amount, currency),
        "authorized": Money.parse("100.00", currency),
        "idempotency_key": "fs_capture_key_0001",
    }
    values.update(kwargs)
    return CaptureRequest(**values)


@pytest.fixture
def stripe(http, sleeps) -> StripeGateway:
    return StripeGateway(
        http,
        credentials={"secret_key": stripe_contract.SECRET_KEY},
        options={"api_version": stripe_contract.API_VERSION},
        sleep=sleeps,
    )


@pytest.fixture
def paypal(http, sleeps) -> PayPalGateway:
    credentials = {"client_id": paypal_contract.CLIENT_ID, "client_secret": paypal_contract.CLIENT_SECRET}
    return PayPalGateway(http, credentials=credentials, options={}, sleep=sleeps)


@pytest.fixture
def razorpay(http, sleeps) -> RazorpayGateway:
    credentials = {"key_id": razorpay_contract.KEY_ID, "key_secret": razorpay_contract.KEY_SECRET}
    return RazorpayGateway(http, credentials=credentials, options={}, sleep=sleeps)


# Stripe


async def test_stripe_manual_intent_is_created_with_capture_method_manual_and_waits(stripe, server):
    server.route(
        "POST",
        stripe_contract.INTENTS,
        stripe_contract.echo_intent("requires_capture", id="pi_3Held"),
        check=stripe_contract.check_create_intent,
    )
    outcome = await stripe.process(builders.charge("100.00", payment_method="pm_card_visa", capture_method=MANUAL))
    assert (outcome.status, outcome.transaction_id) == (PaymentStatus.REQUIRES_CAPTURE, "pi_3Held")
    assert server.calls("POST", stripe_contract.INTENTS)[0].form()["capture_method"] == "manual"


async def test_stripe_capture_sends_amount_to_capture_in_minor_units_with_our_key(stripe, server):
    server.route("POST", stripe_contract.CAPTURE, stripe_contract.captured_intent, check=stripe_contract.check_capture)
    outcome = await stripe.capture(hold("pi_3Held"))
    assert (outcome.status, outcome.transaction_id) == (PaymentStatus.SUCCEEDED, "pi_3Held")
    assert outcome.data["amount_received"] == 6000
    sent = server.calls("POST", stripe_contract.CAPTURE)[0]
    assert sent.path == "/v1/payment_intents/pi_3Held/capture"
    assert sent.form() == {"amount_to_capture": "6000"}
    assert sent.headers["idempotency-key"] == "fs_capture_key_0001"


async def test_stripe_cancel_voids_the_intent_with_a_reason_stripe_knows(stripe, server):
    server.route("POST", stripe_contract.CANCEL, stripe_contract.canceled_intent, check=stripe_contract.check_cancel)
    assert (await stripe.cancel(hold("pi_3Held", reason="requested_by_customer"))).status is PaymentStatus.CANCELED
    assert (await stripe.cancel(hold("pi_3Held", reason="out of stock"))).status is PaymentStatus.CANCELED
    sent = server.calls("POST", stripe_contract.CANCEL)
    assert sent[0].form() == {"cancellation_reason": "requested_by_customer"}
    assert sent[1].form() == {}  # a reason of ours is not one of Stripe's four: none is sent


async def test_stripe_capture_of_an_expired_hold_is_canceled_and_a_refusal_keeps_it(stripe, server):
    expired = stripe_contract.intent("canceled", id="pi_3Held")
    gone = {"error": {"type": "invalid_request_error", "code": "payment_intent_unexpected_state"}}
    gone["error"]["payment_intent"] = expired
    server.route("POST", stripe_contract.CAPTURE, Reply(400, gone), check=stripe_contract.check_capture)
    assert (await stripe.capture(hold("pi_3Held"))).status is PaymentStatus.CANCELED
    server.reset()
    refused = stripe_contract.invalid_request("amount_to_capture", "too much", code="amount_too_large")
    server.route("POST", stripe_contract.CAPTURE, refused, check=stripe_contract.check_capture)
    outcome = await stripe.capture(hold("pi_3Held"))
    assert (outcome.status, outcome.failure_code) == (PaymentStatus.FAILED, "amount_too_large")


# PayPal


async def test_paypal_manual_order_has_intent_authorize_and_is_authorized_once_approved(paypal, server):
    issuer = paypal_contract.TokenIssuer(server)
    server.route(
        "POST",
        paypal_contract.ORDERS,
        Reply(201, paypal_contract.order("CREATED")),
        check=paypal_contract.check_create_order(issuer),
    )
    outcome = await paypal.process(builders.charge("100.00", capture_method=MANUAL))
    assert outcome.status is PaymentStatus.REQUIRES_ACTION
    assert server.calls("POST", paypal_contract.ORDERS)[0].json()["intent"] == "AUTHORIZE"
    approved = {**paypal_contract.order("APPROVED"), "intent": "AUTHORIZE"}
    server.route("GET", paypal_contract.ORDER, Reply(200, approved), check=issuer.authorised)
    server.route(
        "POST",
        paypal_contract.AUTHORIZE,
        Reply(201, paypal_contract.authorized_order()),
        check=paypal_contract.check_authorize(issuer),
    )
    held = await paypal.fetch_status(paypal_contract.ORDER_ID)
    assert (held.status, held.transaction_id) == (PaymentStatus.REQUIRES_CAPTURE, paypal_contract.AUTHORIZATION_ID)
    assert held.data["order_id"] == paypal_contract.ORDER_ID
    assert not server.calls("POST", paypal_contract.CAPTURE)  # authorized, not captured
    authorize = server.calls("POST", paypal_contract.AUTHORIZE)[0]
    assert authorize.headers["paypal-request-id"] == f"authorize-{paypal_contract.ORDER_ID}"


async def test_paypal_captures_part_of_the_authorization_as_the_final_capture(paypal, server):
    issuer = paypal_contract.TokenIssuer(server)
    server.route(
        "POST",
        paypal_contract.AUTH_CAPTURE,
        paypal_contract.authorization_capture,
        check=paypal_contract.check_authorization_capture(issuer),
    )
    outcome = await paypal.capture(hold(paypal_contract.AUTHORIZATION_ID, gateway_data={"order_id": "5O19"}))
    assert (outcome.status, outcome.transaction_id) == (PaymentStatus.SUCCEEDED, paypal_contract.CAPTURE_ID)
    sent = server.calls("POST", paypal_contract.AUTH_CAPTURE)[0]
    assert sent.path == f"/v2/payments/authorizations/{paypal_contract.AUTHORIZATION_ID}/capture"
    assert sent.json() == {"amount": {"currency_code": "USD", "value": "60.00"}, "final_capture": True}
    assert sent.headers["paypal-request-id"] == "fs_capture_key_0001"


async def test_paypal_void_is_canceled_and_an_expired_authorization_too(paypal, server):
    issuer = paypal_contract.TokenIssuer(server)
    server.route("POST", paypal_contract.AUTH_VOID, Reply(204, b""), check=paypal_contract.check_void(issuer))
    assert (await paypal.cancel(hold(paypal_contract.AUTHORIZATION_ID))).status is PaymentStatus.CANCELED
    expired = paypal_contract.error(422, "UNPROCESSABLE_ENTITY", "AUTHORIZATION_EXPIRED", "expired")
    server.route(
        "POST", paypal_contract.AUTH_CAPTURE, expired, check=paypal_contract.check_authorization_capture(issuer)
    )
    assert (await paypal.capture(hold(paypal_contract.AUTHORIZATION_ID))).status is PaymentStatus.CANCELED


# Razorpay


async def test_razorpay_manual_order_carries_manual_capture_settings(razorpay, server):
    server.route(
        "POST", razorpay_contract.ORDERS, Reply(200, razorpay_contract.order()), check=razorpay_contract.check_order
    )
    outcome = await razorpay.process(builders.charge("100.00", "INR", capture_method=MANUAL))
    assert outcome.status is PaymentStatus.REQUIRES_ACTION
    sent = server.calls("POST", razorpay_contract.ORDERS)[0].json()
    assert sent["payment"] == {
        "capture": "manual",
        "capture_options": {"manual_expiry_period": 7200, "refund_speed": "normal"},
    }
    assert sent["notes"]["capture_method"] == "manual"


async def test_razorpay_authorized_payment_of_a_manual_order_waits_uncaptured(razorpay, server):
    items = {"entity": "collection", "count": 1, "items": [razorpay_contract.payment("authorized", amount=10000)]}
    server.route("GET", razorpay_contract.ORDER_PAYMENTS, Reply(200, items), check=razorpay_contract.check_get)
    manual = razorpay_contract.order("attempted", amount=10000, notes={"capture_method": "manual"})
    server.route("GET", razorpay_contract.ORDER, Reply(200, manual), check=razorpay_contract.check_get)
    outcome = await razorpay.fetch_status(razorpay_contract.ORDER_ID)
    assert (outcome.status, outcome.transaction_id) == (PaymentStatus.REQUIRES_CAPTURE, razorpay_contract.PAYMENT_ID)
    assert not server.calls("POST", razorpay_contract.CAPTURE)


async def test_razorpay_captures_the_whole_hold_then_refunds_the_rest_once(razorpay, server):
    """Razorpay captures only the authorized amount: 100.00 captured, 40.00 refunded at once."""
    server.route(
        "POST",
        razorpay_contract.CAPTURE,
        Reply(200, razorpay_contract.payment("captured", amount=10000)),
        check=lambda r: razorpay_contract.check_capture(r, authorized=10000),
    )
    server.route(
        "POST",
        razorpay_contract.REFUND,
        Reply(200, razorpay_contract.refund(amount=4000)),
        check=razorpay_contract.check_refund,
    )
    outcome = await razorpay.capture(hold(razorpay_contract.PAYMENT_ID, currency="INR"))
    assert (outcome.status, outcome.transaction_id) == (PaymentStatus.SUCCEEDED, razorpay_contract.PAYMENT_ID)
    assert outcome.data["released_minor"] == 4000
    assert server.calls("POST", razorpay_contract.CAPTURE)[0].json() == {"amount": 10000, "currency": "INR"}
    refund = server.calls("POST", razorpay_contract.REFUND)[0]
    assert refund.json()["amount"] == 4000
    assert refund.headers["x-refund-idempotency"] == "fs_capture_key_0001-release"


async def test_razorpay_whole_capture_makes_no_refund(razorpay, server):
    server.route(
        "POST",
        razorpay_contract.CAPTURE,
        Reply(200, razorpay_contract.payment("captured", amount=10000)),
        check=razorpay_contract.check_capture,
    )
    outcome = await razorpay.capture(hold(razorpay_contract.PAYMENT_ID, "100.00", "INR"))
    assert outcome.status is PaymentStatus.SUCCEEDED and not server.calls("POST", razorpay_contract.REFUND)


async def test_razorpay_cancel_leaves_the_hold_to_lapse_but_not_a_captured_payment(razorpay, server):
    server.route(
        "GET",
        razorpay_contract.PAYMENT,
        Reply(200, razorpay_contract.payment("authorized")),
        Reply(200, razorpay_contract.payment("captured")),
        check=razorpay_contract.check_get,
    )
    assert (await razorpay.cancel(hold(razorpay_contract.PAYMENT_ID, currency="INR"))).status is PaymentStatus.CANCELED
    refused = await razorpay.cancel(hold(razorpay_contract.PAYMENT_ID, currency="INR"))
    assert (refused.status, refused.failure_code) == (PaymentStatus.FAILED, "razorpay_captured")
    assert [r.method for r in server.requests] == ["GET", "GET"]  # Razorpay has no void to call
