"""The one HTTP client factory and the one retrying send used by every provider adapter."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from domain.errors import ProviderUnavailable
from domain.retry import RetryPolicy

USER_AGENT = "factory-service/1.0"


def create_http_client(base_url: str = "", *, timeout: float = 10.0,
                       headers: dict[str, str] | None = None,
                       auth: httpx.Auth | tuple[str, str] | None = None) -> httpx.AsyncClient:
    """A pooled client with explicit timeouts; one per provider adapter, closed with the app."""
    return httpx.AsyncClient(
        base_url=base_url, timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
        headers={"User-Agent": USER_AGENT, **(headers or {})}, auth=auth,
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=20))


def retry_after_seconds(response: httpx.Response) -> float | None:
    """Retry-After as seconds (delta-seconds or an HTTP date), or None."""
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        try:
            return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
        except (TypeError, ValueError):
            return None


def is_transient(response: httpx.Response) -> bool:
    return response.status_code == 429 or response.status_code >= 500


async def send_with_retry(send: Callable[[], Awaitable[httpx.Response]], policy: RetryPolicy, *,
                          provider: str,
                          sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
                          ) -> httpx.Response:
    """Send until a non-transient answer; timeouts, connection errors, 429 and 5xx are retried.

    Raises ProviderUnavailable once the policy's attempts are spent. `send` must repeat the same
    request with the same idempotency key, so a retry can never act twice at the provider.
    """
    attempt = 0
    while True:
        attempt += 1
        try:
            response = await send()
        except httpx.TransportError as exc:  # connect errors and timeouts alike
            if not policy.should_retry(attempt):
                raise ProviderUnavailable(f"{provider} unreachable: {type(exc).__name__}",
                                          extra={"provider": provider, "timeout":
                                                 isinstance(exc, httpx.TimeoutException)}) from exc
            await sleep(policy.delay(attempt))
            continue
        if not is_transient(response):
            return response
        if not policy.should_retry(attempt):
            raise ProviderUnavailable(f"{provider} answered {response.status_code}",
                                      extra={"provider": provider, "status": response.status_code})
        await sleep(policy.delay(attempt, retry_after_seconds(response)))
