"""The test profile with the local outbox in a temporary directory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from entrypoints.settings import Settings, load_settings


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    return tmp_path / "outbox"


@pytest.fixture
def settings(tmp_path: Path, outbox: Path, migrated_template: Path) -> Settings:
    shutil.copyfile(migrated_template, tmp_path / "test.db")
    return load_settings(
        "test",
        env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/test.db", "OUTBOX_DIR": str(outbox)},
        overrides={"notifications": {"retry_base_seconds": 0.001, "retry_max_seconds": 0.01}},
    )
