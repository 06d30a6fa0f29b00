"""The outbox relays of a sharded app's container, to drain every shard's outbox in a test."""

from __future__ import annotations

import inspect


async def other_relays(container) -> list:
    """The relays of the shards after the first (the shard_loops Resource's value)."""
    loops = container.shard_loops()
    return await loops if inspect.isawaitable(loops) else loops
