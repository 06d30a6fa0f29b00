"""System information: version, profile, runtime, instance and the adapter wired to each port."""

from __future__ import annotations

import platform
import time
from collections.abc import Callable

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
    """`started` is the process's start on the `clock` (time.monotonic), so uptime counts from
    the start of the process, not from the first call."""

    def __init__(
        self,
        version: str,
        profile: str,
        instance_id: str,
        adapters: dict[str, str],
        started: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._static = (version, profile, instance_id, adapters)
        self._clock = clock
        self._started = clock() if started is None else started

    def __call__(self) -> SystemInfo:
        version, profile, instance_id, adapters = self._static
        return SystemInfo(
            "factory-service",
            version,
            profile,
            platform.python_version(),
            instance_id,
            round(self._clock() - self._started, 3),
            adapters,
        )
