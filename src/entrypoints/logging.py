"""structlog JSON logs with a request id, to stdout and logs/app.log, secrets redacted."""

from __future__ import annotations

import logging
import re
import sys
import traceback
from pathlib import Path
from typing import Any

import structlog
from structlog.typing import EventDict

SECRET_KEYS = re.compile(
    r"(pass(word)?|secret|token|api[_-]?key|authorization|card(_?number)?|cvc|cvv|pan|"
    r"signature|credentials?)$",
    re.IGNORECASE,
)
CARD_NUMBER = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")
# `name=value` in a URL's query whose name looks secret (api_key, token, client_secret, sig...).
QUERY_SECRET = re.compile(
    r"([?&;][^=&#\s\"']*?(?:key|token|secret|pass(?:word|wd)?|sig(?:nature)?|auth\w*|credentials?|session)"
    r"[^=&#\s\"']*=)[^&#\s\"']*",
    re.IGNORECASE,
)
# Loggers of libraries that print request lines with their query (uvicorn's access and
# WebSocket lines, httpx's outgoing requests): filtered even if records never reach our handlers.
URL_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "httpx", "httpcore")


def _scrub(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: "[REDACTED]" if SECRET_KEYS.search(str(k)) else _scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(v) for v in value]
    if isinstance(value, str):
        return CARD_NUMBER.sub("[REDACTED-PAN]", value)
    return value


def redact(_: Any, __: str, event_dict: EventDict) -> EventDict:
    """Replace values of secret-looking keys and anything shaped like a card number."""
    return _scrub(event_dict)


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


def configure_logging(level: str = "info", log_file: str | None = "logs/app.log") -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stdout)]
    if log_file:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(log_file))
    formatter = structlog.stdlib.ProcessorFormatter(
        processor=structlog.processors.JSONRenderer(),
        foreign_pre_chain=[
            structlog.stdlib.add_log_level,
            upper_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            withhold_sql_values,
        ],
    )
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        handler.setFormatter(formatter)
        handler.addFilter(QuerySecretFilter())
        root.addHandler(handler)
    for name in URL_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, QuerySecretFilter) for f in logger.filters):
            logger.addFilter(QuerySecretFilter())
    root.setLevel(level.upper())
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.stdlib.add_log_level,
            upper_level,
            structlog.stdlib.add_logger_name,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            withhold_sql_values,
            structlog.processors.format_exc_info,
            redact,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
