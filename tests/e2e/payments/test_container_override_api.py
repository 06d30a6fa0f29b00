"""Swapping a gateway through the container changes what the running app uses."""

from dependency_injector import providers

from tests.e2e.payments.conftest import SEED
from tests.fakes.payments import FakeGateway


async def test_overriding_stripe_makes_the_app_charge_the_fake(container, api):
    """container.gateways.stripe.override(fake): the payment goes through the fake with a key."""
    fake = FakeGateway("stripe")
    container.gateways.stripe.override(providers.Object(fake))
    body = (await api.post("/api/v1/payments", json=SEED)).json()
    assert body["transaction_id"] == "fake_1" and body["status"] == "succeeded"
    assert [c.amount.minor for c in fake.charges] == [10050]
    assert fake.charges[0].payment_id == body["id"] and fake.charges[0].idempotency_key
