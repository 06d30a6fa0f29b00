"""Fake QueryableDatabase and AnalyticsStore implementations that record what happened."""

from __future__ import annotations

import asyncio
from typing import Any

from domain.errors import DatabaseUnavailable
from domain.events import Event
from domain.ports import AnalyticsStore, QueryableDatabase


class RowsDatabase(QueryableDatabase):
    """Answers every query with the same rows and remembers what it was asked."""

    def __init__(self, name: str, rows: list[dict[str, Any]], role: str = "transactional"):
        self.name = name
        self.role = role
        self.rows = rows
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def ping(self) -> None:
        return None

    async def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        self.calls.append((query, params))
        return self.rows


class DownDatabase(RowsDatabase):
    def __init__(self, name: str):
        super().__init__(name, [])

    async def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        raise DatabaseUnavailable(f"{self.name} is unreachable: ConnectionRefusedError")


class HungDatabase(RowsDatabase):
    """Never answers: only a timeout gets the caller out."""

    def __init__(self, name: str):
        super().__init__(name, [])

    async def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        await asyncio.Event().wait()
        return []


class BrokenDatabase(RowsDatabase):
    def __init__(self, name: str):
        super().__init__(name, [])

    async def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        raise RuntimeError("a bug in an adapter")


class SetAnalyticsStore(AnalyticsStore):
    """Keeps event ids in a set, which is all record/replay needs."""

    def __init__(self) -> None:
        self.event_ids: list[str] = []

    async def record(self, event: Event) -> bool:
        if event.event_id in self.event_ids:
            return False
        self.event_ids.append(event.event_id)
        return True

    async def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return [{"event_id": event_id} for event_id in self.event_ids]

    async def close(self) -> None:
        return None
