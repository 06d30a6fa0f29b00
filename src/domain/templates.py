"""Notification templates: per-channel content, per-locale variants, and the locale fallback."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from domain.errors import InvalidInput

NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9_.-]{0,127}")
LOCALE_PATTERN = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8}){0,3}")
TRANSACTIONAL = "transactional"


@dataclass(frozen=True, slots=True)
class Content:
    """One channel's source text: `text` always, `subject` and `html` where the channel has them."""

    text: str
    subject: str | None = None
    html: str | None = None


@dataclass(slots=True, kw_only=True)
class Template:
    name: str
    channels: dict[str, Content]
    locales: dict[str, dict[str, Content]] = field(default_factory=dict)
    category: str = TRANSACTIONAL
    optional: bool = True  # False: a transactional message sent even to users who opted out
    shipped: bool = False  # one of the service's own templates, not an operator's
    updated_at: datetime | None = None

    def content_for(self, channel: str, locale: str | None, *, field: str = "channel") -> Content:
        """The most specific content: `fr-CA`, then `fr`, then the template's default."""
        for tag in locale_chain(locale):
            content = self.locales.get(tag, {}).get(channel)
            if content is not None:
                return content
        content = self.channels.get(channel)
        if content is None:
            raise InvalidInput(
                f"template '{self.name}' has no content for channel '{channel}'; it has: "
                + ", ".join(sorted(self.channels)),
                field=field,
            )
        return content

    @property
    def overrides_opt_out(self) -> bool:
        return self.category == TRANSACTIONAL and not self.optional


def normalize_locale(locale: str, field: str = "locale") -> str:
    """`fr_CA` and `FR-ca` are `fr-ca`; anything not a BCP 47-like tag is a 422."""
    tag = locale.strip().replace("_", "-").lower()
    if not LOCALE_PATTERN.fullmatch(tag):
        raise InvalidInput(f"'{locale[:40]}' is not a locale tag like 'fr' or 'fr-CA'", field=field)
    return tag


def locale_chain(locale: str | None) -> list[str]:
    """`fr-ca` -> [`fr-ca`, `fr`]: each shorter prefix, most specific first."""
    if not locale:
        return []
    parts = normalize_locale(locale).split("-")
    return ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]
