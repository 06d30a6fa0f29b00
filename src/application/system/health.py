"""Health: ping every configured dependency concurrently and report status and latency; readiness
adds the event consumers and caches the pings briefly, so probes stay cheap."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import msgspec

from domain.ports import EventBus, HealthCheck


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
            # Only a clean bill is kept: a dependency found down is asked again next time, so
            # its recovery shows at once.
            self._cached = (now, results) if all(r.status == "up" for r in results) else None
        if any(r.status == "down" and r.required for r in results):
            status = "down"
        elif any(r.status == "down" for r in results):
            status = "degraded"
        else:
            status = "ok"
        return HealthReport(status, list(results))


class ReadinessReport(msgspec.Struct, frozen=True):
    status: str  # "ready", or "not_ready" (a required dependency is down, or a group is waiting)
    dependencies: list[DependencyHealth]
    waiting_groups: list[str]  # event consumer groups not yet holding their partitions


class CheckReadiness:
    """Ready once every required dependency answers and every consumer group of this instance
    is positioned, so no event published from then on is missed. The dependency pings are
    reused for `cache_seconds`; the consumers' state is read each time (no I/O)."""

    def __init__(self, health: CheckHealth, bus: EventBus, cache_seconds: float = 1.0) -> None:
        self._health = health
        self._bus = bus
        self._cache_seconds = cache_seconds
        self._cached: tuple[float, HealthReport] | None = None
        self._lock = asyncio.Lock()

    async def __call__(self) -> ReadinessReport:
        report = await self._dependencies()
        waiting = self._bus.waiting_groups()
        ready = report.status != "down" and not waiting
        return ReadinessReport("ready" if ready else "not_ready", report.dependencies, waiting)

    async def _dependencies(self) -> HealthReport:
        async with self._lock:  # concurrent probes share one round of pings
            now = time.monotonic()
            if self._cached is None or now - self._cached[0] >= self._cache_seconds:
                self._cached = (now, await self._health())
            return self._cached[1]
