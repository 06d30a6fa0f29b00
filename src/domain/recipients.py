"""Who a channel can reach: the recipient rules of each notification channel.

Every rule raises InvalidInput naming the field, so a bad recipient is a 422 before anything is
stored or sent. The same rules serve the live adapters and the local file channel, so a request
that passes locally passes in production.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from domain.errors import InvalidInput

# A practical subset of RFC 5322 addr-spec: dot-atom local part, a dotted domain of LDH labels.
_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
# E.164: a plus, a non-zero country code digit, 8 to 15 digits in all.
_E164 = re.compile(r"\+[1-9][0-9]{7,14}")
# FCM registration tokens are opaque but URL-safe: letters, digits, '-', '_', ':' and '.'.
_FCM_TOKEN = re.compile(r"[A-Za-z0-9_:.\-]{32,4096}")
# Slack: `#channel-name`, `@user.name`, or a conversation/user id such as C024BE91L.
_SLACK = re.compile(r"#[a-z0-9][a-z0-9._\-]{0,79}|@[a-z0-9][a-z0-9._\-]{0,79}|[CGDUW][A-Z0-9]{8,20}")


def _fail(detail: str, field: str) -> None:
    raise InvalidInput(detail, field=field)


def email_address(value: str, field: str = "recipient") -> None:
    local = value.rpartition("@")[0]
    if len(value) > 254 or len(local) > 64 or not _EMAIL.fullmatch(value):
        _fail(f"'{value[:80]}' is not a valid email address", field)


def e164_phone(value: str, field: str = "recipient") -> None:
    if not _E164.fullmatch(value):
        _fail(f"'{value[:80]}' is not an E.164 phone number ('+' then 8 to 15 digits)", field)


def fcm_token(value: str, field: str = "recipient") -> None:
    if not _FCM_TOKEN.fullmatch(value):
        _fail("not a device registration token (32 to 4096 characters of A-Z a-z 0-9 - _ : .)", field)


def slack_target(value: str, field: str = "recipient") -> None:
    """Empty means the webhook's own channel; otherwise `#channel`, `@user` or an id."""
    if value and not _SLACK.fullmatch(value):
        _fail(
            f"'{value[:80]}' is not a Slack target: use '' (the webhook's channel), "
            "'#channel', '@user' or a channel id like C024BE91L",
            field,
        )


RULES: dict[str, Callable[[str, str], None]] = {
    "email": email_address,
    "sms": e164_phone,
    "whatsapp": e164_phone,
    "push": fcm_token,
    "slack": slack_target,
}


def validate_recipient(channel: str, value: str, field: str = "recipient") -> None:
    """Apply `channel`'s rule; a channel without a rule accepts any non-blank recipient."""
    rule = RULES.get(channel)
    if rule is not None:
        rule(value, field)
    elif not value.strip():
        _fail("recipient must not be blank", field)


_ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
_DOMAIN = _EMAIL.pattern.partition("@")[2]
# The same rules as JSON Schema string constraints, for the API's description (a local part of
# at most 64 characters, without a lookahead that generators cannot sample).
SCHEMAS: dict[str, dict[str, object]] = {
    "email": {"pattern": f"^({_ATOM}{{1,64}}|{_ATOM}(\\.?{_ATOM}){{0,31}})@{_DOMAIN}$", "maxLength": 254},
    "sms": {"pattern": f"^{_E164.pattern}$"},
    "whatsapp": {"pattern": f"^{_E164.pattern}$"},
    "push": {"pattern": f"^{_FCM_TOKEN.pattern}$"},
    "slack": {"pattern": f"^({_SLACK.pattern})?$"},
}
