"""The `factory-service` command: serve and migrate."""

from __future__ import annotations

import argparse
import os
import sys

from entrypoints.settings import SettingsError, load_settings


def _serve(args: argparse.Namespace) -> int:
    from entrypoints.server import serve

    if args.profile:
        os.environ["APP_PROFILE"] = args.profile
    settings = load_settings(args.profile)
    host = args.host or settings.server.host
    port = settings.server.port if args.port is None else args.port  # 0: an ephemeral port
    workers = args.workers or settings.server.workers
    return serve(
        args.app, host=host, port=port, workers=workers, shutdown_timeout=settings.server.shutdown_timeout_seconds
    )


def _migrate(args: argparse.Namespace) -> int:
    from containers import migrate_database

    settings = load_settings(args.profile)
    try:
        migrate_database(settings, args.revision)
    except Exception as exc:  # one line for the operator; the cause is in the message
        print(f"migration failed: {type(exc).__name__}: {exc}".splitlines()[0], file=sys.stderr)
        return 1
    print(f"migrated {settings.database.kind} database to {args.revision}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="factory-service")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the HTTP and WebSocket server")
    serve.add_argument("--profile", help="configuration profile (default: $APP_PROFILE or local)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int)
    serve.add_argument(
        "--app", default="entrypoints.asgi:app", help="ASGI app import path (default: entrypoints.asgi:app)"
    )
    serve.set_defaults(run=_serve)
    migrate = commands.add_parser("migrate", help="apply the database migrations (Alembic)")
    migrate.add_argument("--profile", help="configuration profile (default: $APP_PROFILE or local)")
    migrate.add_argument("--revision", default="head", help="target revision (default: head)")
    migrate.set_defaults(run=_migrate)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
