"""One HTTP attempt for the provider channels, with the one rule for what may be retried."""

from __future__ import annotations

from typing import Any

import httpx

from adapters.http import is_transient, retry_after_seconds
from domain.ports import DeliveryFailed


async def post(client: httpx.AsyncClient, url: str, *, provider: str, **kwargs: Any) -> httpx.Response:
    """POST once; timeouts and connection errors become a transient DeliveryFailed."""
    try:
        return await client.post(url, **kwargs)
    except httpx.TransportError as exc:
        raise DeliveryFailed(f"{provider} unreachable: {type(exc).__name__}", permanent=False) from exc


def refused(response: httpx.Response, provider: str, detail: str, *, transient: bool = False) -> DeliveryFailed:
    """429 and 5xx (or a provider code the caller knows is temporary) may be retried, honouring
    Retry-After; every other refusal is permanent."""
    retry = transient or is_transient(response)
    return DeliveryFailed(
        f"{provider} answered {response.status_code}: {detail}",
        permanent=not retry,
        retry_after=retry_after_seconds(response) if retry else None,
    )


def json_or_empty(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def not_configured(provider: str, missing: list[str]) -> DeliveryFailed:
    return DeliveryFailed(f"{provider} is not configured: missing {', '.join(missing)}", permanent=True)
