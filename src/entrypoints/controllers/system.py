"""GET /health (with /health/live and /health/ready) and GET /api/v1/system-info."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.openapi import ResponseSpec

from application.system.health import CheckHealth, CheckReadiness, HealthReport, ReadinessReport
from application.system.system_info import DescribeSystem, SystemInfo


class SystemController(Controller):
    tags = ["system"]

    @get(
        "/health",
        summary="Service health: each dependency with status and latency",
        responses={503: ResponseSpec(HealthReport, description="A required dependency is down")},
    )
    async def health(self, check_health: NamedDependency[CheckHealth]) -> Response[HealthReport]:
        report = await check_health()
        return Response(report, status_code=503 if report.status == "down" else 200)

    @get("/health/live", summary="Liveness: the process answers (no dependency is asked)")
    async def live(self) -> dict[str, str]:
        return {"status": "ok"}

    @get(
        "/health/ready",
        summary="Readiness: required dependencies answer and every event consumer group is positioned",
        responses={503: ResponseSpec(ReadinessReport, description="Not ready to serve yet")},
    )
    async def ready(self, check_readiness: NamedDependency[CheckReadiness]) -> Response[ReadinessReport]:
        report = await check_readiness()
        return Response(report, status_code=200 if report.status == "ready" else 503)

    @get("/api/v1/system-info", summary="Version, profile, runtime and the adapter of each port")
    async def system_info(self, describe_system: NamedDependency[DescribeSystem]) -> SystemInfo:
        return describe_system()
