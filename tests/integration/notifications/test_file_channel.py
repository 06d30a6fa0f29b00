"""The local profile's file channel: what each channel would send, written under the outbox."""

from __future__ import annotations

import email
import json
from email import policy

import pytest

from adapters.channels.file import FileChannel
from domain.errors import InvalidInput
from domain.ports import OutgoingMessage

pytestmark = pytest.mark.integration


def _message(recipient: str, **extra) -> OutgoingMessage:
    return OutgoingMessage(notification_id="ntf_1", recipient=recipient, message="Body", subject="Subject", **extra)


async def test_email_is_written_as_an_eml_file_a_mail_client_can_open(tmp_path):
    """The .eml is the SMTP channel's message: headers, text and HTML alternative."""
    channel = FileChannel("email", str(tmp_path), "Shop <shop@example.org>")
    result = await channel.send(_message("user@example.com", html="<b>Body</b>"))
    path = tmp_path / "email" / "ntf_1.eml"
    parsed = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert result.provider_message_id == "file:ntf_1.eml" and result.detail == str(path)
    assert (parsed["From"], parsed["To"], parsed["Subject"]) == (
        "Shop <shop@example.org>",
        "user@example.com",
        "Subject",
    )
    assert parsed.get_body(("html",)).get_content().strip() == "<b>Body</b>"


@pytest.mark.parametrize(
    ("name", "recipient", "expected"),
    [
        ("sms", "+14155550123", {"To": "+14155550123", "Body": "Subject\nBody", "From": "+15005550006"}),
        (
            "whatsapp",
            "+14155550123",
            {
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": "14155550123",
                "type": "text",
                "text": {"preview_url": False, "body": "*Subject*\nBody"},
            },
        ),
        (
            "push",
            "t" * 40,
            {
                "message": {
                    "token": "t" * 40,
                    "notification": {"body": "Body", "title": "Subject"},
                    "data": {"notification_id": "ntf_1"},
                }
            },
        ),
        ("slack", "", {"text": "*Subject*\nBody"}),
    ],
)
async def test_provider_channels_write_the_body_their_live_adapter_would_post(tmp_path, name, recipient, expected):
    """sms, whatsapp, push and slack each write their provider's request body as JSON."""
    await FileChannel(name, str(tmp_path)).send(_message(recipient))
    assert json.loads((tmp_path / name / "ntf_1.json").read_text()) == expected


def test_the_file_channel_applies_the_same_recipient_rules_as_the_live_one(tmp_path):
    """A recipient refused in production is refused locally too."""
    with pytest.raises(InvalidInput):
        FileChannel("sms", str(tmp_path)).validate_recipient("12345")
