"""A real SMTP server (aiosmtpd) on an ephemeral port, optionally with TLS and AUTH."""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

USER, PASSWORD = "mailer", "s3cret"


class EphemeralController(Controller):
    """aiosmtpd's Controller, bound to port 0: learn the real port before the first connect."""

    def _trigger_server(self) -> None:
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@dataclass
class Mailbox:
    """The handler: keeps what arrives; `refuse_rcpt` makes RCPT TO answer with that reply."""

    envelopes: list[Envelope] = field(default_factory=list)
    refuse_rcpt: str | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_rcpt:
            return self.refuse_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 2.0.0 Ok: queued as TEST123"


def _authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


@dataclass
class SmtpServer:
    mailbox: Mailbox
    port: int
    cert_file: str = ""


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, so the client can verify it with cert_bundle."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    directory = tmp_path_factory.mktemp("tls")
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
        )
    )
    return cert_file, key_file


def _server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*map(str, certificate))
    return context


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """Plain SMTP, no auth."""
    mailbox = Mailbox()
    controller = EphemeralController(mailbox, hostname="127.0.0.1", port=0)
    controller.start()
    yield SmtpServer(mailbox, controller.port)
    controller.stop()


@pytest.fixture(params=["starttls", "implicit_tls"])
def secure_smtp_server(
    request: pytest.FixtureRequest, certificate: tuple[Path, Path]
) -> Iterator[tuple[str, SmtpServer]]:
    """STARTTLS (required before AUTH) or implicit TLS, with AUTH PLAIN/LOGIN."""
    mailbox, context = Mailbox(), _server_context(certificate)
    if request.param == "starttls":
        controller = EphemeralController(
            mailbox,
            hostname="127.0.0.1",
            port=0,
            tls_context=context,
            require_starttls=True,
            authenticator=_authenticate,
            auth_require_tls=True,
        )
    else:  # aiosmtpd does not see implicit TLS as TLS, so it must be told AUTH is fine here
        controller = EphemeralController(
            mailbox,
            hostname="127.0.0.1",
            port=0,
            ssl_context=context,
            authenticator=_authenticate,
            auth_require_tls=False,
        )
    controller.start()
    yield request.param, SmtpServer(mailbox, controller.port, str(certificate[0]))
    controller.stop()
