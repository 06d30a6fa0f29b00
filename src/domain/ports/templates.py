"""Ports of templated notifications: the rendering engine, template and preference stores."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

from domain.preferences import Preferences
from domain.templates import Template


@runtime_checkable
class TemplateEngine(Protocol):
    def check(self, source: str, *, field: str) -> None:
        """Raise TemplateRefused (naming `field`) for a source that does not compile or that
        reaches for what the sandbox forbids."""

    def render(self, source: str, data: Mapping[str, Any], *, html: bool, field: str) -> str:
        """Render `source` with `data`; `html` escapes every value.

        Returns:
            The text. Raises TemplateVariableMissing naming `data.<name>` for a variable `data`
            lacks, and TemplateRefused for a sandbox violation.
        """


@runtime_checkable
class TemplateStore(Protocol):
    """Operators' templates; the service's shipped ones are not stored here."""

    async def get(self, name: str) -> Template | None: ...

    async def list(self) -> list[Template]: ...

    async def put(self, template: Template) -> None:
        """Create or replace the template of that name."""

    async def delete(self, name: str) -> bool:
        """False when there was none."""


@runtime_checkable
class PreferenceStore(Protocol):
    async def get(self, user_id: str) -> Preferences | None: ...

    async def put(self, preferences: Preferences) -> None:
        """Create or replace the user's preferences."""
