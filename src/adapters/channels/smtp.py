"""Email over SMTP with aiosmtplib: STARTTLS or implicit TLS, optional AUTH, one attempt a send."""

from __future__ import annotations

import ssl
from typing import Any

import aiosmtplib

from adapters.channels.email_message import build_email
from domain import recipients
from domain.ports import DeliveryFailed, DeliveryResult, NotificationChannel, OutgoingMessage


def _bad_certificate(exc: BaseException | None) -> bool:
    """aiosmtplib wraps the TLS handshake's error in SMTPConnectError on implicit TLS."""
    while exc is not None:
        if isinstance(exc, ssl.SSLCertVerificationError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _classify(exc: Exception) -> DeliveryFailed:
    """SMTP reply codes say it: 4xx is 'try again later', 5xx is final; network trouble is 4xx-like."""
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = [r.code for r in exc.recipients]
        detail = "; ".join(f"{r.code} {r.message}" for r in exc.recipients)
        return DeliveryFailed(f"recipient refused: {detail}", permanent=all(code >= 500 for code in codes))
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return DeliveryFailed(f"SMTP {exc.code} {exc.message}", permanent=exc.code >= 500)
    # aiosmtplib's connect errors, timeouts and dropped connections are all OSErrors; anything
    # else (no STARTTLS, no AUTH) or a certificate that does not verify is configuration.
    if _bad_certificate(exc) or not isinstance(exc, OSError):
        return DeliveryFailed(f"SMTP session refused: {type(exc).__name__}: {exc}", permanent=True)
    return DeliveryFailed(f"SMTP server unreachable: {type(exc).__name__}: {exc}", permanent=False)


class SmtpEmailChannel(NotificationChannel):
    """`starttls` upgrades a plain connection (port 587); `use_tls` is implicit TLS (port 465)."""

    name = "email"

    def __init__(
        self,
        *,
        host: str,
        port: int,
        from_address: str,
        username: str = "",
        password: str = "",
        starttls: bool = True,
        use_tls: bool = False,
        validate_certs: bool = True,
        cert_bundle: str = "",
        timeout: float = 10.0,
    ) -> None:
        self._from = from_address
        self._options: dict[str, Any] = {
            "hostname": host,
            "port": int(port),
            "username": str(username) or None,
            "password": str(password) or None,
            "use_tls": bool(use_tls),
            "start_tls": bool(starttls) and not use_tls,
            "validate_certs": bool(validate_certs),
            "cert_bundle": cert_bundle or None,
            "timeout": float(timeout),
        }

    def validate_recipient(self, recipient: str, *, field: str = "recipient") -> None:
        recipients.email_address(recipient, field)

    async def send(self, message: OutgoingMessage) -> DeliveryResult:
        email = build_email(message, self._from)
        try:
            _, reply = await aiosmtplib.send(email, **self._options)
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise _classify(exc) from exc
        return DeliveryResult(provider_message_id=email["Message-ID"], detail=reply)
