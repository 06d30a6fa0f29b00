"""The Litestar app factory: routes, dependencies from the container, problem+json errors."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from importlib.metadata import version
from typing import Any

from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin

from entrypoints.bodies import body_policy_middleware
from entrypoints.controllers.client_tokens import ClientTokensController
from entrypoints.controllers.console import console, static_files
from entrypoints.controllers.databases import DatabasesController
from entrypoints.controllers.dead_letters import DeadLettersController
from entrypoints.controllers.delivery_receipts import DeliveryReceiptsController
from entrypoints.controllers.factories import FactoriesController
from entrypoints.controllers.notifications import NotificationsController
from entrypoints.controllers.payments import PaymentsController
from entrypoints.controllers.preferences import PreferencesController
from entrypoints.controllers.system import SystemController
from entrypoints.controllers.templates import TemplatesController
from entrypoints.controllers.webhook_endpoints import WebhookEndpointsController
from entrypoints.controllers.webhooks import WebhooksController
from entrypoints.controllers.websocket import events_socket
from entrypoints.head import head_as_get
from entrypoints.input_guard import input_guard_middleware
from entrypoints.logging import flush_logs
from entrypoints.metrics import MetricsController
from entrypoints.middleware import edge_middleware
from entrypoints.openapi import document_edge
from entrypoints.openapi_schemas import Facts
from entrypoints.problems import EXCEPTION_HANDLERS
from entrypoints.ratelimit import rate_limit_middleware
from entrypoints.security import ApiKeys, PublicPaths, api_key_middleware
from entrypoints.settings import SettingsError
from entrypoints.shutdown import open_websockets
from entrypoints.typed_body import ExactBody


def _provide(provider: Any) -> Provide:
    """A zero-argument dependency, so handlers take plain typed parameters and tests swap
    adapters with container.<concern>.<x>.override()."""

    def dependency() -> Any:
        return provider()

    return Provide(dependency, sync_to_thread=False, use_cache=False)


def _swagger() -> SwaggerRenderPlugin:
    """Swagger UI from the package's own copy: many users' machines have no internet."""
    vendor = "/static/vendor/swagger-ui"
    return SwaggerRenderPlugin(
        path="/",
        js_url=f"{vendor}/swagger-ui-bundle.js",
        css_url=f"{vendor}/swagger-ui.css",
        standalone_preset_js_url=f"{vendor}/swagger-ui-standalone-preset.js",
        favicon="",
    )


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
        flush_logs()  # the writer thread's queue: nothing logged before the stop is lost

    return start, stop


def _check_selected(selector: Any, key: str, kind: str) -> None:
    """Fail at startup, not on the first request, when the profile names an adapter not wired."""
    if kind not in selector.providers:
        raise SettingsError(f"{key}: no adapter '{kind}'; known: {', '.join(selector.providers)}")


def _edge(app: Litestar, container: Any) -> Any:
    """The middleware around routing itself (outermost first), so unknown paths are
    authenticated, limited, measured and logged like known ones."""
    settings = container.settings()
    security = settings.security
    public = PublicPaths(security.public_paths)
    container.monitoring.metrics()  # registers the business series, so /metrics lists them from the start
    json_exempt = PublicPaths(security.json_exempt_paths, root=False)
    handler = input_guard_middleware(
        head_as_get(app.asgi_handler), max_bytes=settings.server.max_body_bytes, exempt=json_exempt
    )
    handler = body_policy_middleware(handler, settings.server.max_body_bytes, json_exempt)
    if security.rate_limit.enabled:
        _check_selected(container.infrastructure.rate_limiter, "adapters.rate_limiter", settings.adapters.rate_limiter)
        handler = rate_limit_middleware(handler, container.infrastructure.rate_limiter, security.rate_limit, public)
    key_required = PublicPaths(security.key_required_paths, root=False)
    handler = api_key_middleware(handler, ApiKeys.from_settings(security), public, key_required)
    handler = edge_middleware(handler, container.monitoring.http_metrics())
    systems = container.payments.payment_systems()
    facts = Facts(
        gateways=container.factories.gateway_factory().names,
        channels=container.factories.channel_factory().names,
        databases=[entry.name for entry in container.factories.database_factory().entries if entry.enabled],
        payment_systems={name: systems.spec(name).gateways for name in systems.names},
        default_payment_system=systems.default,
        sandbox_triggers=list(container.payments.sandbox_triggers()),
        max_token_ttl=security.client_token_max_ttl_seconds,
        shards=list(container.persistence.shard_query_databases()),
    )
    document_edge(app, require_key=security.require_api_key, public=public, facts=facts)
    return open_websockets.middleware(handler)


def create_app(container: Any, *, extra_handlers: list[Callable] | None = None) -> Litestar:
    settings = container.settings()
    cors = CORSConfig(allow_origins=settings.server.cors_origins) if settings.server.cors_origins else None
    start, stop = _lifespan(container)
    app = Litestar(
        on_startup=[start],
        on_shutdown=[stop],
        route_handlers=[
            SystemController,
            FactoriesController,
            DatabasesController,
            PaymentsController,
            DeliveryReceiptsController,
            WebhooksController,
            ClientTokensController,
            WebhookEndpointsController,
            NotificationsController,
            TemplatesController,
            PreferencesController,
            DeadLettersController,
            MetricsController,
            events_socket,
            console,
            static_files,
            *(extra_handlers or []),
        ],
        dependencies={name: _provide(provider) for name, provider in container.handler_providers().items()},
        exception_handlers=EXCEPTION_HANDLERS,
        dto=ExactBody,  # every typed body decoded from its bytes by msgspec, strictly
        return_dto=None,
        cors_config=cors,
        openapi_config=OpenAPIConfig(
            title="factory-service", version=version("factory-service"), path="/schema", render_plugins=[_swagger()]
        ),
        request_max_body_size=settings.server.max_body_bytes,
        state=State({"container": container}),
        logging_config=None,
        debug=False,
    )
    # Litestar's app-level middleware runs after routing; this chain wraps the router instead.
    app.asgi_handler = _edge(app, container)
    return app
