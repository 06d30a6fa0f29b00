"""Run one use case from the command line against the profile's stores, outside the server."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from entrypoints.settings import Settings

T = TypeVar("T")


def run_once(settings: Settings, work: Callable[[Any], Awaitable[T]]) -> T:
    """Build the profile's container, open what use cases need (the database pool, the providers'
    HTTP clients), run `work(container)`, and close them again, whatever happens.

    A command that reads or writes the stores (`reconcile --now`, and the like) is one line:
    `run_once(settings, lambda c: c.payments.reconcile_payments()())`.
    """
    from containers import build_container

    container = build_container(settings=settings)
    resources: list[Any] = [
        container.persistence.lifecycle,
        container.gateways.http_clients,
        container.channels.http_clients,
    ]

    async def main() -> T:
        opened: list[Any] = []
        try:
            for resource in resources:
                await resource.init()
                opened.append(resource)
            return await work(container)
        finally:
            for resource in reversed(opened):
                await resource.shutdown()

    return asyncio.run(main())
