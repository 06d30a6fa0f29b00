"""The one HTTP client factory and the one retrying send used by every provider adapter."""

from __future__ import annotations

import asyncio
import functools
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from domain.errors import ProviderUnavailable
from domain.retry import RetryPolicy

USER_AGENT = "factory-service/1.0"


@functools.cache
def _tls() -> ssl.SSLContext:
    """One verified TLS context for every client: building one reads the CA bundle (~0.2 s)."""
    return httpx.create_ssl_context()


def create_http_client(
    base_url: str = "",
    *,
    timeout: float = 10.0,
    headers: dict[str, str] | None = None,
    auth: httpx.Auth | tuple[str, str] | None = None,
) -> httpx.AsyncClient:
    """A pooled client with explicit timeouts; one per provider adapter, closed with the app."""
    return httpx.AsyncClient(
        base_url=base_url,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
        headers={"User-Agent": USER_AGENT, **(headers or {})},
        auth=auth,
        verify=_tls(),
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
    )


async def close_on_shutdown(*clients: httpx.AsyncClient) -> AsyncIterator[tuple[httpx.AsyncClient, ...]]:
    """A container Resource over clients made by create_http_client: nothing to open, each closed
    on shutdown. The clients stay plain Singletons so the adapters using them are created
    synchronously (an async Resource would make every dependent provider return a Future)."""
    try:
        yield clients
    finally:
        for client in clients:
            await client.aclose()


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


# The request never reached the provider, or the provider said it did not act on it; anything else
# (read timeouts, dropped connections, 500/502/504) may have been acted on and must be reconciled.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)
_NOT_ACTED_ON = frozenset({429, 503})


def _indeterminate(failure: httpx.TransportError | httpx.Response) -> bool:
    if isinstance(failure, httpx.Response):
        return failure.status_code not in _NOT_ACTED_ON
    return not isinstance(failure, _NOT_SENT)


async def send_with_retry(
    send: Callable[[], Awaitable[httpx.Response]],
    policy: RetryPolicy,
    *,
    provider: str,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
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
                raise ProviderUnavailable(
                    f"{provider} unreachable: {type(exc).__name__}",
                    extra={
                        "provider": provider,
                        "timeout": isinstance(exc, httpx.TimeoutException),
                        "indeterminate": _indeterminate(exc),
                    },
                ) from exc
            await sleep(policy.delay(attempt))
            continue
        if not is_transient(response):
            return response
        if not policy.should_retry(attempt):
            raise ProviderUnavailable(
                f"{provider} answered {response.status_code}",
                extra={"provider": provider, "status": response.status_code, "indeterminate": _indeterminate(response)},
            )
        await sleep(policy.delay(attempt, retry_after_seconds(response)))
