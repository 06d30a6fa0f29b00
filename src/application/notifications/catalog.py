"""Where a template is found (an operator's, else a shipped one) and how one channel renders."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from application.notifications.shipped import SHIPPED
from domain.errors import InvalidInput
from domain.ports import TemplateEngine, TemplateStore
from domain.templates import Template


class Rendered(msgspec.Struct, frozen=True):
    text: str
    subject: str | None = None
    html: str | None = None


class TemplateCatalog:
    def __init__(self, store: TemplateStore, engine: TemplateEngine) -> None:
        self.store = store
        self.engine = engine

    async def find(self, name: str) -> Template | None:
        return await self.store.get(name) or SHIPPED.get(name)

    async def require(self, name: str, *, field: str = "template") -> Template:
        template = await self.find(name)
        if template is None:
            raise InvalidInput(f"no template named '{name[:128]}'", field=field)
        return template

    async def all(self) -> list[Template]:
        stored = {t.name: t for t in await self.store.list()}
        return sorted({**SHIPPED, **stored}.values(), key=lambda t: t.name)

    def render(
        self, template: Template, channel: str, locale: str | None, data: Mapping[str, Any], *, prefix: str = ""
    ) -> Rendered:
        """Render the channel's content for the locale (with its fallback); 422s name the field."""
        content = template.content_for(channel, locale, field=f"{prefix}channel")

        def one(source: str | None, part: str, html: bool = False) -> str | None:
            if source is None:
                return None
            return self.engine.render(source, data, html=html, field=f"template.{channel}.{part}")

        return Rendered(
            text=one(content.text, "text") or "",
            subject=one(content.subject, "subject"),
            html=one(content.html, "html", html=True),
        )
