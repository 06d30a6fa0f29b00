"""The one RFC 5322 message builder, shared by the SMTP channel and the local .eml writer."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from domain.ports import OutgoingMessage

DEFAULT_SUBJECT = "Notification"


def build_email(message: OutgoingMessage, from_address: str) -> EmailMessage:
    """Plain text, plus an HTML alternative when there is one (multipart/alternative).

    The Message-ID's domain is the sender's, as mail servers expect; the notification id rides in
    its left part so a bounce can be traced back to the notification.
    """
    email = EmailMessage()
    email["From"] = from_address
    email["To"] = message.recipient
    email["Subject"] = message.subject or DEFAULT_SUBJECT
    email["Date"] = formatdate(localtime=False, usegmt=True)
    domain = from_address.rpartition("@")[2].strip("> ") or "localhost"
    email["Message-ID"] = make_msgid(idstring=message.notification_id, domain=domain)
    email.set_content(message.message)
    if message.html:
        email.add_alternative(message.html, subtype="html")
    return email
