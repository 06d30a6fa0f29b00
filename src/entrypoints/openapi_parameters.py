"""Query, path and header parameters, as the use cases and the edge check them."""

from __future__ import annotations

from typing import Any

from litestar.openapi.spec import OpenAPI, OpenAPIType, Schema

from application.input_text import NO_CONTROL
from application.notifications.preferences import USER_ID
from application.payments.list_payments import MAX_LIMIT
from domain.payment import PaymentStatus
from domain.templates import NAME_PATTERN
from entrypoints.openapi_schemas import Facts


def tighten_parameters(openapi: OpenAPI, facts: Facts) -> None:
    """Query and header parameters, as the use cases check them."""
    bounds = {"/api/v1/payments": MAX_LIMIT, "/api/v1/dead-letters": 1000}
    for path, item in (openapi.paths or {}).items():
        for method in ("get", "put", "post", "delete", "patch"):
            operation = getattr(item, method, None)
            for parameter in getattr(operation, "parameters", None) or []:
                schema = _parameter_schema(path, parameter.name, facts, bounds)
                if schema is not None:
                    parameter.schema = schema
                elif parameter.param_in == "query":
                    _no_control(parameter.schema)


def _no_control(schema: Any) -> None:
    """The edge refuses a control character in any query parameter (422 naming it)."""
    for option in [schema, *(getattr(schema, "one_of", None) or [])]:
        if isinstance(option, Schema) and option.type == OpenAPIType.STRING and option.pattern is None:
            option.pattern = NO_CONTROL


def _parameter_schema(path: str, name: str, facts: Facts, bounds: dict[str, int]) -> Schema | None:
    string = OpenAPIType.STRING
    if name == "Idempotency-Key":
        return Schema(type=string, pattern=r"^[\x21-\x7e]{1,255}$", min_length=1, max_length=255)
    if name == "limit":
        top = bounds.get(path, 200 if path.endswith("/deliveries") else None)
        return Schema(type=OpenAPIType.INTEGER, minimum=1, maximum=top) if top else None
    if path == "/api/v1/payments":
        if name == "status":
            return Schema(type=string, enum=[str(s) for s in PaymentStatus])
        if name == "cursor":
            return Schema(type=string, max_length=40, pattern=NO_CONTROL)
        if name == "user_id":
            return Schema(type=string, pattern=NO_CONTROL)
    if name == "name" and path.startswith("/api/v1/templates/"):
        return Schema(type=string, pattern=f"^{NAME_PATTERN.pattern}$")
    if name == "user_id" and path.startswith("/api/v1/users/"):
        return Schema(type=string, min_length=1, max_length=128, pattern=USER_ID)
    return None
