"""Request bodies at the edge: JSON only (415 otherwise) and no larger than the limit (413)."""

from __future__ import annotations

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

from entrypoints.problems import send_problem
from entrypoints.security import PublicPaths

WITH_BODY = frozenset({"POST", "PUT", "PATCH"})


def is_json(content_type: bytes) -> bool:
    media = content_type.split(b";", 1)[0].strip().lower()
    return media == b"application/json" or (media.startswith(b"application/") and media.endswith(b"+json"))


def body_policy_middleware(app: ASGIApp, max_bytes: int, exempt: PublicPaths) -> ASGIApp:
    """Refuse early what the handler would refuse late.

    A declared Content-Length over the limit is 413 before a byte is read (Litestar still
    enforces the limit on chunked bodies while reading). A body whose Content-Type is not JSON
    is 415 on every path except the exempt prefixes (form-encoded provider webhooks).
    """

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or scope["method"] not in WITH_BODY:
            await app(scope, receive, send)
            return
        content_type = length = None
        chunked = False
        for name, value in scope["headers"]:
            if name == b"content-type":
                content_type = value
            elif name == b"content-length":
                length = value
            elif name == b"transfer-encoding":
                chunked = True
        size = int(length) if length and length.isdigit() else 0
        if size > max_bytes:
            await send_problem(send, 413, "content_too_large", f"the request body is larger than {max_bytes} bytes")
            return
        has_body = size > 0 or chunked
        if has_body and not exempt(scope["path"]) and not is_json(content_type or b""):
            await send_problem(send, 415, "unsupported_media_type", "the request body must be application/json")
            return
        await app(scope, receive, send)

    return middleware
