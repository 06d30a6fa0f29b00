"""`factory-service migrate` applies the real Alembic migration to a fresh SQLite file."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.sql.migrate import head

pytestmark = pytest.mark.integration
CLI = Path(sys.executable).with_name("factory-service")


def _migrate(url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [str(CLI), "migrate", "--profile", "test"], env=env, capture_output=True, text=True, timeout=60
    )


def test_migrate_creates_the_schema_in_wal_mode_and_is_repeatable(tmp_path):
    """The command creates the directory, every table and the revision; running it again is a no-op."""
    path = tmp_path / "fresh" / "factory.db"
    first = _migrate(f"sqlite+aiosqlite:///{path}")
    assert first.returncode == 0, first.stderr
    assert _migrate(f"sqlite+aiosqlite:///{path}").returncode == 0
    db = sqlite3.connect(path)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {
        "payments",
        "refunds",
        "notifications",
        "outbox",
        "idempotency_keys",
        "processed_webhooks",
        "analytics_events",
        "dead_letters",
        "alembic_version",
    } <= tables
    assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [(head(),)]
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_migrate_reports_an_unusable_database(tmp_path):
    """A URL that cannot be opened makes the command fail, not pretend."""
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = _migrate(f"sqlite+aiosqlite:///{blocker}/x.db")
    assert result.returncode != 0
