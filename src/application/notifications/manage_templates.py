"""PUT, GET, list and DELETE notification templates. Every source is checked by the template
engine when it is stored, so a template that does not compile or reaches for `__class__`
never gets in."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import msgspec

from application.factories import KeyedFactory
from application.notifications.catalog import TemplateCatalog
from application.notifications.shipped import SHIPPED
from domain.errors import InvalidFactoryKey, InvalidInput, NotFound
from domain.ports import NotificationChannel
from domain.templates import NAME_PATTERN, TRANSACTIONAL, Content, Template, normalize_locale


class ContentBody(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=65_536)]
    subject: Annotated[str, msgspec.Meta(max_length=998)] | None = None
    html: Annotated[str, msgspec.Meta(max_length=262_144)] | None = None


class TemplateBody(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """`channels`: channel -> content; `locales`: locale -> channel -> content."""

    channels: Annotated[dict[str, ContentBody], msgspec.Meta(min_length=1)]
    locales: dict[str, dict[str, ContentBody]] = {}
    category: Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]{0,31}$")] = TRANSACTIONAL
    optional: bool = True


class TemplateView(msgspec.Struct, frozen=True):
    name: str
    channels: dict[str, ContentBody]
    locales: dict[str, dict[str, ContentBody]]
    category: str
    optional: bool
    source: str  # "shipped" (the service's own) or "custom" (an operator's)
    updated_at: datetime | None = None


def view_of(template: Template) -> TemplateView:
    return msgspec.convert(
        {
            "name": template.name,
            "channels": msgspec.to_builtins(template.channels),
            "locales": msgspec.to_builtins(template.locales),
            "category": template.category,
            "optional": template.optional,
            "source": "shipped" if template.shipped else "custom",
            "updated_at": template.updated_at,
        },
        TemplateView,
    )


def check_name(name: str) -> str:
    if not NAME_PATTERN.fullmatch(name):
        raise InvalidInput(
            "a template name is 1 to 128 of a-z 0-9 _ . - (starting with a letter or digit)", field="name"
        )
    return name


class PutTemplate:
    def __init__(self, catalog: TemplateCatalog, channels: KeyedFactory[NotificationChannel]) -> None:
        self._catalog = catalog
        self._channels = channels

    async def __call__(self, name: str, body: TemplateBody) -> TemplateView:
        """Validate every channel name, locale and source (422 naming it), then store."""
        check_name(name)
        if not body.optional and body.category != TRANSACTIONAL:
            raise InvalidInput("only transactional templates can be non-optional", field="optional")
        channels = self._contents(body.channels, "channels")
        locales = {
            normalize_locale(tag, f"locales.{tag}"): self._contents(contents, f"locales.{tag}")
            for tag, contents in body.locales.items()
        }
        template = Template(
            name=name,
            channels=channels,
            locales=locales,
            category=body.category,
            optional=body.optional,
            updated_at=datetime.now(UTC),
        )
        await self._catalog.store.put(template)
        return view_of(template)

    def _contents(self, contents: dict[str, ContentBody], where: str) -> dict[str, Content]:
        checked = {}
        for channel, content in contents.items():
            self._channels.entry(channel, field=f"{where}.{channel}", error=InvalidFactoryKey)
            for part in ("text", "subject", "html"):
                source = getattr(content, part)
                if source is not None:
                    self._catalog.engine.check(source, field=f"{where}.{channel}.{part}")
            checked[channel] = Content(text=content.text, subject=content.subject, html=content.html)
        return checked


class GetTemplate:
    def __init__(self, catalog: TemplateCatalog) -> None:
        self._catalog = catalog

    async def __call__(self, name: str) -> TemplateView:
        template = await self._catalog.find(name)
        if template is None:
            raise NotFound(f"no template named '{name[:128]}'", field="name")
        return view_of(template)


class ListTemplates:
    def __init__(self, catalog: TemplateCatalog) -> None:
        self._catalog = catalog

    async def __call__(self) -> list[TemplateView]:
        return [view_of(t) for t in await self._catalog.all()]


class DeleteTemplate:
    def __init__(self, catalog: TemplateCatalog) -> None:
        self._catalog = catalog

    async def __call__(self, name: str) -> None:
        """Delete an operator's template; a shipped one of that name then applies again."""
        if not await self._catalog.store.delete(name):
            shipped = " (shipped templates cannot be deleted)" if name in SHIPPED else ""
            raise NotFound(f"no custom template named '{name[:128]}'{shipped}", field="name")
