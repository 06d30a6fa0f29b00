"""The Litestar app factory: routes, dependencies from the container, problem+json errors."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin

from entrypoints.controllers.databases import DatabasesController
from entrypoints.controllers.factories import FactoriesController
from entrypoints.controllers.payments import PaymentsController
from entrypoints.controllers.system import SystemController
from entrypoints.middleware import request_id_middleware
from entrypoints.problems import EXCEPTION_HANDLERS

# Handler parameter name -> container provider name. Each becomes a zero-argument dependency, so
# handlers take plain typed parameters and tests swap adapters with container.<x>.override().
DEPENDENCIES = ("check_health", "describe_system", "gateway_factory", "channel_factory",
                "database_factory", "payment_systems", "describe_databases",
                "create_payment", "get_payment", "list_payments", "refund_payment",
                "confirm_bank_transfer")


def _provide(container: Any, name: str) -> Provide:
    provider = getattr(container, name)

    def dependency() -> Any:
        return provider()

    return Provide(dependency, sync_to_thread=False, use_cache=False)


def _lifespan(container: Any) -> tuple[Callable, Callable]:
    """Open the container's Resources (pools, clients, background workers) with the app."""

    async def start() -> None:
        result = container.init_resources()
        if inspect.isawaitable(result):
            await result

    async def stop() -> None:
        result = container.shutdown_resources()
        if inspect.isawaitable(result):
            await result

    return start, stop


def create_app(container: Any, *, extra_handlers: list[Callable] | None = None) -> Litestar:
    settings = container.settings()
    cors = CORSConfig(allow_origins=settings.server.cors_origins) if settings.server.cors_origins \
        else None
    start, stop = _lifespan(container)
    return Litestar(
        on_startup=[start],
        on_shutdown=[stop],
        route_handlers=[SystemController, FactoriesController, DatabasesController,
                        PaymentsController, *(extra_handlers or [])],
        dependencies={name: _provide(container, name) for name in DEPENDENCIES},
        exception_handlers=EXCEPTION_HANDLERS,
        middleware=[request_id_middleware],
        cors_config=cors,
        openapi_config=OpenAPIConfig(title="factory-service", version="1.0.0", path="/schema",
                                     render_plugins=[SwaggerRenderPlugin(path="/")]),
        request_max_body_size=settings.server.max_body_bytes,
        state={"container": container},
        logging_config=None,
        debug=False,
    )
