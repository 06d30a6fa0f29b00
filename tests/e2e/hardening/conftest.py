"""An app factory for edge tests: the test profile with settings overrides and extra routes."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from litestar import post
from litestar.params import JSONBody
from litestar.testing import AsyncTestClient

from containers import Container, build_container
from entrypoints.app import create_app
from entrypoints.settings import load_settings

KEY = "k3y-for-tests-0123456789abcdef"


@post("/api/v1/echo", sync_to_thread=False)
def echo(data: JSONBody[dict[str, Any]]) -> dict[str, Any]:
    """A body-reading route that exists only in these tests' apps."""
    return data


@pytest.fixture
def make_client(tmp_path: Path, migrated_template: Path) -> Callable:
    shutil.copyfile(migrated_template, tmp_path / "edge.db")

    @asynccontextmanager
    async def make(
        overrides: dict | None = None,
        env: dict | None = None,
        configure: Callable[[Container], None] | None = None,
        extra: list | None = None,
    ) -> AsyncIterator[AsyncTestClient]:
        settings = load_settings(
            "test", overrides=overrides, env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/edge.db", **(env or {})}
        )
        container = build_container(settings=settings)
        if configure:
            configure(container)
        app = create_app(container, extra_handlers=[echo, *(extra or [])])
        async with AsyncTestClient(app=app) as client:
            client.container = container
            yield client

    return make
