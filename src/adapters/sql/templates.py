"""Notification templates and user preferences in SQL, each read or written in its own transaction."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import msgspec
from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.session import SqlSession
from adapters.sql.tables import notification_preferences, notification_templates
from domain.ports import PreferenceStore, TemplateStore
from domain.preferences import Preferences
from domain.templates import Content, Template

_Body = dict[str, Any]


class _Rows:
    def __init__(self, engine: AsyncEngine, write_lock: asyncio.Lock | None) -> None:
        self._engine, self._lock = engine, write_lock

    async def _upsert(self, table: Table, key: str, values: dict[str, Any]) -> None:
        """Update, else insert; a concurrent insert of the same key turns into the update."""
        column = table.c[key]
        for _ in range(2):
            session = SqlSession(self._engine, self._lock)
            try:
                result = await session.execute(update(table).where(column == values[key]).values(values), write=True)
                if result.rowcount == 0:
                    await session.execute(insert(table).values(values), write=True)
                await session.commit()
                return
            except IntegrityError:
                await session.close()
        raise RuntimeError(f"could not write {table.name} {values[key]!r}")

    async def _rows(self, query: Any) -> list[Any]:
        session = SqlSession(self._engine, self._lock)
        try:
            return list((await session.execute(query)).mappings().all())
        finally:
            await session.close()


class SqlaTemplateStore(_Rows, TemplateStore):
    async def get(self, name: str) -> Template | None:
        rows = await self._rows(select(notification_templates).where(notification_templates.c.name == name))
        return _template(rows[0]) if rows else None

    async def list(self) -> list[Template]:
        return [_template(row) for row in await self._rows(select(notification_templates))]

    async def put(self, template: Template) -> None:
        body = {"channels": template.channels, "locales": template.locales}
        values = {
            "name": template.name,
            "category": template.category,
            "optional": template.optional,
            "body": msgspec.to_builtins(body),
            "updated_at": template.updated_at or datetime.now(UTC),
        }
        await self._upsert(notification_templates, "name", values)

    async def delete(self, name: str) -> bool:
        session = SqlSession(self._engine, self._lock)
        try:
            t = notification_templates
            result = await session.execute(delete(t).where(t.c.name == name), write=True)
            await session.commit()
        finally:
            await session.close()
        return result.rowcount == 1


class SqlaPreferenceStore(_Rows, PreferenceStore):
    async def get(self, user_id: str) -> Preferences | None:
        p = notification_preferences
        rows = await self._rows(select(p).where(p.c.user_id == user_id))
        if not rows:
            return None
        row = rows[0]
        return Preferences(
            user_id=row["user_id"],
            channels=row["channels"] or {},
            categories=row["categories"] or {},
            updated_at=row["updated_at"],
        )

    async def put(self, preferences: Preferences) -> None:
        values = {
            "user_id": preferences.user_id,
            "channels": preferences.channels,
            "categories": preferences.categories,
            "updated_at": preferences.updated_at or datetime.now(UTC),
        }
        await self._upsert(notification_preferences, "user_id", values)


def _template(row: Any) -> Template:
    body = row["body"] or {}
    return Template(
        name=row["name"],
        channels=msgspec.convert(body.get("channels", {}), dict[str, Content]),
        locales=msgspec.convert(body.get("locales", {}), dict[str, dict[str, Content]]),
        category=row["category"],
        optional=bool(row["optional"]),
        updated_at=row["updated_at"],
    )
