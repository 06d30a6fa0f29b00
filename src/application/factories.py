"""Keyed factories: create a family member by name, and describe every member for the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

import msgspec

from domain.errors import InvalidFactoryKey, UnknownFactoryKey

T = TypeVar("T")


class FactoryEntry(msgspec.Struct, frozen=True, kw_only=True):
    """What /api/v1/factories shows of one member; secrets are reported as present or not."""

    name: str
    description: str
    enabled: bool
    adapter: str
    mode: str | None = None
    settings_present: dict[str, bool] = {}
    role: str | None = None


class KeyedFactory(Generic[T]):
    """Creates members of one family by the seed's names; an unknown name lists the known ones."""

    def __init__(self, kind: str, description: str, create: Callable[[str], T], entries: list[FactoryEntry]) -> None:
        self.kind = kind
        self.description = description
        self._create = create
        self.entries = entries
        self._by_name = {entry.name: entry for entry in entries}

    @property
    def names(self) -> list[str]:
        return [entry.name for entry in self.entries]

    def entry(
        self, name: str, *, field: str | None = None, error: type[UnknownFactoryKey] = UnknownFactoryKey
    ) -> FactoryEntry:
        try:
            return self._by_name[name]
        except (KeyError, TypeError):
            raise error(self.kind, str(name), self.names, field=field) from None

    def create(self, name: str, *, field: str | None = None, error: type[UnknownFactoryKey] = InvalidFactoryKey) -> T:
        """The member called `name`; disabled or unknown members are refused with the known names."""
        entry = self.entry(name, field=field, error=error)
        if not entry.enabled:
            enabled = [e.name for e in self.entries if e.enabled]
            raise error(f"enabled {self.kind}", name, enabled, field=field)
        return self._create(name)
