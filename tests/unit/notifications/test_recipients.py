"""Recipient rules per channel: what each channel accepts, and 422s that name the field."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import recipients
from domain.errors import InvalidInput
from entrypoints.problems import status_of

digits = st.text("0123456789", min_size=7, max_size=14)


@given(first=st.sampled_from("123456789"), rest=digits)
def test_every_e164_number_is_accepted_for_sms_and_whatsapp(first, rest):
    """'+', a non-zero digit, then 7 to 14 more digits (8 to 15 in all) is E.164."""
    for channel in ("sms", "whatsapp"):
        recipients.validate_recipient(channel, f"+{first}{rest}")


@given(
    st.text(max_size=20).filter(
        lambda s: not (s.startswith("+") and s[1:].isdigit() and s[1:2] != "0" and 8 <= len(s) - 1 <= 15)
    )
)
def test_anything_else_is_refused_as_a_phone_number(value):
    """No plus, a leading zero, letters, too short or too long: not E.164."""
    with pytest.raises(InvalidInput):
        recipients.e164_phone(value)


@pytest.mark.parametrize(
    "value", ["+1234567", "+0123456789", "14155550123", "+1 415 555 0123", "+1234567890123456", "+1415555012a"]
)
def test_typical_phone_mistakes_are_refused(value):
    """Too few digits, spaces, missing plus, leading zero, too many digits, letters are all refused."""
    with pytest.raises(InvalidInput) as error:
        recipients.validate_recipient("sms", value, "channels.1.recipient")
    assert error.value.field == "channels.1.recipient"


@given(
    local=st.from_regex(r"[a-z0-9][a-z0-9._+-]{0,20}[a-z0-9]", fullmatch=True),
    domain=st.from_regex(r"[a-z0-9]{1,10}(\.[a-z0-9]{1,10}){0,2}\.[a-z]{2,6}", fullmatch=True),
)
def test_ordinary_email_addresses_are_accepted(local, domain):
    """local@domain.tld with the usual characters is an email address."""
    if ".." not in local:
        recipients.validate_recipient("email", f"{local}@{domain}")


@pytest.mark.parametrize(
    "value",
    [
        "user",
        "user@",
        "@example.com",
        "user@example",
        "a b@c.com",
        "user@example.com\r\nBcc: x@y.com",
        "user@@example.com",
        f"{'a' * 65}@example.com",
        "user@-example.com",
    ],
)
def test_malformed_email_addresses_are_refused_naming_the_field(value):
    """Missing parts, spaces, header injection and over-long local parts are refused."""
    with pytest.raises(InvalidInput) as error:
        recipients.validate_recipient("email", value)
    assert error.value.field == "recipient" and status_of(error.value) == 422


@given(st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_:.", min_size=32, max_size=300))
def test_device_tokens_of_the_fcm_charset_are_accepted(token):
    """FCM registration tokens are opaque URL-safe strings of reasonable length."""
    recipients.validate_recipient("push", token)


@pytest.mark.parametrize(
    "value",
    ["", "short", "has spaces in it but is long enough.....", "x" * 4097, "token/with/slashes/that-is-long-enough-000"],
)
def test_bad_device_tokens_are_refused(value):
    """Empty, too short, too long or outside the token charset: refused."""
    with pytest.raises(InvalidInput):
        recipients.validate_recipient("push", value)


@pytest.mark.parametrize("value", ["", "#alerts", "#ops-payments_eu", "@jane.doe", "C024BE91L", "U0G9QF9C6"])
def test_slack_targets_accepted(value):
    """Empty (the webhook's channel), #channel, @user and conversation ids are Slack targets."""
    recipients.validate_recipient("slack", value)


@pytest.mark.parametrize("value", ["alerts", "#Alerts", "# alerts", "@", "c024be91l", "#" + "a" * 81])
def test_slack_targets_refused(value):
    """Bare names, capitals, spaces and lower-case ids are not Slack targets."""
    with pytest.raises(InvalidInput):
        recipients.validate_recipient("slack", value)
