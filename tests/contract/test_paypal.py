"""PayPalGateway against a local server that holds it to PayPal's documented REST contract."""

from __future__ import annotations

import json

import pytest

from adapters.gateways.paypal import PayPalGateway
from domain.errors import InvalidInput, ProviderUnavailable, WebhookSignatureInvalid
from domain.payment import PaymentStatus, RefundStatus
from tests.contract import builders
from tests.contract import paypal_api as api
from tests.contract.server import Reply

CREDENTIALS = {"client_id": api.CLIENT_ID, "client_secret": api.CLIENT_SECRET, "webhook_id": api.WEBHOOK_ID}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def paypal(http, sleeps, clock) -> PayPalGateway:
    return PayPalGateway(http, credentials=CREDENTIALS, options={}, sleep=sleeps, clock=clock)


@pytest.fixture
def issuer(server) -> api.TokenIssuer:
    return api.TokenIssuer(server)


def create_route(server, issuer, *replies):
    server.route("POST", api.ORDERS, *replies, check=api.check_create_order(issuer))


async def test_order_is_created_with_the_approve_link_and_a_cached_token(paypal, server, issuer):
    """Orders v2 CAPTURE order with a decimal-string amount; the payer approves via the link."""
    create_route(server, issuer, Reply(201, api.order("PAYER_ACTION_REQUIRED")))
    outcome = await paypal.process(builders.charge("100.50", "USD"))
    await paypal.process(builders.charge("100.50", "USD"))
    assert outcome.status is PaymentStatus.REQUIRES_ACTION
    assert outcome.transaction_id == api.ORDER_ID
    assert outcome.next_action_url == f"https://www.paypal.com/checkoutnow?token={api.ORDER_ID}"
    assert len(server.calls("POST", api.TOKEN)) == 1  # cached until it expires
    sent = server.calls("POST", api.ORDERS)[0]
    unit = sent.json()["purchase_units"][0]
    assert unit["amount"] == {"currency_code": "USD", "value": "100.50"}
    assert unit["custom_id"] == unit["reference_id"] == "pay_01JCONTRACT0000000000000000"
    assert sent.headers["paypal-request-id"] == "idem-7f3a9c1e-charge"


async def test_zero_decimal_currency_value_has_no_decimals(paypal, server, issuer):
    """JPY 500 is sent as "500", the currency's own number of decimals."""
    create_route(server, issuer, Reply(201, api.order("CREATED")))
    outcome = await paypal.process(builders.charge("500", "JPY"))
    assert server.calls("POST", api.ORDERS)[0].json()["purchase_units"][0]["amount"]["value"] == "500"
    assert outcome.next_action_url.endswith(api.ORDER_ID)  # the CREATED order's approve link


async def test_an_expired_token_is_fetched_again(paypal, server, issuer, clock):
    """The token is reused until expires_in (less a minute) has passed, then renewed."""
    create_route(server, issuer, Reply(201, api.order("CREATED")))
    await paypal.process(builders.charge())
    clock.now += 32400 - 61
    await paypal.process(builders.charge())
    clock.now += 2
    await paypal.process(builders.charge())
    assert len(issuer.issued) == 2


async def test_a_revoked_token_is_renewed_once_and_the_call_repeated(paypal, server, issuer):
    """A 401 invalid_token fetches a fresh token and repeats the call with it."""
    create_route(server, issuer, issuer.live(Reply(201, api.order("CREATED"))))
    await paypal.process(builders.charge())
    issuer.revoked.add(issuer.issued[0])
    outcome = await paypal.process(builders.charge())
    assert outcome.status is PaymentStatus.REQUIRES_ACTION
    assert len(issuer.issued) == 2


async def test_approved_order_is_captured_once_by_fetch_status(paypal, server, issuer):
    """GET order APPROVED -> POST capture (PayPal-Request-Id capture-<order>) -> SUCCEEDED."""
    server.route("GET", api.ORDER, Reply(200, api.order("APPROVED")), check=lambda r: issuer.authorised(r))
    server.route(
        "POST",
        api.CAPTURE,
        Reply(201, api.order("COMPLETED", captures=[api.capture()])),
        check=api.check_json_call(issuer, idempotent=True),
    )
    outcome = await paypal.fetch_status(api.ORDER_ID)
    assert outcome.status is PaymentStatus.SUCCEEDED
    assert outcome.transaction_id == api.CAPTURE_ID
    assert outcome.data["order_id"] == api.ORDER_ID
    sent = server.calls("POST", api.CAPTURE)[0]
    assert sent.headers["paypal-request-id"] == f"capture-{api.ORDER_ID}"


