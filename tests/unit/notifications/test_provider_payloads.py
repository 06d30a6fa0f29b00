"""The request bodies each provider gets, built without I/O."""

from __future__ import annotations

import email
from email import policy

from adapters.channels.email_message import build_email
from adapters.channels.fcm import fcm_payload
from adapters.channels.twilio import twilio_form
from adapters.channels.whatsapp import whatsapp_payload
from domain.ports import OutgoingMessage

MESSAGE = OutgoingMessage(notification_id="ntf_1", recipient="+14155550123", message="Body",
                          subject="Subject")


def test_the_email_has_the_rfc_5322_headers_and_parses_back():
    """From, To, Subject, Date and a Message-ID on the sender's domain; the text is the body."""
    built = build_email(OutgoingMessage(notification_id="ntf_1", recipient="u@example.com",
                                        message="Hello", subject="Hi"), "Shop <shop@example.org>")
    parsed = email.message_from_bytes(built.as_bytes(), policy=policy.default)
    assert (parsed["From"], parsed["To"], parsed["Subject"]) == ("Shop <shop@example.org>",
                                                                 "u@example.com", "Hi")
    assert parsed["Date"] and parsed["Message-ID"].endswith("@example.org>")
    assert "ntf_1" in parsed["Message-ID"] and parsed.get_content().strip() == "Hello"


def test_twilio_takes_a_messaging_service_sid_in_place_of_a_number():
    """A sender starting with MG is sent as MessagingServiceSid, a number as From."""
    assert twilio_form(MESSAGE, "+15005550006") == {"To": "+14155550123", "From": "+15005550006",
                                                    "Body": "Subject\nBody"}
    assert twilio_form(MESSAGE, "MG123")["MessagingServiceSid"] == "MG123"


def test_fcm_message_carries_title_body_and_our_id_as_string_data():
    """FCM v1 notification message: title from the subject, data values are strings."""
    assert fcm_payload(OutgoingMessage(notification_id="ntf_1", recipient="tok", message="Body",
                                       subject="Subject")) == {"message": {
        "token": "tok", "notification": {"body": "Body", "title": "Subject"},
        "data": {"notification_id": "ntf_1"}}}


def test_whatsapp_text_message_uses_the_number_without_plus():
    """Cloud API text message: messaging_product, digits-only `to`, text.body."""
    body = whatsapp_payload(MESSAGE)
    assert body["messaging_product"] == "whatsapp" and body["type"] == "text"
    assert body["to"] == "14155550123" and body["text"]["body"] == "*Subject*\nBody"
