"""Rate limiting at the edge: a fixed window per API key, or per client address without one."""

from __future__ import annotations

import math
from collections.abc import Callable

import structlog
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from domain.ports import RateLimiter
from entrypoints.problems import send_problem
from entrypoints.security import PublicPaths
from entrypoints.settings import RateLimit

log = structlog.get_logger("ratelimit")


def _client_key(scope: Scope) -> str:
    client = scope.get("client")
    return f"ip:{client[0]}" if client else "ip:unknown"


def rate_limit_middleware(
    app: ASGIApp, limiter: Callable[[], RateLimiter], config: RateLimit, public: PublicPaths
) -> ASGIApp:
    """Count each request; over the limit answer 429, and always tell the client where it stands.

    Every limited response carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset
    (seconds, IETF draft names); a 429 adds Retry-After. If the limiter's store is unreachable
    the request is let through and logged: an outage of Redis must not become an outage of
    payments. `limiter` is resolved per request so tests can override the container's provider.
    """
    limit, window = config.requests, config.window_seconds
    limit_header = (b"ratelimit-limit", str(limit).encode())

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or scope["method"] == "OPTIONS" or public(scope["path"]):
            await app(scope, receive, send)
            return
        try:
            result = await limiter().hit(scope.get("auth") or _client_key(scope), limit, window)
        except Exception as exc:
            log.warning("rate_limiter_unavailable", error_type=type(exc).__name__)
            await app(scope, receive, send)
            return
        reset = str(max(math.ceil(result.reset_seconds), 0)).encode()
        headers = [limit_header, (b"ratelimit-remaining", str(result.remaining).encode()), (b"ratelimit-reset", reset)]
        if not result.allowed:
            await send_problem(
                send,
                429,
                "rate_limited",
                f"rate limit of {limit} requests per {window} s exceeded",
                [*headers, (b"retry-after", reset)],
            )
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *headers]
            await send(message)

        await app(scope, receive, send_with_headers)

    return middleware
