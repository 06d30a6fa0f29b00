"""The ASGI application for servers: built from $APP_PROFILE's container."""

from __future__ import annotations

from containers import build_container
from entrypoints.app import create_app
from entrypoints.logging import configure_logging

container = build_container()
_settings = container.settings()
configure_logging(_settings.server.log_level, _settings.server.log_file)
app = create_app(container)
