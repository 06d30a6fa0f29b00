"""The outermost HTTP middleware: request id, access log, HTTP metrics and security headers."""

from __future__ import annotations

import time
import uuid

import structlog
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from entrypoints.metrics import HttpMetrics

access_log = structlog.get_logger("access")

# The app's own pages, scripts, styles and WebSocket (CSP 3 'self' covers ws:/wss: to the same
# host); nothing may frame it. The API docs page loads the package's own copy of Swagger UI
# (/static/vendor) with an inline bootstrap script, so /schema also allows inline code.
APP_CSP = (
    b"default-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
    b"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
DOCS_CSP = (
    b"default-src 'self'; script-src 'self' 'unsafe-inline'; "
    b"style-src 'self' 'unsafe-inline'; "
    b"img-src 'self' data:; connect-src 'self'; object-src 'none'; "
    b"base-uri 'none'; frame-ancestors 'none'"
)
_COMMON = ((b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"), (b"referrer-policy", b"no-referrer"))
_NO_STORE = (b"cache-control", b"no-store")


def _security_headers(path: str, headers: list) -> list:
    csp = DOCS_CSP if path.startswith("/schema") else APP_CSP
    extra = [*_COMMON, (b"content-security-policy", csp)]
    if not any(name.lower() == b"cache-control" for name, _ in headers):
        extra.append(_NO_STORE)  # API answers are per-caller and often about money: never cache
    return extra


def edge_middleware(app: ASGIApp, http_metrics: HttpMetrics | None = None) -> ASGIApp:
    """Wraps everything, routing included, so 404s and the edge's own 401/413/415/429 are
    logged, measured and carry the same headers as every other response."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        incoming = b""
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                incoming = value[:64]
                break
        request_id = incoming.decode("latin-1") or uuid.uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", ()))
                headers.append((b"x-request-id", request_id.encode("latin-1")))
                headers.extend(_security_headers(scope["path"], headers))
                message["headers"] = headers
            await send(message)

        try:
            await app(scope, receive, send_with_headers)
        finally:
            elapsed = time.perf_counter() - started
            if http_metrics is not None:
                http_metrics.observe(scope["method"], scope.get("path_template"), status, elapsed)
            access_log.info(
                "request",
                method=scope["method"],
                path=scope["path"],
                status=status,
                duration_ms=round(elapsed * 1000, 2),
            )

    return middleware
