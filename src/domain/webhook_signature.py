"""Sign and verify merchant webhooks: `Factory-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`.

Self-contained (standard library only), so a merchant can copy this file into its own receiver.
"""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER = "Factory-Signature"
TOLERANCE_SECONDS = 300


class SignatureInvalid(ValueError):
    """The header is missing or malformed, the timestamp is too old or new, or no v1 matches."""


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The header value for `body` signed with `secret` at `timestamp` (default: now)."""
    t = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={digest}"


def verify(
    header: str | None, body: bytes, secret: str, *, tolerance: int = TOLERANCE_SECONDS, now: float | None = None
) -> int:
    """Check a received webhook; returns its timestamp or raises SignatureInvalid.

    `body` must be the raw request body, byte for byte. Several `v1=` values are allowed (any may
    match); the timestamp must be within `tolerance` seconds of `now`, so a captured request
    cannot be replayed later.
    """
    if not header:
        raise SignatureInvalid(f"missing {HEADER} header")
    timestamp, candidates = None, []
    for item in header.split(","):
        key, _, value = item.strip().partition("=")
        if key == "t":
            timestamp = value
        elif key == "v1" and value:
            candidates.append(value)
    if timestamp is None or not timestamp.isdigit() or not candidates:
        raise SignatureInvalid(f"{HEADER} lacks t= or v1=")
    if abs((time.time() if now is None else now) - int(timestamp)) > tolerance:
        raise SignatureInvalid(f"{HEADER} timestamp is outside the {tolerance} s tolerance")
    expected = sign(secret, body, int(timestamp)).partition(",v1=")[2]
    if not any(hmac.compare_digest(expected, candidate) for candidate in candidates):
        raise SignatureInvalid(f"{HEADER} does not match")
    return int(timestamp)
