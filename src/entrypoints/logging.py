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
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import msgspec
import structlog
from structlog.typing import EventDict

SECRET_KEYS = re.compile(
    r"(pass(word)?|secret|token|api[_-]?key|authorization|card(_?number)?|cvc|cvv|pan|"
    r"signature|credentials?)$",
    re.IGNORECASE,
)
CARD_NUMBER = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")
SHORTEST_CARD = 13  # a shorter string cannot hold a card number: no regex for it
# Keys whose values the service itself sets and that can hold no secret: never scanned.
SAFE_KEYS = frozenset({"level", "logger", "timestamp", "method", "status", "duration_ms"})
# `name=value` in a URL's query whose name looks secret (api_key, token, client_secret, sig...).
QUERY_SECRET = re.compile(
    r"([?&;][^=&#\s\"']*?(?:key|token|secret|pass(?:word|wd)?|sig(?:nature)?|auth\w*|credentials?|session)"
    r"[^=&#\s\"']*=)[^&#\s\"']*",
    re.IGNORECASE,
)
# Loggers of libraries that print request lines with their query (uvicorn's access and
# WebSocket lines, httpx's outgoing requests): filtered even if records never reach our handlers.
URL_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "httpx", "httpcore")
GATHER_SECONDS = 0.02  # a line waits at most this long before it is written (errors are flushed)
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


def redact(_: Any, __: str, event_dict: EventDict) -> EventDict:
    """Replace values of secret-looking keys and anything shaped like a card number; the
    service's own fields and numbers cost a set lookup."""
    for key, value in event_dict.items():
        if key in SAFE_KEYS or isinstance(value, int | float | bool | None):
            continue
        event_dict[key] = "[REDACTED]" if _is_secret(key) else _scrub(value)
    return event_dict


_QUOTED = re.compile(r"'[^']*'")


def withhold_sql_values(_: Any, __: str, event_dict: EventDict) -> EventDict:
    """A failed statement's error quotes values (PostgreSQL's DETAIL "Failing row contains ...",
    MySQL's "Duplicate entry '...'"): such an exception is logged as its stack, the statement and
    the first line of the driver's message with quoted literals masked, never the values."""
    exc_info = event_dict.get("exc_info")
    if not exc_info:
        return event_dict
    exc = exc_info if isinstance(exc_info, BaseException) else sys.exc_info()[1] if exc_info is True else exc_info[1]
    failed = _failed_statement(exc)
    if failed is None or exc is None:
        return event_dict
    del event_dict["exc_info"]
    driver = getattr(failed, "orig", None)
    message = _QUOTED.sub("'?'", str(driver).strip().splitlines()[0]) if str(driver).strip() else ""
    stack = "".join(traceback.format_tb(exc.__traceback__))
    event_dict["exception"] = (
        f"Traceback (most recent call last):\n{stack}{type(failed).__name__}: "
        f"({type(driver).__name__}) {message}\n[SQL: {failed.statement}]"
    )
    return event_dict


def _failed_statement(exc: BaseException | None) -> Any:
    """The SQLAlchemy DBAPIError (it has `statement` and `orig`) in an exception's chain, if any."""
    seen = 0
    while exc is not None and seen < 10:
        if getattr(exc, "statement", None) is not None and hasattr(exc, "orig"):
            return exc
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return None


def redact_query(text: str) -> str:
    return QUERY_SECRET.sub(r"\1[REDACTED]", text) if "=" in text else text


class QuerySecretFilter(logging.Filter):
    """Redacts secret query parameters in a stdlib record's message (structlog's own events log
    paths without queries); the record is rewritten, so every handler and formatter sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_query(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def upper_level(_: Any, __: str, event_dict: EventDict) -> EventDict:
    """`"level": "ERROR"`, so `grep ERROR logs/app.log` finds errors."""
    level = event_dict.get("level")
    if isinstance(level, str):
        event_dict["level"] = level.upper()
    return event_dict


_ENCODER = msgspec.json.Encoder(enc_hook=str)


def render_json(_: Any, __: str, event_dict: EventDict) -> str:
    """The stdlib json's layout (`{"key": value, ...}`), at a third of its cost."""
    return msgspec.json.format(_ENCODER.encode(event_dict), indent=0).decode()


# Every line, ours or another library's, goes through these before the renderer. Add a
# processor here (or insert one in `processors()`) to change what every line carries.
SHARED_PROCESSORS: list[Callable] = [
    structlog.stdlib.add_log_level,
    upper_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    withhold_sql_values,
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
            # Gather for a moment: the lines logged meanwhile are queued without waking this
            # thread (a wake-up per line cost the event loop more than the line itself).
            time.sleep(GATHER_SECONDS)
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
    """structlog's logger: hands the rendered line to the current writer (every level method
    alike). Looked up per line, so loggers cached under an earlier configuration follow a new one."""

    def __init__(self, name: str = "") -> None:
        self.name = name

    def msg(self, message: str) -> None:
        writer = _writer
        if writer is None or writer.closed:  # our handler was taken off (a test restoring its own)
            logging.getLogger(self.name or "app").info(message)
        else:
            writer.line(message)

    def urgent(self, message: str) -> None:
        """Errors are written before the call returns: rare, and the line an operator (or a
        test reading the file) looks for first."""
        self.msg(message)
        writer = _writer
        if writer is not None and not writer.closed:
            writer.flush()

    debug = info = warning = warn = log = msg
    error = critical = exception = fatal = urgent


_writer: LogWriter | None = None  # the root handler configure_logging installed last


def processors() -> list[Callable]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        upper_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        withhold_sql_values,
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
    global _writer
    writer = LogWriter(outputs, formatter)
    writer.addFilter(QuerySecretFilter())
    atexit.register(writer.close)
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
        if isinstance(handler, LogWriter):
            handler.close()
    root.addHandler(writer)
    _writer = writer
    for name in URL_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, QuerySecretFilter) for f in logger.filters):
            logger.addFilter(QuerySecretFilter())
    root.setLevel(level.upper())
    structlog.configure(
        processors=processors(),
        logger_factory=lambda *args: QueueLogger(str(args[0]) if args else ""),
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelNamesMapping()[level.upper()]),
        cache_logger_on_first_use=True,
    )


def flush_logs() -> None:
    """Block until every line queued so far is written (the app's shutdown; tests reading files)."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, LogWriter):
            handler.flush()
