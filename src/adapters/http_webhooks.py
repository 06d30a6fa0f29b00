"""POSTs merchant webhooks over the one HTTP client factory: one attempt, never raising."""

from __future__ import annotations

import time
from collections.abc import Mapping

import httpx

from domain.ports import PostResult, WebhookSender


class HttpxWebhookSender(WebhookSender):
    """No redirects are followed (a signed delivery goes where the merchant registered it), and
    the answer body is not read beyond the first bytes: only the status code counts."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    async def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> PostResult:
        started = time.perf_counter()
        try:
            response = await self._client.post(url, content=body, headers=dict(headers), follow_redirects=False)
        except httpx.TimeoutException as exc:
            return PostResult(_elapsed(started), error=f"timeout: {type(exc).__name__}")
        except httpx.HTTPError as exc:
            return PostResult(_elapsed(started), error=f"{type(exc).__name__}: {exc}"[:500])
        return PostResult(_elapsed(started), status_code=response.status_code)


def _elapsed(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)
