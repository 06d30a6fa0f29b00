"""System information: version, profile, runtime, instance and the adapter wired to each port."""

from __future__ import annotations

import platform
import time

import msgspec


class SystemInfo(msgspec.Struct, frozen=True):
    service: str
    version: str
    profile: str
    python: str
    instance_id: str
    uptime_seconds: float
    adapters: dict[str, str]


class DescribeSystem:
    def __init__(self, version: str, profile: str, instance_id: str, adapters: dict[str, str]) -> None:
        self._static = (version, profile, instance_id, adapters)
        self._started = time.monotonic()

    def __call__(self) -> SystemInfo:
        version, profile, instance_id, adapters = self._static
        return SystemInfo(
            "factory-service",
            version,
            profile,
            platform.python_version(),
            instance_id,
            round(time.monotonic() - self._started, 3),
            adapters,
        )
