"""What every live gateway shares: the retrying JSON call, header lookup and HMAC signatures."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any

import httpx

from adapters.http import send_with_retry
from domain.errors import InvalidInput, ProviderUnavailable, WebhookSignatureInvalid
from domain.retry import RetryPolicy

Sleep = Callable[[float], Awaitable[None]]


class ProviderApi:
    """One provider's HTTP client, retry policy and sleep; every call goes through send_with_retry."""

    def __init__(
        self, provider: str, client: httpx.AsyncClient, *, max_retries: int = 2, sleep: Sleep = asyncio.sleep
    ) -> None:
        self.provider = provider
        self.client = client
        self.policy = RetryPolicy(max_attempts=max(1, max_retries + 1))
        self.sleep = sleep

    async def send(
        self,
        method: str,
        path: str,
        *,
        moves_money: bool = True,
        auth: httpx.Auth | tuple[str, str] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """Send (and resend on 429/5xx/timeouts) the very same request, idempotency key included.

        `moves_money=False` marks calls that cannot take money (creating an order, fetching), so a
        failure of theirs is never "indeterminate" and failover may try the next gateway.
        """
        if not self.client.base_url.is_absolute_url:
            raise ProviderUnavailable(
                f"{self.provider} has no base_url configured", extra={"provider": self.provider, "indeterminate": False}
            )
        request = self.client.build_request(method, path, **kwargs)
        send_auth: Any = auth if auth is not None else httpx.USE_CLIENT_DEFAULT
        try:
            return await send_with_retry(
                lambda: self.client.send(request, auth=send_auth), self.policy, provider=self.provider, sleep=self.sleep
            )
        except ProviderUnavailable as exc:
            if not moves_money:
                exc.extra["indeterminate"] = False
            raise


def body_of(response: httpx.Response, provider: str) -> dict[str, Any]:
    """The JSON object a provider answered; anything else means the provider is misbehaving."""
    try:
        data = response.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ProviderUnavailable(
            f"{provider} answered {response.status_code} without a JSON object",
            extra={"provider": provider, "status": response.status_code, "indeterminate": True},
        )
    return data


def unexpected(response: httpx.Response, provider: str, detail: str = "") -> ProviderUnavailable:
    """An answer this adapter does not understand (401, 404 on create, ...): the gateway is unusable."""
    return ProviderUnavailable(
        f"{provider} answered {response.status_code}{': ' + detail if detail else ''}",
        extra={"provider": provider, "status": response.status_code, "indeterminate": False},
    )


def header(headers: Mapping[str, str], name: str) -> str | None:
    """Case-insensitive header lookup over any mapping (Litestar, httpx or a plain dict)."""
    value = headers.get(name)
    if value is not None:
        return value
    lowered = name.lower()
    return next((v for k, v in headers.items() if k.lower() == lowered), None)


def hmac_sha256_hex(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def any_matches(expected: Iterable[str], given: Iterable[str]) -> bool:
    """Constant-time comparison of every pair, so timing reveals neither secret nor signature."""
    found = False
    given = list(given)
    for want in expected:
        for got in given:
            found |= hmac.compare_digest(want.encode(), got.strip().encode())
    return found


def secrets_of(value: Any) -> list[str]:
    """A secret or a comma-separated list of them (rotation: old and new both verify)."""
    if isinstance(value, list | tuple):
        return [str(s).strip() for s in value if str(s).strip()]
    return [s.strip() for s in str(value or "").split(",") if s.strip()]


def require_secret(secrets: list[str], provider: str) -> None:
    if not secrets:
        raise WebhookSignatureInvalid(f"{provider} webhooks are not configured (no secret)", field="headers")


def json_body(body: bytes, provider: str) -> dict[str, Any]:
    """The verified body as a JSON object; a signed body that is not one is still bad input."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested past the parser's depth
        raise InvalidInput(f"{provider} webhook body is not JSON", field="body") from None
    if not isinstance(data, dict):
        raise InvalidInput(f"{provider} webhook body is not a JSON object", field="body")
    return data


def verify_timestamped(
    header_value: str | None, body: bytes, secrets: list[str], *, now: float, tolerance: int, header_name: str
) -> None:
    """Stripe's scheme `t=<unix>,v1=<hex>[,v1=<hex>...]`, HMAC-SHA256 of `t.body`.

    Several v1 values (the provider signs with each active secret while one rolls) and several of
    our secrets (rotation on our side) are accepted; other schemes (v0) are ignored; the timestamp
    must be within `tolerance` seconds of now either way, so a captured request cannot be replayed.
    """
    if not header_value:
        raise WebhookSignatureInvalid(f"missing {header_name} header", field=header_name)
    timestamp, signatures = None, []
    for item in header_value.split(","):
        key, _, value = item.strip().partition("=")
        if key == "t":
            timestamp = value
        elif key == "v1" and value:
            signatures.append(value)
    if timestamp is None or not timestamp.isdigit() or not signatures:
        raise WebhookSignatureInvalid(f"{header_name} lacks t= or v1=", field=header_name)
    if abs(now - int(timestamp)) > tolerance:
        raise WebhookSignatureInvalid(
            f"{header_name} timestamp is outside the {tolerance} s tolerance", field=header_name
        )
    signed = timestamp.encode() + b"." + body
    if not any_matches([hmac_sha256_hex(secret, signed) for secret in secrets], signatures):
        raise WebhookSignatureInvalid(f"{header_name} does not match", field=header_name)
