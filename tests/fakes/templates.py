"""In-memory template and preference stores, for use cases tested without a database."""

from __future__ import annotations

import copy

from domain.ports import PreferenceStore, TemplateStore
from domain.preferences import Preferences
from domain.templates import Template


class InMemoryTemplateStore(TemplateStore):
    def __init__(self) -> None:
        self.templates: dict[str, Template] = {}

    async def get(self, name: str) -> Template | None:
        return copy.deepcopy(self.templates.get(name))

    async def list(self) -> list[Template]:
        return [copy.deepcopy(t) for t in self.templates.values()]

    async def put(self, template: Template) -> None:
        self.templates[template.name] = copy.deepcopy(template)

    async def delete(self, name: str) -> bool:
        return self.templates.pop(name, None) is not None


class InMemoryPreferenceStore(PreferenceStore):
    def __init__(self) -> None:
        self.preferences: dict[str, Preferences] = {}

    async def get(self, user_id: str) -> Preferences | None:
        return copy.deepcopy(self.preferences.get(user_id))

    async def put(self, preferences: Preferences) -> None:
        self.preferences[preferences.user_id] = copy.deepcopy(preferences)
