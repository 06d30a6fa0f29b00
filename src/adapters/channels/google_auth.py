"""OAuth2 access tokens for a Google service account (RFC 7523 JWT bearer grant), cached.

The signed assertion goes to the service account's own `token_uri`, so a test can point the
exchange at a local server by writing a service-account file that names it.
"""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from adapters.channels.http_delivery import json_or_empty, not_configured, post, refused
from domain.ports import DeliveryFailed

FCM_SCOPE = "https://www.googleapis.com/auth/firebase.messaging"
GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer"
_REFRESH_MARGIN = 60.0  # renew a minute early so a token never expires in flight


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign_assertion(info: dict[str, Any], key: rsa.RSAPrivateKey, scope: str, now: float) -> str:
    header = {"alg": "RS256", "typ": "JWT", "kid": info.get("private_key_id", "")}
    claims = {
        "iss": info["client_email"],
        "scope": scope,
        "aud": info["token_uri"],
        "iat": int(now),
        "exp": int(now) + 3600,
    }
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{_b64(signature)}"


class ServiceAccountTokens:
    """Reads the service account lazily (from a file path or inline JSON) on first use."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        service_account_file: str = "",
        service_account_json: str = "",
        scope: str = FCM_SCOPE,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._client = client
        self._file, self._json, self._scope, self._clock = (service_account_file, service_account_json, scope, clock)
        self._info: dict[str, Any] | None = None
        self._key: rsa.RSAPrivateKey | None = None
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = asyncio.Lock()

    async def info(self) -> dict[str, Any]:
        if self._info is None:
            if not (self._file or self._json):
                raise not_configured("fcm", ["service_account_file or service_account_json"])
            try:
                raw = self._json or await asyncio.to_thread(Path(self._file).read_text)
                info = json.loads(raw)
                key = serialization.load_pem_private_key(info["private_key"].encode(), None)
                _ = info["client_email"], info["token_uri"]
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise DeliveryFailed(
                    f"fcm service account unusable: {type(exc).__name__}: {exc}", permanent=True
                ) from exc
            if not isinstance(key, rsa.RSAPrivateKey):
                raise DeliveryFailed("fcm service account key is not an RSA key", permanent=True)
            self._info, self._key = info, key
        return self._info

    def invalidate(self) -> None:
        self._token = None

    async def access_token(self) -> str:
        if self._token and self._clock() < self._expires_at:
            return self._token
        async with self._lock:  # one exchange however many sends are waiting for it
            if self._token and self._clock() < self._expires_at:
                return self._token
            info = await self.info()
            assert self._key is not None
            now = self._clock()
            assertion = sign_assertion(info, self._key, self._scope, now)
            response = await post(
                self._client,
                info["token_uri"],
                provider="google oauth",
                data={"grant_type": GRANT_TYPE, "assertion": assertion},
            )
            body = json_or_empty(response)
            if response.status_code != 200 or not body.get("access_token"):
                raise refused(
                    response,
                    "google oauth",
                    f"{body.get('error', '')} {body.get('error_description', response.text[:200])}".strip(),
                )
            self._token = body["access_token"]
            self._expires_at = now + float(body.get("expires_in", 3600)) - _REFRESH_MARGIN
            return self._token
