"""Result rows as plain values, the same from every SQL engine."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any


def _plain(value: Any) -> Any:
    # SUM() is DECIMAL on MySQL and NUMERIC on PostgreSQL; minor units are whole numbers.
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    # MySQL and SQLite keep no offset; every timestamp this service writes is UTC.
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def plain_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{key: _plain(value) for key, value in row.items()} for row in rows]
