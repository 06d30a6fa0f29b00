"""Background loops and started services as container Resources (start with the app, stop with it)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import structlog

log = structlog.get_logger("background")


async def run_periodically(
    name: str, job: Callable[[], Awaitable[Any]], interval_seconds: float, *after: Any, flush_on_stop: bool = False
) -> AsyncIterator[asyncio.Task]:
    """Run `job` every `interval_seconds` until shutdown (then once more with `flush_on_stop`).

    `after` are the Resources the job needs: passing them makes the container start them first
    and stop them after this loop.
    """

    async def loop() -> None:
        while True:
            try:
                await job()
            except Exception:  # logged and retried on the next tick; the loop must not die
                log.exception("background_job_failed", job=name)
            await asyncio.sleep(interval_seconds)

    task = asyncio.create_task(loop(), name=name)
    try:
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        if flush_on_stop:
            try:
                await job()
            except Exception:
                log.exception("background_job_failed", job=name, final=True)


async def started(service: Any) -> AsyncIterator[Any]:
    """A service with async start()/stop() (an EventBus) as a Resource."""
    await service.start()
    try:
        yield service
    finally:
        await service.stop()
