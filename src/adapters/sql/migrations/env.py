"""Alembic environment: the URL comes from the service's settings (passed in by
`factory-service migrate`), the engine from adapters.sql.engine so SQLite gets WAL and FULL sync."""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection

from adapters.sql.engine import create_engine
from adapters.sql.tables import UtcDateTime, metadata

config = context.config
URL: str = config.attributes.get("url") or config.get_main_option("sqlalchemy.url") or ""


def _render_item(kind: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """New revisions spell UtcDateTime as its column type, not as an import of tables.py."""
    if kind == "type" and isinstance(obj, UtcDateTime):
        autogen_context.imports.add("from sqlalchemy.dialects import mysql")
        return 'sa.DateTime(timezone=True).with_variant(mysql.DATETIME(fsp=6), "mysql")'
    return False


def _configure(**kwargs) -> None:
    # SQLite cannot ALTER most things in place; batch mode copies the table instead.
    context.configure(
        target_metadata=metadata,
        compare_type=True,
        render_item=_render_item,
        render_as_batch=URL.startswith("sqlite"),
        **kwargs,
    )


def _run(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    engine = create_engine(URL, pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
            await connection.commit()
    finally:
        await engine.dispose()


if context.is_offline_mode():
    _configure(url=URL, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_online())
