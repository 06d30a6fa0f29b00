"""The notification bodies' rules that span fields: the recipient's form is the channel's, and
a valid body is a message (templates and schedules depend on more than the body)."""

from __future__ import annotations

from typing import Any

from domain.recipients import SCHEMAS as RECIPIENTS
from domain.templates import TRANSACTIONAL
from entrypoints.openapi_json import NULL, REF


def _by_channel(channels: list[str]) -> dict[str, Any]:
    """The recipient's form depends on the channel: one variant per configured channel."""
    variants = [
        {"properties": {"channel": {"enum": [name]}, "recipient": {"type": "string", **RECIPIENTS.get(name, {})}}}
        for name in channels
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


def notification_bodies(components: dict[str, Any], channels: list[str]) -> None:
    single, target, multi = (
        components.get(n) for n in ("SendNotificationCommand", "ChannelTarget", "MultiChannelBody")
    )
    if single is not None:
        components["SendNotificationCommand"] = {
            "title": "SendNotificationCommand",
            "allOf": [single, _by_channel(channels), *_MESSAGE_FORM],
        }
    if target is not None:
        components["ChannelTarget"] = {"title": "ChannelTarget", "allOf": [target, _by_channel(channels)]}
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


def template_body(components: dict[str, Any]) -> None:
    """Only a transactional template may be mandatory (not optional)."""
    if "TemplateBody" in components:
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