async def test_unapproved_order_still_requires_action(paypal, server, issuer):
    """An order the payer has not approved yet keeps its approve link."""
    server.route("GET", api.ORDER, Reply(200, api.order("PAYER_ACTION_REQUIRED")), check=lambda r: issuer.authorised(r))
    outcome = await paypal.fetch_status(api.ORDER_ID)
    assert outcome.status is PaymentStatus.REQUIRES_ACTION
    assert not server.calls("POST", api.CAPTURE)


async def test_a_capture_id_is_reconciled_through_the_payments_api(paypal, server, issuer):
    """After capture the transaction id is the capture's: GET order 404s, GET capture answers."""
    server.route(
        "GET",
        api.ORDER,
        api.error(404, "RESOURCE_NOT_FOUND", "INVALID_RESOURCE_ID"),
        check=lambda r: issuer.authorised(r),
    )
    server.route("GET", api.CAPTURE_GET, Reply(200, api.capture("COMPLETED")), check=lambda r: issuer.authorised(r))
    outcome = await paypal.fetch_status(api.CAPTURE_ID)
    assert (outcome.status, outcome.transaction_id) == (PaymentStatus.SUCCEEDED, api.CAPTURE_ID)


async def test_declined_instrument_sends_the_payer_back_to_approve(paypal, server, issuer):
    """INSTRUMENT_DECLINED on capture: the payer must choose another source (REQUIRES_ACTION)."""
    server.route("GET", api.ORDER, Reply(200, api.order("APPROVED")), check=lambda r: issuer.authorised(r))
    server.route(
        "POST",
        api.CAPTURE,
        api.error(422, "UNPROCESSABLE_ENTITY", "INSTRUMENT_DECLINED"),
        check=api.check_json_call(issuer, idempotent=True),
    )
    outcome = await paypal.fetch_status(api.ORDER_ID)
    assert outcome.status is PaymentStatus.REQUIRES_ACTION
    assert outcome.next_action_url == f"https://www.paypal.com/checkoutnow?token={api.ORDER_ID}"


async def test_partial_refund_of_a_capture(paypal, server, issuer):
    """POST /v2/payments/captures/{id}/refund with the partial amount and PayPal-Request-Id."""
    server.route(
        "POST",
        api.REFUND,
        Reply(201, {"id": "1JU08902781691411", "status": "COMPLETED"}),
        check=api.check_refund(issuer),
    )
    outcome = await paypal.refund(builders.refund(api.CAPTURE_ID, "25.00"))
    assert (outcome.status, outcome.gateway_refund_id) == (RefundStatus.SUCCEEDED, "1JU08902781691411")
    sent = server.calls("POST", api.REFUND)[0]
    assert sent.path == f"/v2/payments/captures/{api.CAPTURE_ID}/refund"
    assert sent.json()["amount"] == {"currency_code": "USD", "value": "25.00"}
    assert sent.headers["paypal-request-id"] == "idem-7f3a9c1e-refund"


async def test_refund_paypal_refuses_is_failed(paypal, server, issuer):
    """REFUND_AMOUNT_EXCEEDED (422) is a FAILED refund with PayPal's description."""
    server.route(
        "POST",
        api.REFUND,
        api.error(422, "UNPROCESSABLE_ENTITY", "REFUND_AMOUNT_EXCEEDED", "The refund amount exceeds the capture."),
        check=api.check_refund(issuer),
    )
    outcome = await paypal.refund(builders.refund(api.CAPTURE_ID))
    assert (outcome.status, outcome.failure_reason) == (RefundStatus.FAILED, "The refund amount exceeds the capture.")


@pytest.mark.parametrize("status", [429, 500])
async def test_transient_answers_are_retried_then_succeed(paypal, server, issuer, status):
    """429 and 5xx on order creation are retried with the same PayPal-Request-Id."""
    create_route(
        server,
        issuer,
        api.error(status, "INTERNAL_SERVER_ERROR", "INTERNAL_SERVICE_ERROR"),
        Reply(201, api.order("CREATED")),
    )
    assert (await paypal.process(builders.charge())).status is PaymentStatus.REQUIRES_ACTION
    one, two = server.calls("POST", api.ORDERS)
    assert one.headers["paypal-request-id"] == two.headers["paypal-request-id"]


async def test_persistent_5xx_is_unavailable_and_safe_to_fail_over(paypal, server, issuer):
    """Creating an order takes no money, so even a 500 leaves the payment not taken."""
    create_route(server, issuer, api.error(500, "INTERNAL_SERVER_ERROR", "INTERNAL_SERVICE_ERROR"))
    with pytest.raises(ProviderUnavailable) as caught:
        await paypal.process(builders.charge())
    assert caught.value.extra["indeterminate"] is False
    assert len(server.calls("POST", api.ORDERS)) == 3


