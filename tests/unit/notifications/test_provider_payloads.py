"""The request bodies each provider gets, built without I/O."""

from __future__ import annotations

import email
from email import policy

from adapters.channels.email_message import build_email
from adapters.channels.fcm import fcm_payload
from adapters.channels.twilio import twilio_form
from adapters.channels.whatsapp import whatsapp_payload
from domain.ports import OutgoingMessage

MESSAGE = OutgoingMessage(notification_id="ntf_1", recipient="+14155550123", message="Body", subject="Subject")


def test_the_email_has_the_rfc_5322_headers_and_parses_back():
    """From, To, Subject, Date and a Message-ID on the sender's domain; the text is the body."""
    built = build_email(
        OutgoingMessage(notification_id="ntf_1", recipient="u@example.com", message="Hello", subject="Hi"),
        "Shop <shop@example.org>",
    )
    parsed = email.message_from_bytes(built.as_bytes(), policy=policy.default)
    assert (parsed["From"], parsed["To"], parsed["Subject"]) == ("Shop <shop@example.org>", "u@example.com", "Hi")
    assert parsed["Date"] and parsed["Message-ID"].endswith("@example.org>")
    assert "ntf_1" in parsed["Message-ID"] and parsed.get_content().strip() == "Hello"


def test_non_ascii_subject_sender_and_body_survive_the_round_trip():
    """RFC 2047 headers and quoted-printable UTF-8 bodies decode back to the original text."""
    built = build_email(
        OutgoingMessage(
            notification_id="ntf_1",
            recipient="u@example.com",
            message="Grüße, 10,00 €",
            subject="Zahlung erhalten, danke schön",
            html="<p>Grüße</p>",
        ),
        "Café <shop@example.org>",
    )
    parsed = email.message_from_bytes(built.as_bytes(), policy=policy.default)
    assert parsed["Subject"] == "Zahlung erhalten, danke schön" and parsed["From"] == "Café <shop@example.org>"
    assert parsed.get_body(("plain",)).get_content().strip() == "Grüße, 10,00 €"
    assert parsed.get_body(("html",)).get_content().strip() == "<p>Grüße</p>"


def test_a_subject_cannot_inject_headers():
    """Line breaks in a subject are folded into one line, so no Bcc can be smuggled in."""
    built = build_email(
        OutgoingMessage(
            notification_id="n", recipient="u@example.com", message="m", subject="Hi\r\nBcc: evil@example.com"
        ),
        "shop@example.org",
    )
    parsed = email.message_from_bytes(built.as_bytes(), policy=policy.default)
    assert parsed["Bcc"] is None and parsed["Subject"] == "Hi Bcc: evil@example.com"


def test_twilio_takes_a_messaging_service_sid_in_place_of_a_number():
    """A sender starting with MG is sent as MessagingServiceSid, a number as From."""
    assert twilio_form(MESSAGE, "+15005550006") == {
        "To": "+14155550123",
        "From": "+15005550006",
        "Body": "Subject\nBody",
    }
    assert twilio_form(MESSAGE, "MG123")["MessagingServiceSid"] == "MG123"


def test_fcm_message_carries_title_body_and_our_id_as_string_data():
    """FCM v1 notification message: title from the subject, data values are strings."""
    assert fcm_payload(
        OutgoingMessage(notification_id="ntf_1", recipient="tok", message="Body", subject="Subject")
    ) == {
        "message": {
            "token": "tok",
            "notification": {"body": "Body", "title": "Subject"},
            "data": {"notification_id": "ntf_1"},
        }
    }


def test_whatsapp_text_message_uses_the_number_without_plus():
    """Cloud API text message: messaging_product, digits-only `to`, text.body."""
    body = whatsapp_payload(MESSAGE)
    assert body["messaging_product"] == "whatsapp" and body["type"] == "text"
    assert body["to"] == "14155550123" and body["text"]["body"] == "*Subject*\nBody"
