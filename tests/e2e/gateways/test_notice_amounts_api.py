"""Signed notices from the bank, Stripe, PayPal and Razorpay settle a payment only when the amount,
the currency and the provider's reference all match it; an operator decides a short or over payment."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from decimal import Decimal

import pytest

from tests.contract import paypal_api, razorpay_api, stripe_api
from tests.contract.server import ContractServer, Reply
from tests.e2e.gateways.conftest import (
    BANK_WEBHOOK_SECRET,
    OPERATOR_TOKEN,
    RAZORPAY_WEBHOOK_SECRET,
    STRIPE_WEBHOOK_SECRET,
)

OPERATOR = {"X-Operator-Token": OPERATOR_TOKEN}
PAYPAL_HEADERS = {
    "PAYPAL-AUTH-ALGO": "SHA256withRSA",
    "PAYPAL-CERT-URL": "https://api.paypal.com/v1/notifications/certs/CERT-360caa42",
    "PAYPAL-TRANSMISSION-ID": "69cd13f0-d67a-11e5-baa3-778b53f4ae55",
    "PAYPAL-TRANSMISSION-SIG": "lmI95Jx3Y9nhR5SJWlHVIWpg4AgFk7n9bCHSRxbrd8A9zrhdu2rMyFrmz",
    "PAYPAL-TRANSMISSION-TIME": "2024-06-20T20:01:35Z",
}


def _hex(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class Provider:
    """How one provider creates a payment here and words a signed notice that it was paid."""

    gateway: str
    owed: str
    currency: str
    other_currency: str

    def __init__(self, server: ContractServer) -> None:
        self.server = server
        self.sent = 0

    async def create(self, api, tag: str) -> dict:
        self.route(tag)
        response = await api.post(
            "/api/v1/payments",
            json={"user_id": f"user_{tag}", "amount": self.owed, "currency": self.currency, "gateway": self.gateway},
        )
        assert response.status_code == 201, response.text
        return response.json()

    def route(self, tag: str) -> None:
        """Nothing to route for providers we do not call."""

    def notice(self, payment: dict, charge_of: dict, amount: str, currency: str) -> tuple[bytes, dict[str, str]]:
        raise NotImplementedError

    def minor(self, amount: str) -> int:
        return int(Decimal(amount) * 100)


class Bank(Provider):
    gateway, owed, currency, other_currency = "bank_transfer", "250.00", "EUR", "GBP"

    def notice(self, payment, charge_of, amount, currency):
        self.sent += 1
        body = {
            "id": f"ntc_{self.sent}",
            "type": "credit",
            "reference": charge_of["transaction_id"],
            "status": "settled",
            "amount": amount,
            "currency": currency,
        }
        raw = json.dumps(body).encode()
        return raw, {"X-Bank-Signature": _hex(BANK_WEBHOOK_SECRET, raw)}


class Stripe(Provider):
    gateway, owed, currency, other_currency = "stripe", "42.00", "USD", "EUR"

    def route(self, tag):
        self.server.route(
            "POST",
            stripe_api.INTENTS,
            stripe_api.echo_intent("requires_action", id=f"pi_3{tag}"),
            check=stripe_api.check_create_intent,
        )

    def notice(self, payment, charge_of, amount, currency):
        self.sent += 1
        intent = stripe_api.intent(
            "succeeded", id=charge_of["transaction_id"], amount=self.minor(amount), currency=currency.lower()
        )
        intent["metadata"] = {"payment_id": payment["id"]}
        event = {"id": f"evt_{self.sent}", "object": "event", "type": "payment_intent.succeeded"}
        raw = json.dumps({**event, "data": {"object": intent}}).encode()
        t = str(int(time.time()))
        return raw, {"Stripe-Signature": f"t={t},v1={_hex(STRIPE_WEBHOOK_SECRET, t.encode() + b'.' + raw)}"}


class PayPal(Provider):
    gateway, owed, currency, other_currency = "paypal", "100.50", "USD", "EUR"

    def __init__(self, server):
        super().__init__(server)
        self.issuer = paypal_api.TokenIssuer(server)
        server.route(
            "POST",
            paypal_api.VERIFY,
            Reply(200, {"verification_status": "SUCCESS"}),
            check=paypal_api.check_verify(self.issuer),
        )

    def route(self, tag):
        order = {**paypal_api.order("PAYER_ACTION_REQUIRED"), "id": f"ORDER{tag.upper()}"}
        self.server.route(
            "POST", paypal_api.ORDERS, Reply(201, order), check=paypal_api.check_create_order(self.issuer)
        )

    def notice(self, payment, charge_of, amount, currency):
        self.sent += 1
        capture = {
            **paypal_api.capture("COMPLETED"),
            "id": f"CAPTURE{self.sent}",
            "custom_id": payment["id"],
            "amount": {"currency_code": currency, "value": amount},
            "supplementary_data": {"related_ids": {"order_id": charge_of["transaction_id"]}},
        }
        event = json.loads(paypal_api.event_body("PAYMENT.CAPTURE.COMPLETED", capture))
        return json.dumps({**event, "id": f"WH-{self.sent}"}).encode(), dict(PAYPAL_HEADERS)


class Razorpay(Provider):
    gateway, owed, currency, other_currency = "razorpay", "500.00", "INR", "USD"

    def route(self, tag):
        order = {**razorpay_api.order(amount=self.minor(self.owed)), "id": f"order_{tag}"}
        self.server.route("POST", razorpay_api.ORDERS, Reply(200, order), check=razorpay_api.check_order)

    def notice(self, payment, charge_of, amount, currency):
        self.sent += 1
        entity = razorpay_api.payment(
            "captured",
            id=f"pay_n{self.sent}",
            amount=self.minor(amount),
            currency=currency,
            order_id=charge_of["transaction_id"],
            notes={"payment_id": payment["id"]},
        )
        raw = json.dumps({"entity": "event", "event": "payment.captured", "payload": {"payment": {"entity": entity}}})
        raw = raw.encode()
        return raw, {"X-Razorpay-Signature": _hex(RAZORPAY_WEBHOOK_SECRET, raw), "X-Razorpay-Event-Id": f"e{self.sent}"}


PROVIDERS = {p.gateway: p for p in (Bank, Stripe, PayPal, Razorpay)}


@pytest.fixture(params=list(PROVIDERS))
def notifier(request, stripe) -> Provider:
    return PROVIDERS[request.param](stripe)


async def _post(api, provider: Provider, body: bytes, headers: dict[str, str]) -> dict:
    response = await api.post(
        f"/api/v1/webhooks/{provider.gateway}", content=body, headers={**headers, "Content-Type": "application/json"}
    )
    assert response.status_code == 200, response.text
    return response.json()


async def _shown(api, payment: dict) -> dict:
    return (await api.get(f"/api/v1/payments/{payment['id']}")).json()


def _amounts(provider: Provider) -> dict[str, tuple[str, str]]:
    owed = Decimal(provider.owed)
    return {
        "short": ("1.00", provider.currency),
        "a_cent_short": (str(owed - Decimal("0.01")), provider.currency),
        "over": (str(owed + 100), provider.currency),
        "other_currency": (provider.owed, provider.other_currency),
    }


@pytest.mark.parametrize("case", ["short", "a_cent_short", "over", "other_currency"])
async def test_a_wrong_amount_or_currency_never_settles_and_waits_for_review(api, notifier, case):
    """The payment stays pending with amount_mismatch and what arrived; the exact amount then settles it."""
    payment = await notifier.create(api, "x")
    before = payment["status"]
    amount, currency = _amounts(notifier)[case]
    result = await _post(api, notifier, *notifier.notice(payment, payment, amount, currency))
    shown = await _shown(api, payment)
    assert result["status"] == "pending" and shown["status"] == "pending", (before, result)
    assert shown["failure_code"] == "amount_mismatch"
    assert (shown["gateway_data"]["received_amount"], shown["gateway_data"]["received_currency"]) == (
        amount,
        currency,
    )
    exact = await _post(api, notifier, *notifier.notice(payment, payment, notifier.owed, notifier.currency))
    assert exact["status"] == "succeeded", exact
    assert (await _shown(api, payment))["failure_code"] is None


async def test_a_notice_with_another_payments_reference_settles_neither(api, notifier):
    """Naming payment X with payment Y's charge (bank: Y's reference with X's amount) settles neither."""
    x = await notifier.create(api, "x")
    y = await notifier.create(api, "y")
    if notifier.gateway == "bank_transfer":  # a bank notice names its payment by the reference alone
        y_owed = await api.post(
            "/api/v1/payments",
            json={"user_id": "user_y", "amount": "99.00", "currency": "EUR", "gateway": "bank_transfer"},
        )
        y = y_owed.json()
    result = await _post(api, notifier, *notifier.notice(x, y, notifier.owed, notifier.currency))
    assert result.get("status") != "succeeded", result
    shown_x, shown_y = await _shown(api, x), await _shown(api, y)
    assert shown_x["status"] == x["status"] and shown_x["transaction_id"] == x["transaction_id"]
    assert shown_y["status"] != "succeeded" and shown_y["transaction_id"] == y["transaction_id"]
    exact = await _post(api, notifier, *notifier.notice(x, x, notifier.owed, notifier.currency))
    assert exact["status"] == "succeeded", exact


async def test_an_operator_confirms_or_fails_a_short_payment(api, notifier):
    """POST /confirm accepts what arrived; POST /fail refuses it, keeping amount_mismatch as the code."""
    accepted, refused = await notifier.create(api, "a"), await notifier.create(api, "r")
    for payment in (accepted, refused):
        await _post(api, notifier, *notifier.notice(payment, payment, "1.00", notifier.currency))
    assert (await api.post(f"/api/v1/payments/{refused['id']}/fail")).status_code == 401
    confirmed = await api.post(f"/api/v1/payments/{accepted['id']}/confirm", headers=OPERATOR)
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "succeeded", confirmed.text
    failed = await api.post(f"/api/v1/payments/{refused['id']}/fail", headers=OPERATOR, json={"reason": "short"})
    assert failed.status_code == 200, failed.text
    assert (failed.json()["status"], failed.json()["failure_code"]) == ("failed", "amount_mismatch")
    again = await api.post(f"/api/v1/payments/{refused['id']}/fail", headers=OPERATOR)
    assert again.status_code == 409
