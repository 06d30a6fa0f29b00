"""Short-lived, HMAC-signed client tokens: a browser holds one user's token, never a server key."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Callable
from typing import Annotated

import msgspec
from msgspec import Meta

from domain.errors import ClientTokenInvalid, ClientTokensDisabled, InvalidInput

PREFIX = "ct1"  # the format's version: a future format can be told apart


class ClientTokenRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    user_id: Annotated[str, Meta(min_length=1, max_length=128, pattern=r"^[^\x00-\x1f\x7f]+$")]
    ttl_seconds: Annotated[int, Meta(ge=1)] = 900


class ClientToken(msgspec.Struct, frozen=True):
    token: str
    user_id: str
    expires_at: int  # unix seconds


class _Claims(msgspec.Struct, frozen=True):
    sub: str
    exp: int
    iat: int


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class ClientTokenSigner:
    """Signs with the first secret and verifies with any (rotation: add the new one first).

    Every instance of the service must share the secrets, so a token minted on one is accepted
    by all; that is why they come from settings, never from a per-process random value.
    """

    def __init__(self, secrets: list[str], *, clock: Callable[[], float] = time.time) -> None:
        self._keys = [s.encode() for s in secrets if s]
        self._clock = clock

    @property
    def enabled(self) -> bool:
        return bool(self._keys)

    def sign(self, user_id: str, ttl_seconds: int) -> ClientToken:
        if not self._keys:
            raise ClientTokensDisabled("client tokens are not configured (set CLIENT_TOKEN_SECRETS)")
        now = int(self._clock())
        claims = _b64(msgspec.json.encode(_Claims(sub=user_id, exp=now + ttl_seconds, iat=now)))
        body = f"{PREFIX}.{claims}"
        return ClientToken(
            token=f"{body}.{self._mac(self._keys[0], body)}", user_id=user_id, expires_at=now + ttl_seconds
        )

    def verify(self, token: str) -> str:
        """The user id the token was issued for; ClientTokenInvalid if tampered, foreign or expired."""
        prefix, _, rest = token.partition(".")
        claims_text, _, signature = rest.partition(".")
        if prefix != PREFIX or not claims_text or not signature:
            raise ClientTokenInvalid("client token is malformed", field="token")
        body = f"{prefix}.{claims_text}"
        matched = False
        for key in self._keys:  # every key, so timing does not tell which one matched
            matched |= hmac.compare_digest(self._mac(key, body), signature)
        if not matched:
            raise ClientTokenInvalid("client token signature does not match", field="token")
        try:
            claims = msgspec.json.decode(_unb64(claims_text), type=_Claims)
        except (ValueError, msgspec.DecodeError):
            raise ClientTokenInvalid("client token is malformed", field="token") from None
        if claims.exp <= self._clock():
            raise ClientTokenInvalid("client token has expired", field="token")
        return claims.sub

    @staticmethod
    def _mac(key: bytes, body: str) -> str:
        return _b64(hmac.new(key, body.encode(), hashlib.sha256).digest())


class IssueClientToken:
    """Mint a token for one user, at most `max_ttl_seconds` long."""

    def __init__(self, signer: ClientTokenSigner, max_ttl_seconds: int) -> None:
        self._signer = signer
        self._max_ttl = max_ttl_seconds

    async def __call__(self, request: ClientTokenRequest) -> ClientToken:
        """Sign a token scoped to `request.user_id`.

        Args:
            request: the user and the lifetime wanted.
        Returns:
            The token and when it expires.
        Raises:
            InvalidInput: `ttl_seconds` above the configured maximum.
            ClientTokensDisabled: no secret is configured.
        """
        if request.ttl_seconds > self._max_ttl:
            raise InvalidInput(f"ttl_seconds must be at most {self._max_ttl}", field="ttl_seconds")
        return self._signer.sign(request.user_id, request.ttl_seconds)
