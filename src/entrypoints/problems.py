"""Every error as RFC 9457 problem+json, mapped in this one place; no stack traces, no secrets."""

from __future__ import annotations

import re
from typing import Any

import msgspec
import structlog
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.types import ExceptionHandlersMap, HTTPResponseStartEvent, Send

from application.input_text import PATTERNS
from domain.errors import (
    ClientTokensDisabled,
    Conflict,
    DatabaseUnavailable,
    DomainError,
    EventBusUnavailable,
    InvalidFactoryKey,
    InvalidInput,
    NotFound,
    OutcomeNotRecorded,
    ProviderUnavailable,
    Unauthorized,
    UnknownFactoryKey,
    WebhookSignatureInvalid,
    WebhookVerificationFailed,
)

PROBLEM = "application/problem+json"
_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    501: "Not Implemented",
    502: "Bad Gateway",
    503: "Service Unavailable",
}
_FIELD = re.compile(r"at `\$\.?([^`]*)`")
_NAMED = re.compile(r"(?:missing required|unknown) field `([^`]+)`")
_PATTERN = re.compile(r"matching regex '(.*)'")
log = structlog.get_logger("problems")
# Each domain error class's status; a subclass takes its nearest listed ancestor's.
STATUSES: dict[type[DomainError], int] = {
    DomainError: 400,
    InvalidInput: 422,
    WebhookSignatureInvalid: 400,
    UnknownFactoryKey: 404,
    InvalidFactoryKey: 422,
    NotFound: 404,
    Conflict: 409,
    Unauthorized: 401,
    WebhookVerificationFailed: 403,
    OutcomeNotRecorded: 500,
    ProviderUnavailable: 502,
    DatabaseUnavailable: 503,
    EventBusUnavailable: 503,
    ClientTokensDisabled: 503,
}


def status_of(error: DomainError) -> int:
    return next(STATUSES[cls] for cls in type(error).__mro__ if cls in STATUSES)


def problem_body(status: int, code: str, detail: str, *, field: str | None = None, **extra: Any) -> bytes:
    body = {
        "type": f"https://factory-service.dev/problems/{code.replace('_', '-')}",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "code": code,
        "detail": detail,
    }
    if field:
        body["field"] = field
    body.update(extra)
    return msgspec.json.encode(body)


def problem(
    status: int,
    code: str,
    detail: str,
    *,
    field: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    return Response(
        problem_body(status, code, detail, field=field, **extra),
        status_code=status,
        media_type=PROBLEM,
        headers=headers,
    )


async def send_problem(
    send: Send,
    status: int,
    code: str,
    detail: str,
    headers: list[tuple[bytes, bytes]] | None = None,
    *,
    field: str | None = None,
) -> None:
    """The same problem+json, written straight to ASGI by the edge middleware (before routing)."""
    body = problem_body(status, code, detail, field=field)
    start: HTTPResponseStartEvent = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", PROBLEM.encode()),
            (b"content-length", str(len(body)).encode()),
            *(headers or []),
        ],
    }
    await send(start)
    await send({"type": "http.response.body", "body": body, "more_body": False})


def field_of(message: str) -> str | None:
    """`$.customer.email` in a msgspec message -> `customer.email`."""
    match = _FIELD.search(message)
    if not match:
        return None
    return match.group(1).replace("[", ".").replace("]", "") or None


def _with_named(path: str | None, message: str) -> str | None:
    """A missing or unknown field's name, appended to the path of the object it belongs in."""
    named = _NAMED.search(message)
    if not named:
        return path
    return f"{path}.{named.group(1)}" if path else named.group(1)


def _detail(message: str) -> str:
    detail = message.split(" - at ")[0]
    pattern = _PATTERN.search(detail)
    refused = PATTERNS.get(pattern.group(1).replace("\\\\", "\\")) if pattern else None  # msgspec shows its repr
    return f"must not contain {refused}" if refused else detail


def validation_problem(error: msgspec.ValidationError | str) -> Response:
    message = str(error)
    return problem(422, "validation_error", _detail(message), field=_with_named(field_of(message), message))


def _domain(_: Request, exc: DomainError) -> Response:
    retry_after = exc.extra.get("retry_after_seconds")  # e.g. an Idempotency-Key's lock
    headers = {"Retry-After": str(retry_after)} if isinstance(retry_after, int) else None
    return problem(status_of(exc), exc.code, exc.detail, field=exc.field, headers=headers, **exc.extra)


def _validation(_: Request, exc: ValidationException) -> Response:
    detail = str(exc.detail)
    if "malformed" in detail.lower() or ("json" in detail.lower() and "decode" in detail.lower()):
        return problem(400, "malformed_body", "the request body is not valid JSON")
    extra = exc.extra if isinstance(exc.extra, list) else []
    first = extra[0] if extra and isinstance(extra[0], dict) else {}
    message = str(first.get("message", detail))
    field = first.get("key") if first.get("source") in ("query", "path", "header") else None
    if field is None and first.get("source") == "body":
        field = _body_field(str(first.get("key") or ""), message)
    if field is None:
        field = _with_named(field_of(message), message)
    return problem(422 if extra or field else 400, "validation_error", _detail(message), field=field)


def _body_field(key: str, message: str) -> str | None:
    """Litestar's body key (`channels[0]`, `data` for the root) plus a missing or unknown field's name."""
    path = "" if key == "data" else key.replace("[", ".").replace("]", "")
    return _with_named(path or None, message)


def _decode(_: Request, exc: msgspec.DecodeError) -> Response:
    """Bodies decoded by msgspec in a controller: bad JSON is 400, a bad value 422 naming it."""
    if isinstance(exc, msgspec.ValidationError):
        return validation_problem(exc)
    return problem(400, "malformed_body", "the request body is not valid JSON")


def _http(_: Request, exc: HTTPException) -> Response:
    code = re.sub(r"[^a-z]+", "_", _TITLES.get(exc.status_code, "error").lower()).strip("_")
    return problem(exc.status_code, code, str(exc.detail), headers=exc.headers)


def _unexpected(request: Request, exc: Exception) -> Response:
    log.error("unhandled_error", path=request.url.path, error_type=type(exc).__name__, exc_info=exc)
    return problem(500, "internal_error", "an unexpected error occurred; it has been logged")


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    DomainError: _domain,
    ValidationException: _validation,
    msgspec.DecodeError: _decode,
    HTTPException: _http,
    Exception: _unexpected,
}
