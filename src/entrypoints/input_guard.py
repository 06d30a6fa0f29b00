"""Hostile input refused at the edge, the same way on every route and every database engine:
a control character in the path is 404, in a query parameter 422 naming it; a JSON body must be
valid UTF-8 and nested at most `max_depth` deep (400), and no string in it may hold NUL (422
naming the field: PostgreSQL cannot store one, and no identifier or text of ours needs one),
except in provider webhooks (`exempt`), whose events are acknowledged whatever their text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

import msgspec
from litestar.types import ASGIApp, HTTPRequestEvent, Receive, Scope, Send

from entrypoints.bodies import WITH_BODY, is_json
from entrypoints.problems import send_problem
from entrypoints.security import PublicPaths

CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ENCODED_CONTROL = re.compile(rb"%(?:[01][0-9a-fA-F]|7[fF])")
_NUL = b"\\u0000"
# Our deepest body (a payment's metadata inside the request) needs three; clients' metadata may nest.
MAX_JSON_DEPTH = 32


class BadBody(Exception):
    def __init__(self, status: int, code: str, detail: str, field: str | None = None) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.field = status, code, detail, field


def check_json(body: bytes, max_depth: int, *, refuse_nul: bool = True) -> None:
    """Raise BadBody for what no handler should see; cheap scans first, a decode only when needed."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadBody(400, "invalid_utf8", f"the request body is not valid UTF-8 (byte {exc.start})") from None
    deep = body.count(b"{") + body.count(b"[") > max_depth
    nul = refuse_nul and _NUL in body
    if not deep and not nul:
        return
    try:
        value = msgspec.json.decode(body)
    except RecursionError:
        raise BadBody(400, "too_deeply_nested", f"JSON may nest at most {max_depth} levels") from None
    except msgspec.DecodeError:
        return  # malformed: the handler's decoder answers 400 with its own words
    for path, depth, item in _walk(value):
        if depth > max_depth:
            raise BadBody(400, "too_deeply_nested", f"JSON may nest at most {max_depth} levels")
        if nul and isinstance(item, str) and "\x00" in item:
            field = CONTROL.sub("?", path) or None  # a key may hold the NUL itself
            raise BadBody(422, "validation_error", "must not contain NUL (\\u0000)", field=field)


def _walk(value: Any) -> Iterator[tuple[str, int, Any]]:
    """(dotted path, depth, value) of every value and object key, without recursion."""
    stack: list[tuple[str, int, Any]] = [("", 0, value)]
    while stack:
        path, depth, item = stack.pop()
        yield path, depth, item
        if isinstance(item, dict):
            for key, child in item.items():
                child_path = f"{path}.{key}" if path else str(key)
                yield child_path, depth + 1, key
                stack.append((child_path, depth + 1, child))
        elif isinstance(item, list):
            stack.extend((f"{path}.{i}" if path else str(i), depth + 1, child) for i, child in enumerate(item))


def bad_query_parameter(query_string: bytes) -> str | None:
    """The name of the first query parameter holding a control character, if any."""
    if not _ENCODED_CONTROL.search(query_string):
        return None
    for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if CONTROL.search(name) or CONTROL.search(value):
            return CONTROL.sub("?", name) or "query"
    return None


async def _read(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None when it grows past `limit` (Litestar would answer 413 too)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def input_guard_middleware(
    app: ASGIApp, *, max_bytes: int, exempt: PublicPaths, max_depth: int = MAX_JSON_DEPTH
) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await app(scope, receive, send)
            return
        refused = _refused_address(scope)
        if refused is not None and scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008, "reason": ""})
            return
        if refused is None and _has_json_body(scope):
            body = await _read(receive, max_bytes)
            # A provider's signed event is acknowledged even with a NUL in some text of its own
            # (a refusal would be retried for days); the webhook handler copes with it.
            refused = _refused_body(body, max_bytes, max_depth, refuse_nul=not exempt(scope["path"]))
            receive = _replay(body or b"", receive)
        if refused is not None:
            await send_problem(send, refused.status, refused.code, refused.detail, field=refused.field)
            return
        await app(scope, receive, send)

    return middleware


def _refused_address(scope: Scope) -> BadBody | None:
    if CONTROL.search(scope["path"]):
        return BadBody(404, "not_found", "no such resource")
    if name := bad_query_parameter(scope.get("query_string", b"")):
        return BadBody(422, "validation_error", "must not contain a control character", name)
    return None


def _has_json_body(scope: Scope) -> bool:
    if scope["type"] != "http" or scope.get("method") not in WITH_BODY:
        return False
    return is_json(next((value for name, value in scope["headers"] if name == b"content-type"), b""))


def _refused_body(body: bytes | None, max_bytes: int, max_depth: int, *, refuse_nul: bool) -> BadBody | None:
    if body is None:
        return BadBody(413, "content_too_large", f"the request body is larger than {max_bytes} bytes")
    try:
        check_json(body, max_depth, refuse_nul=refuse_nul)
    except BadBody as refused:
        return refused
    return None


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Any:  # an ASGI receive event
        nonlocal sent
        if not sent:
            sent = True
            event: HTTPRequestEvent = {"type": "http.request", "body": body, "more_body": False}
            return event
        return await receive()

    return replayed
