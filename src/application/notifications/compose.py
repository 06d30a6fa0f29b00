"""From a send request to a notification: render its template, then screen it (opt-outs,
duplicates, the recipient's hourly cap) and schedule it when it has a `send_at`."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import msgspec

from application.notifications.catalog import TemplateCatalog
from domain.errors import InvalidInput
from domain.notification import Notification
from domain.ports import PreferenceStore, RateLimiter
from domain.sharding import UserIds
from domain.templates import TRANSACTIONAL, normalize_locale

HOUR = 3600


class Safety(msgspec.Struct, frozen=True, kw_only=True):
    recipient_hourly_cap: int = 0  # per recipient and channel, across instances; 0: no cap
    dedupe_window_seconds: int = 3600
    max_schedule_days: int = 30
    schedule_grace_seconds: int = 60  # a send_at this far in the past is still accepted (clocks)


class Request(Protocol):
    """What both send commands carry besides channel and recipient (read-only: frozen Structs)."""

    @property
    def message(self) -> str | None: ...

    @property
    def subject(self) -> str | None: ...

    @property
    def html(self) -> str | None: ...

    @property
    def user_id(self) -> str | None: ...

    @property
    def metadata(self) -> dict[str, Any]: ...

    @property
    def template(self) -> str | None: ...

    @property
    def data(self) -> dict[str, Any]: ...

    @property
    def locale(self) -> str | None: ...

    @property
    def category(self) -> str | None: ...

    @property
    def send_at(self) -> datetime | None: ...

    @property
    def dedupe_key(self) -> str | None: ...


@dataclass(slots=True)
class Draft:
    notification: Notification
    mandatory: bool = False  # a non-optional transactional template: opt-outs do not apply
    dedupe_key: str | None = None


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


class Composer:
    def __init__(
        self,
        catalog: TemplateCatalog | None = None,
        preferences: PreferenceStore | None = None,
        limiter: RateLimiter | None = None,
        safety: Safety | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        ids: UserIds | None = None,
    ) -> None:
        self._catalog, self._preferences, self._limiter = catalog, preferences, limiter
        self._ids = ids or UserIds()
        self._safety = safety or Safety()
        self._clock = clock

    async def compose(
        self, request: Request, channel: str, recipient: str, *, prefix: str = "", group_id: str | None = None
    ) -> Draft:
        """Everything that can be refused with a 422 is refused here, before anything is stored."""
        locale = normalize_locale(request.locale) if request.locale else None
        send_at = self._check_send_at(request.send_at)
        fields: dict[str, Any] = {"category": request.category or TRANSACTIONAL}
        mandatory = False
        if request.template is not None:
            if request.message is not None:
                raise InvalidInput("give either message or template, not both", field="template")
            if self._catalog is None:
                raise InvalidInput("templates are not available in this service", field="template")
            template = await self._catalog.require(request.template)
            rendered = self._catalog.render(template, channel, locale, request.data, prefix=prefix)
            if not rendered.text.strip():
                raise InvalidInput(f"template '{template.name}' rendered an empty text", field="data")
            fields.update(message=rendered.text, subject=rendered.subject, html=rendered.html, template=template.name)
            fields["category"] = template.category
            mandatory = template.overrides_opt_out
        elif request.message is None:
            raise InvalidInput("message is required (or a template with its data)", field="message")
        else:
            fields.update(message=request.message, subject=request.subject, html=request.html)
        notification = Notification(
            id=self._ids.new("ntf", request.user_id),
            channel=channel,
            recipient=recipient,
            user_id=request.user_id,
            group_id=group_id,
            metadata=dict(request.metadata),
            locale=locale,
            send_at=send_at,
            **fields,
        )
        return Draft(notification, mandatory, request.dedupe_key)

    async def screen(self, draft: Draft) -> Notification:
        """Suppress it (opt-out, duplicate, cap) or schedule it; the result is ready to store."""
        notification = draft.notification
        reason = await self._opt_out(notification) if not draft.mandatory else None
        if reason is None and draft.dedupe_key and self._limiter is not None:
            window = self._safety.dedupe_window_seconds
            key = f"notify:dedupe:{notification.channel}:{_digest(notification.recipient, draft.dedupe_key)}"
            if not (await self._limiter.hit(key, 1, window)).allowed:
                reason = f"duplicate: dedupe_key '{draft.dedupe_key}' was already sent to this recipient"
        cap = self._safety.recipient_hourly_cap
        if reason is None and cap > 0 and self._limiter is not None:
            key = f"notify:cap:{notification.channel}:{_digest(notification.recipient)}"
            if not (await self._limiter.hit(key, cap, HOUR)).allowed:
                reason = f"recipient cap: at most {cap} {notification.channel} messages per hour"
        if reason is not None:
            notification.suppress(reason)
        elif notification.send_at is not None:
            notification.schedule(notification.send_at)
        return notification

    async def _opt_out(self, notification: Notification) -> str | None:
        if notification.user_id is None or self._preferences is None:
            return None
        preferences = await self._preferences.get(notification.user_id)
        return preferences.opt_out_reason(notification.channel, notification.category) if preferences else None

    def _check_send_at(self, send_at: datetime | None) -> datetime | None:
        if send_at is None:
            return None
        if send_at.tzinfo is None:
            raise InvalidInput("send_at needs a time zone offset (RFC 3339, e.g. ...Z)", field="send_at")
        now, days = self._clock(), self._safety.max_schedule_days
        if send_at > now + timedelta(days=days):
            raise InvalidInput(f"send_at is more than {days} days ahead", field="send_at")
        if send_at < now - timedelta(seconds=self._safety.schedule_grace_seconds):
            raise InvalidInput("send_at is in the past", field="send_at")
        return send_at.astimezone(UTC)
