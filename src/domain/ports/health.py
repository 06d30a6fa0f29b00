"""Anything whose reachability /health reports."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class HealthCheck(Protocol):
    async def ping(self) -> None:
        """Return when the dependency answers; raise any exception when it does not."""
