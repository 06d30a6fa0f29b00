"""Adaptive routing inside a family: recorded authorization outcomes decide the order, with an
exploration share, and the rates are exported as factory_gateway_auth_rate."""

from __future__ import annotations

from decimal import Decimal

import pytest
from prometheus_client import CollectorRegistry, generate_latest

from adapters.memory.auth_rates import InMemoryAuthRateStore
from adapters.metrics.prometheus import PrometheusMetrics
from application.payments.gateway_routing import GatewayRouter
from application.payments.process_payment import CreatePaymentCommand
from application.payments.requests import PaymentRequest
from application.payments.systems import PaymentSystemFactory
from domain.errors import ProviderUnavailable
from domain.payment import PaymentStatus
from domain.ports import ChargeOutcome
from tests.fakes.answers import answer_json
from tests.fakes.metrics import RecordingMetrics
from tests.fakes.scripted_gateways import ScriptedGateway

FAMILY = ["stripe", "paypal", "razorpay"]


async def _record(router: GatewayRouter, gateway: str, authorized: int, declined: int) -> None:
    for ok in [True] * authorized + [False] * declined:
        await router.observe(gateway, ok, FAMILY)


async def test_given_recorded_outcomes_the_order_follows_the_rates():
    router = GatewayRouter(InMemoryAuthRateStore(window_size=100), min_samples=10, exploration=0.0)
    await _record(router, "stripe", 5, 15)  # 25 %
    await _record(router, "paypal", 18, 2)  # 90 %
    await _record(router, "razorpay", 12, 8)  # 60 %
    assert router.order(FAMILY) == ["paypal", "razorpay", "stripe"]


async def test_the_window_slides_so_a_recovered_gateway_climbs_back():
    router = GatewayRouter(InMemoryAuthRateStore(window_size=20), min_samples=10, exploration=0.0)
    await _record(router, "stripe", 0, 20)
    await _record(router, "paypal", 15, 5)
    assert router.order(["stripe", "paypal"]) == ["paypal", "stripe"]
    await _record(router, "stripe", 20, 0)  # the old failures fall out of its window
    assert router.order(["stripe", "paypal"]) == ["stripe", "paypal"]


async def test_too_few_samples_keep_the_configured_order():
    router = GatewayRouter(InMemoryAuthRateStore(), min_samples=20, exploration=0.0)
    await _record(router, "stripe", 0, 5)
    assert router.order(FAMILY) == FAMILY


@pytest.mark.parametrize(("rolls", "first"), [([0.05, 0.0], "razorpay"), ([0.05, 0.99], "stripe"), ([0.5], "paypal")])
async def test_the_exploration_share_puts_another_gateway_first(rolls, first):
    """Below `exploration` (0.1) a random other gateway leads; above it the best does."""
    values = iter(rolls)
    router = GatewayRouter(InMemoryAuthRateStore(), min_samples=1, exploration=0.1, rand=lambda: next(values))
    await _record(router, "paypal", 9, 1)
    await _record(router, "razorpay", 6, 4)
    await _record(router, "stripe", 2, 8)
    assert router.order(FAMILY)[0] == first


async def test_the_rates_are_exported_as_factory_gateway_auth_rate():
    registry = CollectorRegistry()
    router = GatewayRouter(InMemoryAuthRateStore(), metrics=PrometheusMetrics(registry))
    await _record(router, "stripe", 3, 1)
    text = generate_latest(registry).decode()
    assert 'factory_gateway_auth_rate{gateway="stripe"} 0.75' in text


async def test_a_family_payment_feeds_the_router_and_the_next_payment_routes_by_it(
    create_payment, gateways, fakes, systems
):
    """Charges through the family are observed (declines and unreachable count against a
    gateway): after stripe keeps failing, paypal is asked first."""
    metrics = RecordingMetrics()
    router = GatewayRouter(InMemoryAuthRateStore(), min_samples=3, exploration=0.0, metrics=metrics)
    systems.router = router
    fakes["stripe"] = ScriptedGateway("stripe", ProviderUnavailable("503", extra={"indeterminate": False}))
    fakes["paypal"] = ScriptedGateway("paypal", ChargeOutcome(status=PaymentStatus.SUCCEEDED, transaction_id="t"))
    request = PaymentRequest(user_id="u1", amount=Decimal("30.00"), currency="USD", payment_system="global")
    orders = []
    for _ in range(4):
        body = answer_json(await create_payment(CreatePaymentCommand(request)))
        orders.append([a["gateway"] for a in body["attempts"]])
        await router.settled()  # outcomes are recorded in the background
    assert orders[:3] == [["stripe", "paypal"]] * 3
    assert orders[3] == ["paypal"]  # stripe 0/3, paypal 3/3: the rates now lead
    assert metrics.auth_rates == {"stripe": 0.0, "paypal": 1.0}


def test_without_a_router_the_factory_keeps_the_configured_order(systems):
    assert isinstance(systems, PaymentSystemFactory) and systems.router is None
    assert [g.name for g in systems.gateways(systems.spec("global"))] == ["stripe", "paypal"]
