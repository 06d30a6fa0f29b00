"""Shared fixtures: a container on the test profile with its own SQLite file, and the app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from containers import Container, build_container
from entrypoints.app import create_app
from entrypoints.settings import Settings, load_settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings("test", env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/test.db"})


@pytest.fixture
def container(settings: Settings) -> Container:
    return build_container(settings=settings)


@pytest.fixture
async def client(container: Container) -> AsyncIterator[AsyncTestClient]:
    async with AsyncTestClient(app=create_app(container)) as test_client:
        yield test_client
