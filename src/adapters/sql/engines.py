"""One way to open an async SQLAlchemy engine from a URL and pool settings, for every dialect."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

# Each driver names its connect timeout differently.
_CONNECT_TIMEOUT = {"aiomysql": "connect_timeout", "asyncpg": "timeout", "aiosqlite": "timeout"}


def create_engine(url: str, options: Mapping[str, Any] | None = None) -> AsyncEngine:
    """`options`: pool_size, max_overflow, pool_timeout, pool_recycle, connect_timeout, echo."""
    options = options or {}
    parsed = make_url(url)
    # hide_parameters: a failed query's error (and so any log of it) never shows its values.
    kwargs: dict[str, Any] = {
        "pool_pre_ping": True,
        "echo": bool(options.get("echo", False)),
        "hide_parameters": True,
    }
    memory = parsed.database in (None, "", ":memory:")
    if parsed.get_backend_name() == "sqlite" and parsed.database and not memory:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    if not (parsed.get_backend_name() == "sqlite" and memory):  # :memory: uses a StaticPool
        kwargs.update(
            {
                key: options[key]
                for key in ("pool_size", "max_overflow", "pool_timeout", "pool_recycle")
                if options.get(key) is not None
            }
        )
    timeout_arg = _CONNECT_TIMEOUT.get(parsed.get_driver_name())
    if timeout_arg and options.get("connect_timeout") is not None:
        kwargs["connect_args"] = {timeout_arg: options["connect_timeout"]}
    return create_async_engine(parsed, **kwargs)
