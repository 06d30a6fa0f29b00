"""How a created resource is answered, and stored for an Idempotency-Key's replay: 201 and the
exact JSON bytes, so a retry gets byte for byte what the first request got."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Response

from application.idempotency import Answer
from domain.ports import StoredResponse

JSON = "application/json"


def created(result: object) -> StoredResponse:
    return StoredResponse(201, msgspec.json.encode(result))


def created_response(
    answer: Answer[Any], headers: dict[str, str] | None = None, *, status_code: int | None = None
) -> Response[Any]:
    """The first answer's bytes, or the stored ones with `Idempotent-Replayed: true`; a route
    that changes a resource rather than creating one (capture, cancel) answers `status_code`."""
    stored = answer.replay or created(answer.result)
    headers = dict(headers or {})
    if answer.replay is not None:
        headers["Idempotent-Replayed"] = "true"
    status = status_code or stored.status
    return Response(stored.body, status_code=status, media_type=JSON, headers=headers or None)
