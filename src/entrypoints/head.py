"""HEAD wherever GET works (RFC 9110 9.3.2): the GET handler runs, its headers go out, its body does not."""

from __future__ import annotations

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

_EMPTY_BODY: Message = {"type": "http.response.body", "body": b"", "more_body": False}


def head_as_get(app: ASGIApp) -> ASGIApp:
    """Routes a HEAD request as GET and drops the body, keeping Content-Length as GET's.

    The scope is changed in place (and restored) so the outer middleware still reads the route
    template Litestar writes into it, and logs the request as HEAD."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or scope["method"] != "HEAD":
            await app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = _EMPTY_BODY
            await send(message)

        scope["method"] = "GET"
        try:
            await app(scope, receive, send_without_body)
        finally:
            scope["method"] = "HEAD"

    return middleware
