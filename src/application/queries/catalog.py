"""The named query catalog: what may be asked of a database, with typed and bounded parameters.

A request names a query and gives parameter values; it never carries query text. Parameters are
validated here, before any engine runs, and reach the adapters as plain Python values that they
bind as data.
"""

from __future__ import annotations

import enum
import re
from datetime import date
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from application.input_text import NO_CONTROL
from domain.errors import InvalidQueryParams, UnknownQuery
from domain.events import EventType

Limit = Annotated[int, Meta(ge=1, le=100, description="rows to return, 1 to 100")]
Currency = Annotated[str, Meta(pattern="^[A-Z]{3}$", description="ISO-4217 code, upper case")]
Since = Annotated[date, Meta(description="UTC day (YYYY-MM-DD), inclusive")]


class PaymentsByUser(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    user_id: Annotated[str, Meta(min_length=1, max_length=128, pattern=NO_CONTROL)]
    limit: Limit = 20


class PaymentTotalsByGateway(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    currency: Currency | None = None
    since: Since | None = None


class RecentEvents(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    limit: Limit = 20
    type: EventType | None = None


class NotificationDeliveryStats(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    since: Since | None = None


class NamedQuery(msgspec.Struct, frozen=True):
    name: str
    description: str
    params: type[msgspec.Struct]


QUERIES: tuple[NamedQuery, ...] = (
    NamedQuery(
        "payments_by_user", "A user's payments, newest first: status, gateway, amount, refunded amount", PaymentsByUser
    ),
    NamedQuery(
        "payment_totals_by_gateway",
        "Per gateway and currency: captured payments, "
        "captured and refunded minor units, for payments created on or after `since`",
        PaymentTotalsByGateway,
    ),
    NamedQuery("recent_events", "The latest events, newest first, optionally of one type", RecentEvents),
    NamedQuery(
        "notification_delivery_stats", "Notifications per channel and delivery status", NotificationDeliveryStats
    ),
)


class QueryDescription(msgspec.Struct, frozen=True):
    name: str
    description: str
    params: dict[str, Any]


class ValidQuery(msgspec.Struct, frozen=True):
    """A catalog query whose parameters passed validation; `params` holds every field."""

    name: str
    params: dict[str, Any]


_PATH = re.compile(r"at `\$\.?([^`]*)`")
_NAMED = re.compile(r"(?:missing required|unknown) field `([^`]+)`")


def _field(message: str) -> str:
    """The offending parameter of a msgspec message, as `params.<name>`."""
    path = _PATH.search(message)
    named = _NAMED.search(message)
    name = (path.group(1) if path else "") or (named.group(1) if named else "")
    return f"params.{name}" if name else "params"


def _integral(params: dict[str, Any]) -> dict[str, Any]:
    """JSON does not tell 2 from 2.0 (JSON Schema's integer accepts both); msgspec does."""
    return {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in params.items()}


class QueryCatalog:
    """Looks up a named query and validates its parameters; the adapters implement each name."""

    def __init__(self, queries: tuple[NamedQuery, ...] = QUERIES) -> None:
        self._queries = {query.name: query for query in queries}

    @property
    def names(self) -> list[str]:
        return list(self._queries)

    def describe(self) -> list[QueryDescription]:
        return [QueryDescription(q.name, q.description, msgspec.json.schema(q.params)) for q in self._queries.values()]

    def validate(self, name: str, params: dict[str, Any] | None) -> ValidQuery:
        """Unknown names and bad parameters raise 422 problems naming the field."""
        query = self._queries.get(name)
        if query is None:
            raise UnknownQuery(name, self.names)
        try:
            parsed = msgspec.convert(_integral(params or {}), type=query.params)
        except msgspec.ValidationError as exc:
            message = str(exc)
            raise InvalidQueryParams(f"{name}: {message.split(' - at ')[0]}", field=_field(message)) from None
        values = msgspec.structs.asdict(parsed)
        # Drivers bind plain values; an enum member becomes its string.
        return ValidQuery(name, {k: v.value if isinstance(v, enum.Enum) else v for k, v in values.items()})
