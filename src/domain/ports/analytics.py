"""The AnalyticsStore port: event projection and rollups."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from domain.events import Event


@runtime_checkable
class AnalyticsStore(Protocol):
    async def record(self, event: Event) -> bool:
        """Project one event; returns False when its event_id was already recorded."""

    async def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Run a named query from the catalog."""
