"""The OpenAPI document says what the edge does: problem+json errors and the X-API-Key scheme."""

from __future__ import annotations

from importlib.metadata import version

from litestar import Litestar
from litestar.openapi.spec import (
    OpenAPIHeader,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Reference,
    RequestBody,
    Schema,
    SecurityScheme,
)

from entrypoints.openapi_operations import ERRORS, EXAMPLES, OPERATION_IDS
from entrypoints.openapi_parameters import tighten_parameters
from entrypoints.openapi_schemas import Facts, tighten_components
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


def _errors(method: str, path: str, operation: Operation, *, public: bool) -> dict[int, str]:
    """The errors an operation of this kind can answer, whatever it does."""
    errors: dict[int, str] = {}
    if operation.request_body is not None:
        errors |= {
            400: "The body is not JSON, not UTF-8, or nested too deeply",
            413: "The body is larger than the server accepts",
            415: "The body is not application/json",
            422: "A field is missing, unknown or invalid; `field` names it",
        }
    if any(getattr(p, "param_in", None) == "query" for p in operation.parameters or []):
        errors[422] = "A parameter is invalid; `field` names it"
    if "{" in path:
        errors[404] = "No such resource"
    if not public:
        errors[401] = "Missing or unknown API key"
        errors[429] = "Rate limit exceeded"
    return errors | ERRORS.get(operation.operation_id or "", {})


def _request_body(operation: Operation) -> None:
    """An optional body (`RefundBody | None`) is documented as the Struct, not required."""
    body = operation.request_body
    if not isinstance(body, RequestBody):
        return
    media = body.content.get("application/json")
    if media is None:
        return
    schema = media.schema
    if isinstance(schema, Schema) and schema.one_of:
        kept = [s for s in schema.one_of if not (isinstance(s, Schema) and s.type == OpenAPIType.NULL)]
        if len(kept) == 1:
            media.schema, body.required = kept[0], False
    if operation.operation_id in EXAMPLES:
        media.example = EXAMPLES[operation.operation_id]


def document_edge(app: Litestar, *, require_key: bool, public: PublicPaths, facts: Facts) -> None:
    """Build the app's document once (all routes are registered) and amend it in place.

    Litestar documents its own error shape for validation errors; ours is problem+json, so those
    entries are replaced, and every operation lists the errors it can answer as problem+json (a
    `4XX` for the rest). Operations behind the key get the ApiKey requirement (optional where the
    profile does not require a key). `facts` hold the configured gateways, channels and
    databases, the enums of the fields that name one.
    """
    openapi = app.openapi_schema  # built now and cached: the amendments below are kept
    openapi.info.version = version("factory-service")
    openapi.components.schemas["Problem"] = PROBLEM_SCHEMA
    openapi.components.security_schemes = {
        "ApiKey": SecurityScheme(
            type="apiKey", name="X-API-Key", security_scheme_in="header", description="An API key issued to the caller"
        )
    }
    tighten_components(app, openapi.components.schemas, facts)
    tighten_parameters(openapi, facts)
    for name, schema in openapi.components.schemas.items():
        if "_" in name:  # Litestar's name for one of two classes of one name: the title must differ too
            schema.title = "".join(part[:1].upper() + part[1:] for part in name.split("_"))
    requirement: list[dict[str, list[str]]] = [{"ApiKey": []}] if require_key else [{"ApiKey": []}, {}]
    for path, item in (openapi.paths or {}).items():
        for method in ("get", "put", "post", "delete", "patch"):
            operation = getattr(item, method, None)
            if operation is None:
                continue
            operation.operation_id = OPERATION_IDS.get((method, path), operation.operation_id)
            _request_body(operation)
            responses = operation.responses if operation.responses is not None else {}
            operation.responses = responses
            for status, response in list(responses.items()):
                if _is_litestar_default_error(response):
                    del responses[status]
            errors = _errors(method, path, operation, public=public(path))
            for status_code, description in sorted(errors.items()):
                headers = _LIMIT_HEADERS if status_code == 429 else None
                responses.setdefault(str(status_code), _problem(description, headers))
            responses.setdefault("4XX", _problem("The request was refused; see `code`"))
            if not public(path):
                operation.security = requirement
