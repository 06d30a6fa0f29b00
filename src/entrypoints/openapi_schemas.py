"""Request schemas as tight as the validation, because they are msgspec's own (msgspec is the
validator), plus the enums of every field that names a status, gateway, channel or mode."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Litestar
from litestar.openapi.spec import OpenAPIType, Schema

from application.merchant_webhooks.endpoints import KNOWN_EVENTS
from application.queries.catalog import QUERIES
from domain.notification import NotificationStatus
from domain.payment import PaymentStatus, RefundStatus
from entrypoints.openapi_json import (
    JSON_VALUES,
    REF,
    constrain,
    decimals_as_amounts,
    free_form_without_nul,
    to_schema,
    walk,
)
from entrypoints.openapi_notifications import notification_bodies, template_body
from entrypoints.openapi_payments import bank_details, payment_request

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
    shards: list[str] = []  # a sharded transactional database's shards (`query`'s `shard`)


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
        ("TemplateBody", "channels"): {"propertyNames": {"enum": facts.channels}},
    }


def _query_request(name: str, facts: Facts, *, one_database: bool) -> dict[str, Any]:
    """One variant per catalog query: its name and its own parameters."""
    variants = []
    for query in QUERIES:
        properties: dict[str, Any] = {"query": {"type": "string", "enum": [query.name]}}
        if one_database:
            properties["database"] = {"type": "string", "enum": facts.databases}
            if facts.shards:
                properties["shard"] = {"type": "string", "enum": facts.shards}
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
            constrain(components[name], field, **extra)
    notification_bodies(components, facts.channels)
    template_body(components)
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
        walk(component, decimals_as_amounts)
        walk(component, free_form_without_nul)
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
        ("PaymentAttemptView", "gateway"): facts.gateways,
        ("RefundView", "status"): list(RefundStatus),
        ("NotificationView", "status"): list(NotificationStatus),
        ("NotificationView", "channel"): facts.channels,
        ("ChannelOutcome", "status"): [*NotificationStatus, "skipped"],
        ("ChannelOutcome", "channel"): facts.channels,
        ("MultiChannelResult", "status"): _MULTI_STATUS,
        ("MultiChannelResult", "mode"): ["all", "first_success"],
    }
