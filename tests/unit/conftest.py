"""Unit-tier fixtures: the service's own log pipeline aimed at a temporary file."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
import structlog

from entrypoints.logging import configure_logging


class LogFile:
    """The JSON lines written so far; reading closes nothing, so a test may log and read again."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def text(self) -> str:
        for handler in logging.getLogger().handlers:
            handler.flush()
        return self.path.read_text() if self.path.exists() else ""

    def lines(self) -> list[dict]:
        return [json.loads(line) for line in self.text().splitlines()]


@pytest.fixture
def log_file(tmp_path: Path):
    """configure_logging as the server runs it, into tmp_path/app.log; restored afterwards.

    Through the real pipeline rather than structlog's capture_logs: loggers cached by an earlier
    test's configuration still reach the root handlers, which this fixture owns."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    structlog.contextvars.clear_contextvars()
    configure_logging("info", str(tmp_path / "app.log"))
    yield LogFile(tmp_path / "app.log")
    structlog.contextvars.clear_contextvars()
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    for handler in saved[0]:
        root.addHandler(handler)
    root.setLevel(saved[1])
