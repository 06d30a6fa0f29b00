"""The AuthRateStore port: each gateway's recent authorization outcomes, a sliding window."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable


@runtime_checkable
class AuthRateStore(Protocol):
    async def record(self, gateway: str, authorized: bool, read: Sequence[str]) -> dict[str, tuple[int, int]]:
        """Add one outcome to `gateway`'s window (its last `window_size` outcomes), then read the
        windows of the `read` gateways as (authorized, total) each."""
