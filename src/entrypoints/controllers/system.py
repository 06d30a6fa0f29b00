"""GET /health and GET /api/v1/system-info."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.openapi import ResponseSpec

from application.health import CheckHealth, HealthReport
from application.system_info import DescribeSystem, SystemInfo


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

    @get("/api/v1/system-info", summary="Version, profile, runtime and the adapter of each port")
    async def system_info(self, describe_system: NamedDependency[DescribeSystem]) -> SystemInfo:
        return describe_system()
