"""Health: ping every configured dependency concurrently and report status and latency."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import msgspec

from domain.ports import HealthCheck


class DependencyHealth(msgspec.Struct, frozen=True):
    name: str
    status: str
    required: bool
    latency_ms: float
    error: str | None = None


class HealthReport(msgspec.Struct, frozen=True):
    status: str  # "ok", "degraded" (an optional dependency is down) or "down"
    dependencies: list[DependencyHealth]


@dataclass(frozen=True, slots=True)
class Dependency:
    name: str
    check: HealthCheck
    required: bool = True


class CheckHealth:
    """Pings run at most once per `cache_seconds`: a probe every few hundred milliseconds from
    each of several load balancers must not load the database."""

    def __init__(
        self, dependencies: list[Dependency], timeout_seconds: float = 2.0, cache_seconds: float = 1.0
    ) -> None:
        self._dependencies = dependencies
        self._timeout = timeout_seconds
        self._cache_seconds = cache_seconds
        self._cached: tuple[float, list[DependencyHealth]] | None = None

    async def _probe(self, dep: Dependency) -> DependencyHealth:
        started = time.perf_counter()
        try:
            await asyncio.wait_for(dep.check.ping(), self._timeout)
            error = None
        except Exception as exc:  # any failure of any dependency is reported, not raised
            error = f"{type(exc).__name__}: {exc}"[:200]
        latency = round((time.perf_counter() - started) * 1000, 2)
        return DependencyHealth(dep.name, "down" if error else "up", dep.required, latency, error)

    async def __call__(self) -> HealthReport:
        """Returns:
        "down" when a required dependency is down, "degraded" when an optional one is.
        """
        now = time.monotonic()
        if self._cached is not None and now - self._cached[0] < self._cache_seconds:
            results = self._cached[1]
        else:
            results = list(await asyncio.gather(*(self._probe(d) for d in self._dependencies)))
            self._cached = (now, results)
        if any(r.status == "down" and r.required for r in results):
            status = "down"
        elif any(r.status == "down" for r in results):
            status = "degraded"
        else:
            status = "ok"
        return HealthReport(status, list(results))
