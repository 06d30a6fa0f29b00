"""structlog JSON logs with a request id, to stdout and logs/app.log, secrets redacted.

The event loop only runs the processor chain and encodes the line (msgspec); a writer thread
does the writes, one write and one flush per output for every batch of queued lines. Records of
other libraries (uvicorn, SQLAlchemy) are queued as they are and rendered by the same chain
(`SHARED_PROCESSORS` plus the renderer) on the writer thread.
"""

from __future__ import annotations

import atexit
import logging
import queue
import re
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import msgspec
import structlog

SECRET_KEYS = re.compile(
    r"(pass(word)?|secret|token|api[_-]?key|authorization|card(_?number)?|cvc|cvv|pan|"
    r"signature|credentials?)$",
    re.IGNORECASE,
)
CARD_NUMBER = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")
SHORTEST_CARD = 13  # a shorter string cannot hold a card number: no regex for it
# Keys whose values the service itself sets and that can hold no secret: never scanned.
SAFE_KEYS = frozenset(
    {"event", "level", "logger", "timestamp", "request_id", "method", "status", "duration_ms", "client_id"}
)
_secret_key: dict[str, bool] = {}  # key -> whether it names a secret; keys repeat, so cached


def _is_secret(key: Any) -> bool:
    found = _secret_key.get(key)
    if found is None:
        found = bool(SECRET_KEYS.search(str(key)))
        if len(_secret_key) < 4096:
            _secret_key[key] = found
    return found


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return CARD_NUMBER.sub("[REDACTED-PAN]", value) if len(value) >= SHORTEST_CARD else value
    if isinstance(value, dict):
        return {k: "[REDACTED]" if _is_secret(k) else _scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(v) for v in value]
    return value


def redact(_: Any, __: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """Replace values of secret-looking keys and anything shaped like a card number; the
    service's own fields and numbers cost a set lookup."""
    for key, value in event_dict.items():
        if key in SAFE_KEYS or isinstance(value, int | float | bool | None):
            continue
        event_dict[key] = "[REDACTED]" if _is_secret(key) else _scrub(value)
    return event_dict


_ENCODER = msgspec.json.Encoder(enc_hook=str)


def render_json(_: Any, __: str, event_dict: dict[str, Any]) -> str:
    """The stdlib json's layout (`{"key": value, ...}`), at a third of its cost."""
    return msgspec.json.format(_ENCODER.encode(event_dict), indent=0).decode()


# Every line, ours or another library's, goes through these before the renderer. Add a
# processor here (or insert one in `processors()`) to change what every line carries.
SHARED_PROCESSORS: list[Callable] = [
    structlog.stdlib.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


class LogWriter(logging.Handler):
    """The root handler: queues records (and structlog's rendered lines) for a writer thread."""

    def __init__(self, outputs: list[IO[str]], formatter: logging.Formatter) -> None:
        super().__init__()
        self.setFormatter(formatter)
        self._outputs = outputs
        self._queue: queue.SimpleQueue[str | logging.LogRecord | threading.Event | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._write_batches, name="log-writer", daemon=True)
        self._thread.start()
        self.closed = False

    def emit(self, record: logging.LogRecord) -> None:
        self._queue.put(record)

    def line(self, text: str) -> None:
        self._queue.put(text)

    def _write_batches(self) -> None:
        while True:
            batch = [self._queue.get()]
            while True:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            lines: list[str] = []
            for item in batch:
                if item is None:
                    self._write(lines)
                    return
                if isinstance(item, threading.Event):  # a flush: everything before it is written
                    self._write(lines)
                    lines = []
                    item.set()
                    continue
                lines.append(item if isinstance(item, str) else self._format(item))
            self._write(lines)

    def flush(self) -> None:
        if not self.closed:
            done = threading.Event()
            self._queue.put(done)
            done.wait(5)

    def _format(self, record: logging.LogRecord) -> str:
        try:
            return self.format(record)
        except Exception:
            return f"unformattable log record {record.name}: {record.msg!r}"

    def _write(self, lines: list[str]) -> None:
        if not lines:
            return
        text = "\n".join(lines) + "\n"
        for output in self._outputs:
            try:
                output.write(text)
                output.flush()
            except (OSError, ValueError):  # a closed stream (a test's capture) loses its lines only
                pass

    def close(self) -> None:
        """Write what is queued, then stop the thread and close the files it owns."""
        if not self.closed:
            self.closed = True
            self._queue.put(None)
            self._thread.join(5)
            for output in self._outputs[1:]:
                output.close()
        super().close()


class QueueLogger:
    """structlog's logger: hands the rendered line to the writer (every level method alike)."""

    def __init__(self, writer: LogWriter, name: str = "") -> None:
        self._writer = writer
        self.name = name

    def msg(self, message: str) -> None:
        if self._writer.closed:  # the handler was taken off (a test restoring its own): stdlib
            logging.getLogger("app").info(message)
        else:
            self._writer.line(message)

    debug = info = warning = warn = error = critical = exception = fatal = log = msg


def processors() -> list[Callable]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
        redact,
        render_json,
    ]


def configure_logging(level: str = "info", log_file: str | None = "logs/app.log") -> None:
    outputs: list[IO[str]] = [sys.stdout]
    if log_file:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        outputs.append(open(log_file, "a", encoding="utf-8"))  # the writer thread closes it
    formatter = structlog.stdlib.ProcessorFormatter(
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, redact, render_json],
        foreign_pre_chain=SHARED_PROCESSORS,
    )
    writer = LogWriter(outputs, formatter)
    atexit.register(writer.close)
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
        if isinstance(handler, LogWriter):
            handler.close()
    root.addHandler(writer)
    root.setLevel(level.upper())
    structlog.configure(
        processors=processors(),
        logger_factory=lambda *args: QueueLogger(writer, str(args[0]) if args else ""),
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelNamesMapping()[level.upper()]),
        cache_logger_on_first_use=True,
    )


def flush_logs() -> None:
    """Block until every line queued so far is written (the app's shutdown; tests reading files)."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, LogWriter):
            handler.flush()
