"""Request schemas as tight as the validation, because they are msgspec's own (msgspec is the
validator), plus the enums of every field that names a status, gateway, channel or mode."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields
from typing import Any

import msgspec
from litestar import Litestar
from litestar.openapi.spec import OpenAPI, OpenAPIType, Reference, Schema

from application.input_text import NO_CONTROL
from application.list_payments import MAX_LIMIT
from application.merchant_webhooks.endpoints import KNOWN_EVENTS
from application.notifications.preferences import USER_ID
from application.query_catalog import QUERIES
from domain.notification import NotificationStatus
from domain.payment import PaymentStatus, RefundStatus
from domain.recipients import SCHEMAS as RECIPIENTS
from domain.templates import NAME_PATTERN, TRANSACTIONAL
from entrypoints.openapi_payments import NULL, bank_details, payment_request

REF = "#/components/schemas/"
_SNAKE = re.compile(r"(?<!^)(?=[A-Z])")
_FIELDS = {f.name for f in fields(Schema)}
_RENAMED = {"not": "schema_not", "if": "schema_if", "else": "schema_else"}
# A decimal as msgspec decodes one: a JSON number or a string of digits (the use case checks
# the sign and the currency's decimals, which no schema can say per currency).
_AMOUNT = {
    "anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"}],
    "description": "A decimal amount in the currency's major unit, as a JSON number or a string",
}
_MULTI_STATUS = ["sent", "partial", "failed", "scheduled", "suppressed"]


class Facts(msgspec.Struct, frozen=True, kw_only=True):
    """What the running configuration allows, which the document lists as enums and bounds."""

    gateways: list[str]
    channels: list[str]
    databases: list[str]
    payment_systems: dict[str, list[str]]
    default_payment_system: str | None
    sandbox_triggers: list[str]
    max_token_ttl: int


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


def _walk(spec: Any, visit: Callable[[dict[str, Any]], None]) -> None:
    if isinstance(spec, dict):
        visit(spec)
        for value in spec.values():
            _walk(value, visit)
    elif isinstance(spec, list):
        for value in spec:
            _walk(value, visit)


def _decimals_as_amounts(spec: dict[str, Any]) -> None:
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


def _free_form_without_nul(spec: dict[str, Any]) -> None:
    if spec.get("type") == "string" and not {"pattern", "enum", "format"} & set(spec):
        spec["pattern"] = _NO_NUL["pattern"]
    if spec.get("type") == "object" and not {"additionalProperties", "$ref"} & set(spec):
        spec["propertyNames"] = _NO_NUL
        spec["additionalProperties"] = {"$ref": f"{REF}JsonValue"}


def _set(component: dict[str, Any], field: str, **extra: Any) -> None:
    """Constrain a property (its non-null branch when nullable)."""
    spec = (component.get("properties") or {}).get(field)
    if spec is None:
        return
    options = [o for o in spec.get("anyOf", [spec]) if o.get("type") != "null"]
    for option in options:
        option.update(extra)


def _rules(facts: Facts) -> dict[tuple[str, str], dict[str, Any]]:
    """Checks the use cases make beyond the Structs' types, stated to the client."""
    # normalize_locale accepts any case, `_` for `-`, and surrounding blanks
    locale = {"pattern": r"^ *[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8}){0,3} *$"}
    return {
        ("PaymentRequest", "gateway"): {"enum": facts.gateways},
        ("PaymentRequest", "payment_system"): {"enum": list(facts.payment_systems)},
        ("WebhookEndpointBody", "events"): {"items": {"type": "string", "enum": KNOWN_EVENTS}},
        ("SendNotificationCommand", "channel"): {"enum": facts.channels},
        ("ChannelTarget", "channel"): {"enum": facts.channels},
        ("SendNotificationCommand", "locale"): locale,
        ("MultiChannelBody", "locale"): locale,
        ("TemplateBody", "locales"): {
            "propertyNames": locale,
            "additionalProperties": {
                "type": "object",
                "propertyNames": {"enum": facts.channels},
                "additionalProperties": {"$ref": f"{REF}ContentBody"},
            },
        },
        ("PreferencesBody", "channels"): {"propertyNames": {"enum": facts.channels}},
        ("ClientTokenRequest", "ttl_seconds"): {"maximum": facts.max_token_ttl},
        ("WebhookEndpointBody", "url"): {
            "pattern": r"^https?://[A-Za-z0-9._~%!$&'()*+,;=-]+(:[0-9]{1,5})?([/?#][!-~]*)?$"
        },
        ("TemplateBody", "channels"): {"propertyNames": {"enum": facts.channels}},
    }


def _by_channel(facts: Facts) -> dict[str, Any]:
    """The recipient's form depends on the channel: one variant per configured channel."""
    variants = [
        {"properties": {"channel": {"enum": [name]}, "recipient": {"type": "string", **RECIPIENTS.get(name, {})}}}
        for name in facts.channels
    ]
    return {"oneOf": variants}


