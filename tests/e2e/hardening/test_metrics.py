"""/metrics in Prometheus text: HTTP latency and counts per route template, business series."""

import asyncio

from prometheus_client.parser import text_string_to_metric_families

from adapters.metrics.noop import NoopMetrics
from adapters.metrics.prometheus import PrometheusMetrics
from domain.ports import Metrics


def _samples(text: str) -> dict[tuple[str, frozenset], float]:
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


async def test_requests_are_counted_and_timed_by_route_template(make_client):
    async with make_client() as client:
        await client.get("/health")
        await client.get("/api/v1/factories/payment-gateways")
        await client.get("/api/v1/factories/teapots")
        await client.get("/no/such/path")
        response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    samples = _samples(response.text)
    route = "/api/v1/factories/{factory_type}"
    assert samples[("http_requests_total", frozenset({"method": "GET", "route": route, "status": "200"}.items()))] == 1
    assert samples[("http_requests_total", frozenset({"method": "GET", "route": route, "status": "404"}.items()))] == 1
    assert (
        samples[
            (
                "http_request_duration_seconds_count",
                frozenset({"method": "GET", "route": "/health", "status": "200"}.items()),
            )
        ]
        == 1
    )
    assert (
        samples[("http_requests_total", frozenset({"method": "GET", "route": "<unmatched>", "status": "404"}.items()))]
        == 1
    )
    assert not any("/no/such/path" in str(labels) for _, labels in samples)


async def test_business_series_recorded_through_the_port_are_exposed(make_client):
    async with make_client() as client:
        metrics = client.container.monitoring.metrics()
        metrics.payment_outcome("stripe", "succeeded")
        metrics.notification_delivery("email", "sent")
        metrics.outbox_lag(2.5)
        metrics.publish_failure()
        samples = _samples((await client.get("/metrics")).text)
    assert samples[("factory_payments_total", frozenset({"gateway": "stripe", "status": "succeeded"}.items()))] == 1
    assert (
        samples[("factory_notification_deliveries_total", frozenset({"channel": "email", "outcome": "sent"}.items()))]
        == 1
    )
    assert samples[("factory_outbox_lag_seconds", frozenset())] == 2.5
    assert samples[("factory_event_publish_failures_total", frozenset())] == 1


async def test_the_noop_adapter_is_selectable(make_client):
    async with make_client({"adapters": {"metrics": "noop"}}) as client:
        assert isinstance(client.container.monitoring.metrics(), NoopMetrics)
        client.container.monitoring.metrics().payment_outcome("stripe", "failed")
        assert (await client.get("/metrics")).status_code == 200


def test_both_adapters_implement_the_port():
    from prometheus_client import CollectorRegistry

    assert isinstance(PrometheusMetrics(CollectorRegistry()), Metrics)
    assert isinstance(NoopMetrics(), Metrics)


async def _after_relay(client) -> dict:
    """/metrics once the app's background relay (every 0.05 s in tests) has published all."""
    for _ in range(200):
        samples = _samples((await client.get("/metrics")).text)
        if samples.get(("factory_outbox_lag_seconds", frozenset())) == 0:
            return samples
        await asyncio.sleep(0.05)
    raise AssertionError("the outbox relay never reported an empty outbox")


async def test_a_payment_and_a_notification_through_the_api_show_up_in_metrics(make_client, tmp_path):
    """Use cases report through the port: payments by gateway and status, deliveries by channel
    and outcome, and the relay's lag once it has published."""
    async with make_client(env={"OUTBOX_DIR": str(tmp_path / "outbox")}) as client:
        paid = await client.post(
            "/api/v1/payments", json={"user_id": "u1", "amount": "10.00", "currency": "USD", "payment_method": "stripe"}
        )
        declined = await client.post(
            "/api/v1/payments",
            json={  # .02: the sandbox declines
                "user_id": "u1",
                "amount": "10.02",
                "currency": "USD",
                "payment_method": "stripe",
            },
        )
        sent = await client.post(
            "/api/v1/notifications",
            json={"recipient": "user@example.com", "subject": "Test", "message": "Test message", "channel": "email"},
        )
        assert (paid.status_code, declined.status_code, sent.status_code) == (201, 201, 201)
        samples = await _after_relay(client)
    assert samples[("factory_payments_total", frozenset({"gateway": "stripe", "status": "succeeded"}.items()))] == 1
    assert (
        samples[("factory_notification_deliveries_total", frozenset({"channel": "email", "outcome": "sent"}.items()))]
        == 1
    )
    assert samples[("factory_payments_total", frozenset({"gateway": "stripe", "status": "failed"}.items()))] == 1
    assert samples[("factory_outbox_lag_seconds", frozenset())] == 0  # relayed: nothing waits
    assert samples[("factory_event_publish_failures_total", frozenset())] == 0
