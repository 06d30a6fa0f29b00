"""The one RFC 5322 message builder, shared by the SMTP channel and the local .eml writer.

Built with the compat32 MIME classes rather than EmailMessage: the header registry of the
modern policy costs a few milliseconds a message, and this runs on every email notification
(the seed's load test is one). Non-ASCII subjects and sender names are RFC 2047 encoded, bodies
are 7bit when ASCII and quoted-printable UTF-8 otherwise, so the .eml stays readable.
"""

from __future__ import annotations

from email.charset import QP, Charset
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, make_msgid, parseaddr

from domain.ports import OutgoingMessage

DEFAULT_SUBJECT = "Notification"
_UTF8 = Charset("utf-8")
_UTF8.body_encoding = QP


def _text(content: str, subtype: str) -> MIMEText:
    return MIMEText(content, subtype, "us-ascii" if content.isascii() else _UTF8)  # type: ignore[arg-type]


def _alternative(text: MIMEText, html: MIMEText) -> MIMEMultipart:
    for part in (text, html):
        del part["MIME-Version"]  # only the top level carries it
    return MIMEMultipart("alternative", _subparts=[text, html])


def _header(value: str) -> str:
    value = " ".join(value.splitlines())  # a header is one line: no injected headers
    return value if value.isascii() else Header(value, "utf-8").encode()


def build_email(message: OutgoingMessage, from_address: str) -> Message:
    """Plain text, plus an HTML alternative when there is one (multipart/alternative).

    The Message-ID's domain is the sender's, as mail servers expect; the notification id rides in
    its left part so a bounce can be traced back to the notification.
    """
    plain = _text(message.message, "plain")
    email: Message = _alternative(plain, _text(message.html, "html")) if message.html else plain
    name, address = parseaddr(from_address)
    email["From"] = formataddr((name, address), charset="utf-8")
    email["To"] = _header(message.recipient)
    email["Subject"] = _header(message.subject or DEFAULT_SUBJECT)
    email["Date"] = formatdate(usegmt=True)
    email["Message-ID"] = make_msgid(idstring=message.notification_id, domain=address.rpartition("@")[2] or "localhost")
    return email