async def test_unsupported_currency_names_the_currency_field(paypal, server, issuer):
    """PayPal's CURRENCY_NOT_SUPPORTED on the amount's currency_code is InvalidInput(currency)."""
    create_route(
        server,
        issuer,
        api.error(
            422,
            "UNPROCESSABLE_ENTITY",
            "CURRENCY_NOT_SUPPORTED",
            "Currency code is not supported.",
            field="/purchase_units/@reference_id=='default'/amount/currency_code",
        ),
    )
    with pytest.raises(InvalidInput) as caught:
        await paypal.process(builders.charge("100.50", "INR"))
    assert caught.value.field == "currency"


HEADERS = {
    "PAYPAL-AUTH-ALGO": "SHA256withRSA",
    "PAYPAL-CERT-URL": "https://api.paypal.com/v1/notifications/certs/CERT-360caa42",
    "PAYPAL-TRANSMISSION-ID": "69cd13f0-d67a-11e5-baa3-778b53f4ae55",
    "PAYPAL-TRANSMISSION-SIG": "lmI95Jx3Y9nhR5SJWlHVIWpg4AgFk7n9bCHSRxbrd8A9zrhdu2rMyFrmz",
    "PAYPAL-TRANSMISSION-TIME": "2024-06-20T20:01:35Z",
}


async def test_webhook_verified_by_paypal_is_mapped(paypal, server, issuer):
    """The transmission headers, webhook_id and the raw event go to PayPal; SUCCESS -> event."""
    server.route("POST", api.VERIFY, Reply(200, {"verification_status": "SUCCESS"}), check=api.check_verify(issuer))
    body = api.event_body("PAYMENT.CAPTURE.COMPLETED", api.capture("COMPLETED"))
    event = await paypal.verify_webhook({k.lower(): v for k, v in HEADERS.items()}, body)
    assert event.provider_event_id == "WH-58D329510W468432D-8HN650336L201105X"
    assert (event.transaction_id, event.payment_status) == (api.CAPTURE_ID, PaymentStatus.SUCCEEDED)
    assert (event.data["order_id"], event.data["payment_id"]) == (api.ORDER_ID, "pay_01JCONTRACT0000000000000000")
    sent = server.calls("POST", api.VERIFY)[0]
    assert body in sent.body  # the raw event, byte for byte
    assert sent.json()["webhook_id"] == api.WEBHOOK_ID
    assert sent.json()["transmission_sig"] == HEADERS["PAYPAL-TRANSMISSION-SIG"]


async def test_webhook_paypal_does_not_verify_is_rejected(paypal, server, issuer):
    """verification_status FAILURE is a bad signature (400)."""
    server.route("POST", api.VERIFY, Reply(200, {"verification_status": "FAILURE"}), check=api.check_verify(issuer))
    body = api.event_body("PAYMENT.CAPTURE.COMPLETED", api.capture())
    with pytest.raises(WebhookSignatureInvalid):
        await paypal.verify_webhook(HEADERS, body)


async def test_webhook_without_transmission_headers_is_rejected_unasked(paypal, server, issuer):
    """Missing PAYPAL-TRANSMISSION-SIG is refused before any call to PayPal."""
    headers = {k: v for k, v in HEADERS.items() if k != "PAYPAL-TRANSMISSION-SIG"}
    with pytest.raises(WebhookSignatureInvalid) as caught:
        await paypal.verify_webhook(headers, api.event_body("PAYMENT.CAPTURE.COMPLETED", {}))
    assert caught.value.field == "PAYPAL-TRANSMISSION-SIG"
    assert server.requests == []


async def test_refund_and_approval_events(paypal, server, issuer):
    """PAYMENT.CAPTURE.REFUNDED settles a refund; CHECKOUT.ORDER.APPROVED asks for a capture."""
    server.route("POST", api.VERIFY, Reply(200, {"verification_status": "SUCCESS"}), check=api.check_verify(issuer))
    refunded = {
        "id": "1JU08902781691411",
        "status": "COMPLETED",
        "custom_id": "re_ours",
        "links": [
            {"rel": "up", "method": "GET", "href": f"https://api.paypal.com/v2/payments/captures/{api.CAPTURE_ID}"}
        ],
    }
    event = await paypal.verify_webhook(HEADERS, api.event_body("PAYMENT.CAPTURE.REFUNDED", refunded))
    assert (event.refund_id, event.refund_status) == ("1JU08902781691411", RefundStatus.SUCCEEDED)
    assert (event.transaction_id, event.data["merchant_refund_id"]) == (api.CAPTURE_ID, "re_ours")
    approved = json.loads(api.event_body("x", api.order("APPROVED")))["resource"]
    event = await paypal.verify_webhook(HEADERS, api.event_body("CHECKOUT.ORDER.APPROVED", approved))
    assert (event.payment_status, event.data["needs_capture"]) == (PaymentStatus.PENDING, True)
