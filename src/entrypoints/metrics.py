"""HTTP metrics (latency histogram and counter per route template) and the /metrics endpoint."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

UNMATCHED = "<unmatched>"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class HttpMetrics:
    """Labelled by method, route template (never the raw path) and status, so cardinality is bounded.

    The labelled children are cached per (method, route, status): `labels()` takes a lock and
    builds a tuple on every call, which the hot paths should not pay.
    """

    def __init__(self, registry: CollectorRegistry) -> None:
        labels = ["method", "route", "status"]
        self._latency = Histogram(
            "http_request_duration_seconds", "HTTP request latency", labels, buckets=_BUCKETS, registry=registry
        )
        self._requests = Counter("http_requests_total", "HTTP requests", labels, registry=registry)
        self._children: dict[tuple[str, str, int], tuple] = {}

    def observe(self, method: str, route: str | None, status: int, seconds: float) -> None:
        key = (method if method in _METHODS else "OTHER", route or UNMATCHED, status)
        children = self._children.get(key)
        if children is None:
            labels = (key[0], key[1], str(status))
            children = (self._latency.labels(*labels), self._requests.labels(*labels))
            self._children[key] = children
        children[0].observe(seconds)
        children[1].inc()


class MetricsController(Controller):
    tags = ["system"]

    @get("/metrics", include_in_schema=False, sync_to_thread=False)
    def metrics(self, metrics_registry: NamedDependency[CollectorRegistry]) -> Response[bytes]:
        return Response(generate_latest(metrics_registry), media_type=CONTENT_TYPE_LATEST)
