"""Metrics: one registry per container, business series (the Metrics port) and HTTP series on it."""

from __future__ import annotations

from dependency_injector import containers, providers
from prometheus_client import CollectorRegistry

from adapters.metrics.noop import NoopMetrics
from adapters.metrics.prometheus import PrometheusMetrics
from entrypoints.metrics import HttpMetrics


class Monitoring(containers.DeclarativeContainer):
    """`adapters.metrics` picks Prometheus or nothing; /metrics reads the registry."""

    adapters = providers.Configuration()
    metrics_registry = providers.Singleton(CollectorRegistry)
    metrics = providers.Selector(
        adapters.metrics,
        prometheus=providers.Singleton(PrometheusMetrics, metrics_registry),
        noop=providers.Singleton(NoopMetrics),
    )
    http_metrics = providers.Singleton(HttpMetrics, metrics_registry)
