"""The Grafana dashboard and the Prometheus alert rules name only series the service exports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "deploy" / "grafana" / "factory-service.json"
ALERTS = ROOT / "deploy" / "prometheus" / "alerts.yml"
SERIES = re.compile(r"\b((?:factory|http)_[a-z0-9_]+)\b")
SUFFIXES = {"counter": ("_total", "_created"), "histogram": ("_bucket", "_sum", "_count", "_created"), "gauge": ("",)}


def _dashboard_queries() -> list[str]:
    panels = json.loads(DASHBOARD.read_text())["panels"]
    return [target["expr"] for panel in panels for target in panel["targets"]]


def _alert_queries() -> list[str]:
    groups = yaml.safe_load(ALERTS.read_text())["groups"]
    return [rule["expr"] for group in groups for rule in group["rules"]]


def _exported(metrics_text: str) -> set[str]:
    names = set()
    for family in text_string_to_metric_families(metrics_text):
        names |= {family.name + suffix for suffix in SUFFIXES.get(family.type, ("",))}
        names |= {sample.name for sample in family.samples}
    return names


def test_the_dashboard_covers_what_operators_ask():
    """Payments by status and gateway, latency per route, outbox lag, dead letters, deliveries, auth."""
    text = " ".join(_dashboard_queries())
    for needle in (
        "sum by (status) (rate(factory_payments_total",
        "sum by (gateway) (rate(factory_payments_total",
        "sum by (route, le) (rate(http_request_duration_seconds_bucket",
        "factory_outbox_lag_seconds",
        "factory_dead_letters_total",
        "factory_notification_deliveries_total",
        'status="401"',
        'factory_payments_total{status="succeeded"}',
    ):
        assert needle in text, needle


def test_the_alerts_cover_lag_dead_letters_5xx_gateways_and_readiness():
    rules = {
        rule["alert"]: rule["expr"] for group in yaml.safe_load(ALERTS.read_text())["groups"] for rule in group["rules"]
    }
    assert "factory_outbox_lag_seconds" in rules["FactoryOutboxLagging"]
    assert "factory_dead_letters_total" in rules["FactoryDeadLetters"]
    assert 'status=~"5.."' in rules["FactoryHigh5xxRate"]
    assert "factory_payments_total" in rules["FactoryGatewayFailureRate"]
    assert "/health" in rules["FactoryReadinessFlapping"]
    for group in yaml.safe_load(ALERTS.read_text())["groups"]:
        for rule in group["rules"]:
            assert rule["annotations"]["summary"] and rule["labels"]["severity"], rule["alert"]


async def test_every_series_named_is_one_the_service_exports(client):
    """Scrape a test app's /metrics: each name the dashboard and the rules use is exported there."""
    await client.get("/health")
    response = await client.get("/metrics")
    assert response.status_code == 200
    exported = _exported(response.text)
    named = {name for query in _dashboard_queries() + _alert_queries() for name in SERIES.findall(query)}
    assert {"factory_payments_total", "http_request_duration_seconds_bucket", "factory_outbox_lag_seconds"} <= named
    assert {"factory_dead_letters_total", "factory_dead_letters_waiting"} <= named
    assert not named - exported, f"not exported by the service: {sorted(named - exported)}"
