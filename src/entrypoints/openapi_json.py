"""JSON Schema pieces as dicts (msgspec writes them so), and their conversion to Litestar's."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields
from typing import Any

from litestar.openapi.spec import OpenAPIType, Reference, Schema

REF = "#/components/schemas/"
NULL = {"type": "null"}
_SNAKE = re.compile(r"(?<!^)(?=[A-Z])")
_FIELDS = {f.name for f in fields(Schema)}
_RENAMED = {"not": "schema_not", "if": "schema_if", "else": "schema_else"}
# A decimal as msgspec decodes one: a JSON number or a string of digits (the use case checks
# the sign and the currency's decimals, which no schema can say per currency).
_AMOUNT = {
    "anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"}],
    "description": "A decimal amount in the currency's major unit, as a JSON number or a string",
}


def to_schema(spec: Any) -> Schema | Reference:
    """A JSON Schema dict (msgspec's) as Litestar's Schema objects."""
    if not isinstance(spec, dict):
        return spec
    if "$ref" in spec:
        return Reference(ref=spec["$ref"])
    values: dict[str, Any] = {}
    for key, value in spec.items():
        name = _RENAMED.get(key) or _SNAKE.sub("_", key).lower()
        if name not in _FIELDS:
            continue
        if name in ("any_of", "one_of", "all_of", "prefix_items"):
            value = [to_schema(v) for v in value]
        elif name == "properties":
            value = {k: to_schema(v) for k, v in value.items()}
        elif name in ("items", "property_names", "schema_not") or (
            name == "additional_properties" and value is not False
        ):
            value = to_schema(value) if isinstance(value, dict) else value
        elif name == "type":
            value = [OpenAPIType(v) for v in value] if isinstance(value, list) else OpenAPIType(value)
        values[name] = value
    return Schema(**values)


def walk(spec: Any, visit: Callable[[dict[str, Any]], None]) -> None:
    if isinstance(spec, dict):
        visit(spec)
        for value in spec.values():
            walk(value, visit)
    elif isinstance(spec, list):
        for value in spec:
            walk(value, visit)


def decimals_as_amounts(spec: dict[str, Any]) -> None:
    for name, value in list((spec.get("properties") or {}).items()):
        options = value.get("anyOf", [value])
        if any(o.get("format") == "decimal" for o in options):
            nullable = any(o.get("type") == "null" for o in options)
            spec["properties"][name] = {"anyOf": [_AMOUNT, {"type": "null"}]} if nullable else dict(_AMOUNT)


# Any JSON, as the edge accepts it inside a body: no string (or key) holds NUL.
_NO_NUL = {"type": "string", "pattern": "^[^\\x00]*$"}
JSON_VALUES = {
    "JsonValue": {
        "title": "JsonValue",
        "description": "Any JSON value in which no string (or key) holds NUL",
        "anyOf": [
            _NO_NUL,
            {"type": "number"},
            {"type": "boolean"},
            {"type": "null"},
            {"$ref": f"{REF}JsonArray"},
            {"$ref": f"{REF}JsonObject"},
        ],
    },
    "JsonArray": {"title": "JsonArray", "type": "array", "items": {"$ref": f"{REF}JsonValue"}},
    "JsonObject": {
        "title": "JsonObject",
        "type": "object",
        "propertyNames": _NO_NUL,
        "additionalProperties": {"$ref": f"{REF}JsonValue"},
    },
}


def free_form_without_nul(spec: dict[str, Any]) -> None:
    if spec.get("type") == "string" and not {"pattern", "enum", "format"} & set(spec):
        spec["pattern"] = _NO_NUL["pattern"]
    if spec.get("type") == "object" and not {"additionalProperties", "$ref"} & set(spec):
        spec["propertyNames"] = _NO_NUL
        spec["additionalProperties"] = {"$ref": f"{REF}JsonValue"}


def constrain(component: dict[str, Any], field: str, **extra: Any) -> None:
    """Constrain a property (its non-null branch when nullable)."""
    spec = (component.get("properties") or {}).get(field)
    if spec is None:
        return
    options = [o for o in spec.get("anyOf", [spec]) if o.get("type") != "null"]
    for option in options:
        option.update(extra)
