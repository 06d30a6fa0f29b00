"""The SMTP email channel against a real SMTP server (aiosmtpd) on a local port."""

from __future__ import annotations

import email
from email import policy

import pytest

from adapters.channels.smtp import SmtpEmailChannel
from application.notifications.send_notification import SendNotificationCommand
from domain.ports import DeliveryFailed, OutgoingMessage
from tests.fakes.notifications import notification_kit
from tests.integration.smtp.conftest import PASSWORD, USER

pytestmark = pytest.mark.integration
SENDER = "Factory <no-reply@factory.test>"


def _channel(port: int, **options) -> SmtpEmailChannel:
    return SmtpEmailChannel(
        host="127.0.0.1", port=port, from_address=SENDER, **{"starttls": False, "timeout": 5, **options}
    )


def _message(**extra) -> OutgoingMessage:
    return OutgoingMessage(
        notification_id="ntf_01TEST",
        recipient="user@example.com",
        subject="Payment received",
        message="Your receipt: 10.00 USD",
        **extra,
    )


def _received(server) -> email.message.EmailMessage:
    [envelope] = server.mailbox.envelopes
    return email.message_from_bytes(envelope.original_content, policy=policy.default)


async def test_the_server_receives_the_right_from_to_subject_and_body(smtp_server):
    """The message that arrives has the configured From, the recipient, subject and text."""
    result = await _channel(smtp_server.port).send(_message())
    received = _received(smtp_server)
    assert smtp_server.mailbox.envelopes[0].mail_from == "no-reply@factory.test"
    assert smtp_server.mailbox.envelopes[0].rcpt_tos == ["user@example.com"]
    assert received["From"] == SENDER and received["To"] == "user@example.com"
    assert received["Subject"] == "Payment received"
    assert received.get_content().strip() == "Your receipt: 10.00 USD"
    assert received["Date"] and received["Message-ID"] == result.provider_message_id
    assert result.provider_message_id.endswith("@factory.test>")
    assert "queued as TEST123" in result.detail


async def test_html_goes_as_a_multipart_alternative_beside_the_text(smtp_server):
    """With html, the message is multipart/alternative: text/plain first, then text/html."""
    await _channel(smtp_server.port).send(_message(html="<p>Your <b>receipt</b></p>"))
    received = _received(smtp_server)
    assert received.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in received.iter_parts()] == ["text/plain", "text/html"]
    assert received.get_body(("html",)).get_content().strip() == "<p>Your <b>receipt</b></p>"
    assert received.get_body(("plain",)).get_content().strip() == "Your receipt: 10.00 USD"


async def test_tls_and_auth_deliver_with_a_verified_certificate(secure_smtp_server):
    """STARTTLS and implicit TLS both verify the server certificate and then authenticate."""
    mode, server = secure_smtp_server
    channel = _channel(
        server.port,
        username=USER,
        password=PASSWORD,
        cert_bundle=server.cert_file,
        starttls=mode == "starttls",
        use_tls=mode == "implicit_tls",
    )
    await channel.send(_message())
    assert _received(server)["Subject"] == "Payment received"


async def test_wrong_credentials_are_a_permanent_failure(secure_smtp_server):
    """535 authentication failed is not retried."""
    mode, server = secure_smtp_server
    channel = _channel(
        server.port,
        username=USER,
        password="wrong",
        cert_bundle=server.cert_file,
        starttls=mode == "starttls",
        use_tls=mode == "implicit_tls",
    )
    with pytest.raises(DeliveryFailed) as failure:
        await channel.send(_message())
    assert failure.value.permanent is True and "535" in failure.value.detail


@pytest.mark.parametrize(
    ("reply", "permanent"), [("550 5.1.1 No such user", True), ("451 4.3.0 Try again later", False)]
)
async def test_a_refused_recipient_is_permanent_for_5xx_and_transient_for_4xx(smtp_server, reply, permanent):
    """The SMTP reply class decides: 5xx is final, 4xx may be retried."""
    smtp_server.mailbox.refuse_rcpt = reply
    with pytest.raises(DeliveryFailed) as failure:
        await _channel(smtp_server.port).send(_message())
    assert failure.value.permanent is permanent and reply[:3] in failure.value.detail


async def test_a_4xx_reply_is_retried_by_the_use_case_up_to_its_limit(smtp_server):
    """A 451 is transient: the use case retries with backoff up to its limit, then fails."""
    smtp_server.mailbox.refuse_rcpt = "451 4.3.0 Try again later"
    kit = notification_kit(_channel(smtp_server.port))
    sent = await kit.send(SendNotificationCommand(channel="email", recipient="user@example.com", message="hello"))
    notification = sent.notification
    assert notification.status == "failed"
    assert [a.outcome for a in notification.attempts] == ["transient_error"] * 3
    assert kit.sleep.delays == [0.2, 0.4]
    assert [e.type for e in kit.state.outbox] == ["notification_failed"]


async def test_a_closed_port_is_a_transient_failure():
    """Nobody listening: the failure is transient."""
    with pytest.raises(DeliveryFailed) as failure:
        await _channel(9, timeout=2).send(_message())
    assert failure.value.permanent is False


async def test_a_certificate_that_does_not_verify_is_permanent(secure_smtp_server):
    """A self-signed certificate without its CA bundle is a configuration error, not retried."""
    mode, server = secure_smtp_server
    channel = _channel(
        server.port, username=USER, password=PASSWORD, starttls=mode == "starttls", use_tls=mode == "implicit_tls"
    )
    with pytest.raises(DeliveryFailed) as failure:
        await channel.send(_message())
    assert failure.value.permanent is True and "CERTIFICATE_VERIFY_FAILED" in failure.value.detail
