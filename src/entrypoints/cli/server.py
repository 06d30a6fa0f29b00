"""`serve` and `migrate`."""

from __future__ import annotations

import os
import sys

import click

from entrypoints.cli.options import profile_option
from entrypoints.config_check import require_credentials
from entrypoints.settings import load_settings


@click.command()
@profile_option
@click.option("--host", metavar="ADDR", help="Address to listen on (default: server.host, 127.0.0.1).")
@click.option("--port", type=int, metavar="PORT", help="Port to listen on; 0 picks a free one (default: 8080).")
@click.option("--workers", type=int, metavar="N", help="Worker processes (default: server.workers, 1).")
@click.option(
    "--app", "app_path", default="entrypoints.asgi:app", show_default=True, help="ASGI application import path."
)
def serve(profile: str | None, host: str | None, port: int | None, workers: int | None, app_path: str) -> None:
    """Run the HTTP and WebSocket server until SIGTERM, then drain.

    Refuses to start while a live gateway lacks its credentials (see `config check`).
    """
    from entrypoints.server import serve as run_server

    if profile:
        os.environ["APP_PROFILE"] = profile  # the ASGI module builds its container from it
    settings = load_settings(profile)
    require_credentials(settings)
    status = run_server(
        app_path,
        host=host or settings.server.host,
        port=settings.server.port if port is None else port,
        workers=workers or settings.server.workers,
        shutdown_timeout=settings.server.shutdown_timeout_seconds,
    )
    sys.exit(status)


@click.command()
@profile_option
@click.option("--revision", default="head", show_default=True, help="Alembic revision to migrate to.")
def migrate(profile: str | None, revision: str) -> None:
    """Apply the database migrations (Alembic) to the profile's transactional database."""
    from containers import migrate_database

    settings = load_settings(profile)
    try:
        migrate_database(settings, revision)
    except Exception as exc:  # one line for the operator; the cause is in the message
        click.echo(f"migration failed: {type(exc).__name__}: {exc}".splitlines()[0], err=True)
        sys.exit(1)
    click.echo(f"migrated {settings.database.kind} database to {revision}")
