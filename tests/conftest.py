"""Shared fixtures: a container on the test profile with its own migrated SQLite file, and the app."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from containers import Container, build_container, migrate_database
from entrypoints.app import create_app
from entrypoints.settings import Settings, load_settings


def sqlite_settings(path: Path) -> Settings:
    return load_settings("test", env={"DATABASE_URL": f"sqlite+aiosqlite:///{path}"})


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real Alembic migrations, run once; each test gets a copy of the resulting file."""
    path = tmp_path_factory.mktemp("schema") / "template.db"
    migrate_database(sqlite_settings(path))
    return path


@pytest.fixture
def settings(tmp_path: Path, migrated_template: Path) -> Settings:
    shutil.copyfile(migrated_template, tmp_path / "test.db")
    return sqlite_settings(tmp_path / "test.db")


@pytest.fixture
def container(settings: Settings) -> Container:
    return build_container(settings=settings)


@pytest.fixture
async def client(container: Container) -> AsyncIterator[AsyncTestClient]:
    async with AsyncTestClient(app=create_app(container)) as test_client:
        yield test_client