# A message is sent as given; the template form (with `data`) and `send_at` (in the future, up
# to the horizon) are refused for reasons outside the body (no such template, the clock), so the
# document shows the form that a valid body always takes.
_MESSAGE_FORM = [
    {
        "required": ["message"],
        "not": {
            "anyOf": [
                {"required": ["message"], "properties": {"message": NULL}},
                {"required": ["template"], "properties": {"template": {"type": "string"}}},
                {"required": ["send_at"], "properties": {"send_at": {"type": "string"}}},
            ]
        },
    }
]


def _notifications(components: dict[str, Any], facts: Facts) -> None:
    single, target, multi = (
        components.get(n) for n in ("SendNotificationCommand", "ChannelTarget", "MultiChannelBody")
    )
    if single is not None:
        components["SendNotificationCommand"] = {
            "title": "SendNotificationCommand",
            "allOf": [single, _by_channel(facts), *_MESSAGE_FORM],
        }
    if target is not None:
        components["ChannelTarget"] = {"title": "ChannelTarget", "allOf": [target, _by_channel(facts)]}
    if multi is not None:  # channel names with `recipients` beside them stay a documented shorthand
        multi["properties"]["channels"]["items"] = {"$ref": f"{REF}ChannelTarget"}
        multi["properties"]["channels"]["description"] = (
            "Targets; plain channel names are accepted when `recipients` maps each to its recipient"
        )
        multi.pop("required", None)
        components["MultiChannelBody"] = {
            "title": "MultiChannelBody",
            "allOf": [multi, {"required": ["channels"]}, *_MESSAGE_FORM],
        }


def _query_request(name: str, facts: Facts, *, one_database: bool) -> dict[str, Any]:
    """One variant per catalog query: its name and its own parameters."""
    variants = []
    for query in QUERIES:
        properties: dict[str, Any] = {"query": {"type": "string", "enum": [query.name]}}
        if one_database:
            properties["database"] = {"type": "string", "enum": facts.databases}
        properties["params"] = {"$ref": f"{REF}{query.params.__name__}"}
        required = ["database", "query"] if one_database else ["query"]
        if any(f.required for f in msgspec.structs.fields(query.params)):
            required.append("params")
        variants.append(
            {"type": "object", "properties": properties, "required": required, "additionalProperties": False}
        )
    return {"title": name, "oneOf": variants}


def _body_types(app: Litestar) -> list[Any]:
    types = [q.params for q in QUERIES]
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            field = getattr(handler, "parsed_data_field", None)
            if field is not None:
                types.append(field.annotation)
    return types


def tighten_components(app: Litestar, schemas: dict[str, Schema], facts: Facts) -> None:
    """Every body's component becomes msgspec's schema of it (closed objects, lengths, patterns,
    minimum sizes), amended by the use cases' own checks; answers get their enums."""
    _, components = msgspec.json.schema_components(_body_types(app), ref_template=REF + "{name}")
    components["QueryRequest"] = _query_request("QueryRequest", facts, one_database=True)
    components["QueryAllRequest"] = _query_request("QueryAllRequest", facts, one_database=False)
    for (name, field), extra in _rules(facts).items():
        if name in components and extra.get("enum", True):
            _set(components[name], field, **extra)
    _notifications(components, facts)
    if "TemplateBody" in components:  # only a transactional template may be mandatory
        components["TemplateBody"] = {
            "title": "TemplateBody",
            "allOf": [
                components["TemplateBody"],
                {
                    "anyOf": [
                        {"properties": {"optional": {"enum": [True]}}},
                        {"properties": {"category": {"enum": [TRANSACTIONAL]}}},
                    ]
                },
            ],
        }
    if "PaymentRequest" in components:
        components["PaymentRequest"] = payment_request(
            components["PaymentRequest"],
            facts.gateways,
            facts.payment_systems,
            facts.default_payment_system,
            facts.sandbox_triggers,
        )
        components["BankDetails"] = bank_details(components["BankDetails"])
    components.update(JSON_VALUES)
    for name, component in components.items():
        _walk(component, _decimals_as_amounts)
        _walk(component, _free_form_without_nul)
        component.setdefault("title", name)
        schemas[name] = to_schema(component)  # type: ignore[assignment]
    for (name, field), values in _answer_enums(facts).items():
        schema = schemas.get(name)
        if schema is not None and schema.properties and field in schema.properties and values:
            schema.properties[field] = Schema(type=OpenAPIType.STRING, enum=[str(v) for v in values])


def _answer_enums(facts: Facts) -> dict[tuple[str, str], list[Any]]:
    return {
        ("PaymentView", "status"): list(PaymentStatus),
        ("PaymentView", "gateway"): facts.gateways,
        ("payment_views_AttemptView", "gateway"): facts.gateways,
        ("RefundView", "status"): list(RefundStatus),
        ("NotificationView", "status"): list(NotificationStatus),
        ("NotificationView", "channel"): facts.channels,
        ("ChannelOutcome", "status"): [*NotificationStatus, "skipped"],
        ("ChannelOutcome", "channel"): facts.channels,
        ("MultiChannelResult", "status"): _MULTI_STATUS,
        ("MultiChannelResult", "mode"): ["all", "first_success"],
    }


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
