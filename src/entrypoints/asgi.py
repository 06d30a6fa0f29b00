"""The ASGI application for servers: built from $APP_PROFILE's container."""

from __future__ import annotations

from containers import build_container
from entrypoints.app import create_app
from entrypoints.config_check import require_credentials
from entrypoints.logging import configure_logging

container = build_container()
_settings = container.settings()
require_credentials(_settings)  # live gateways without credentials: refuse to start
configure_logging(_settings.server.log_level, _settings.server.log_file)
app = create_app(container)
