"""The OpenAPI document says what the edge does: problem+json errors and the X-API-Key scheme."""

from __future__ import annotations

from litestar import Litestar
from litestar.openapi.spec import (
    OpenAPIHeader,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Reference,
    Schema,
    SecurityScheme,
)

from entrypoints.problems import PROBLEM
from entrypoints.security import PublicPaths

_STRING = Schema(type=OpenAPIType.STRING)
PROBLEM_SCHEMA = Schema(
    type=OpenAPIType.OBJECT,
    title="Problem",
    description="RFC 9457 problem details; `code` is stable, `field` names the offending input",
    required=["type", "title", "status", "code", "detail"],
    properties={
        "type": _STRING,
        "title": _STRING,
        "status": Schema(type=OpenAPIType.INTEGER),
        "code": _STRING,
        "detail": _STRING,
        "field": _STRING,
    },
)
_LIMIT_HEADERS = {
    name: OpenAPIHeader(schema=Schema(type=OpenAPIType.INTEGER), description=text)
    for name, text in (
        ("RateLimit-Limit", "requests allowed per window"),
        ("RateLimit-Remaining", "requests left in this window"),
        ("RateLimit-Reset", "seconds until the window resets"),
        ("Retry-After", "seconds to wait before retrying"),
    )
}


def _problem(description: str, headers: dict | None = None) -> OpenAPIResponse:
    content = {PROBLEM: OpenAPIMediaType(schema=Reference(ref="#/components/schemas/Problem"))}
    return OpenAPIResponse(description=description, content=content, headers=headers)


def _is_litestar_default_error(response: object) -> bool:
    content = getattr(response, "content", None) or {}
    schema = getattr(content.get("application/json"), "schema", None)
    return isinstance(schema, Schema) and schema.required == ["detail", "status_code"]


def document_edge(app: Litestar, *, require_key: bool, public: PublicPaths) -> None:
    """Build the app's document once (all routes are registered) and amend it in place.

    Litestar documents its own error shape for validation errors; ours is problem+json, so those
    entries are replaced, and every operation gets a `4XX` problem response. Operations behind
    the key get the ApiKey requirement (optional where the profile does not require a key).
    """
    openapi = app.openapi_schema  # built now and cached: the amendments below are kept
    openapi.components.schemas["Problem"] = PROBLEM_SCHEMA
    openapi.components.security_schemes = {
        "ApiKey": SecurityScheme(
            type="apiKey", name="X-API-Key", security_scheme_in="header", description="An API key issued to the caller"
        )
    }
    requirement: list[dict[str, list[str]]] = [{"ApiKey": []}] if require_key else [{"ApiKey": []}, {}]
    for path, item in (openapi.paths or {}).items():
        for method in ("get", "put", "post", "delete", "patch"):
            operation = getattr(item, method, None)
            if operation is None:
                continue
            responses = operation.responses if operation.responses is not None else {}
            operation.responses = responses
            for status, response in list(responses.items()):
                if _is_litestar_default_error(response):
                    responses[status] = _problem(response.description)
            responses.setdefault("4XX", _problem("The request was refused; see `code`"))
            if not public(path):
                operation.security = requirement
                responses.setdefault("429", _problem("Rate limit exceeded", _LIMIT_HEADERS))
