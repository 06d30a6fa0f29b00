"""X-API-Key authentication at the edge: SHA-256 hashes in memory, constant-time comparison."""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import parse_qsl

from litestar.types import ASGIApp, Receive, Scope, Send

from entrypoints.problems import send_problem
from entrypoints.settings import Security, SettingsError

_UNAUTHORIZED = [(b"www-authenticate", b"ApiKey")]


class PublicPaths:
    """Every path equal to, or under, one of the prefixes (and `/` itself when `root`)."""

    def __init__(self, prefixes: list[str], *, root: bool = True) -> None:
        cleaned = [p.rstrip("/") for p in prefixes if p.strip("/")]
        self._exact = frozenset(["/", *cleaned] if root else cleaned)
        self._under = tuple(f"{p}/" for p in cleaned)

    def __call__(self, path: str) -> bool:
        return path in self._exact or path.startswith(self._under)


class ApiKeys:
    """The accepted keys, held only as SHA-256 digests; the raw keys are not kept."""

    def __init__(self, digests: list[bytes], *, required: bool) -> None:
        self._digests = digests
        self.required = required
        self.configured = bool(digests)

    @classmethod
    def from_settings(cls, security: Security) -> ApiKeys:
        digests = [hashlib.sha256(k.encode()).digest() for k in security.key_list()]
        try:
            digests += [bytes.fromhex(h) for h in security.hash_list()]
        except ValueError:
            raise SettingsError("security.api_key_hashes: each entry must be a hex SHA-256 digest") from None
        if security.require_api_key and not digests:
            raise SettingsError(
                "security.require_api_key is true but no key is configured (set API_KEYS or API_KEY_HASHES)"
            )
        return cls(digests, required=security.require_api_key)

    def identify(self, presented: bytes) -> str | None:
        """The key's id (a digest prefix, safe to log and to count by), or None when unknown.

        Compares against every digest without stopping early, so timing says nothing about
        which key, or how much of one, matched.
        """
        digest = hashlib.sha256(presented).digest()
        found = None
        for candidate in self._digests:
            if hmac.compare_digest(digest, candidate):
                found = candidate
        return None if found is None else f"key:{found.hex()[:12]}"


def _presented(scope: Scope) -> bytes | None:
    for name, value in scope["headers"]:
        if name == b"x-api-key":
            return value
    if scope["type"] == "websocket":  # browsers cannot set headers on a WebSocket upgrade
        for key, text in parse_qsl(scope.get("query_string", b"").decode("latin-1")):
            if key == "api_key":
                return text.encode("latin-1")
    return None


def api_key_middleware(app: ASGIApp, keys: ApiKeys, public: PublicPaths) -> ASGIApp:
    """Reject a missing key when keys are required, and any wrong key that is presented.

    Sets `scope["auth"]` to the key's id so the rate limiter counts per key. CORS preflights
    (OPTIONS) carry no credentials by design and pass.
    """

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan" or public(scope["path"]) or scope.get("method") == "OPTIONS":
            await app(scope, receive, send)
            return
        presented = _presented(scope)
        identity = keys.identify(presented) if presented is not None and keys.configured else None
        if identity is None and (keys.required or (presented is not None and keys.configured)):
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008, "reason": ""})
            else:
                await send_problem(send, 401, "unauthorized", "a valid X-API-Key header is required", _UNAUTHORIZED)
            return
        if identity is not None:
            scope["auth"] = identity
        await app(scope, receive, send)

    return middleware
