"""The `factory-service` command: serve, migrate, dead-letters and outbox."""

from __future__ import annotations

import argparse
import asyncio
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


def _operator(args: argparse.Namespace) -> int:
    """Runs one of entrypoints.operator_commands against the profile's stores."""
    from entrypoints import operator_commands as commands

    async def run() -> tuple[str, int]:
        async with commands.operator_container(load_settings(args.profile)) as container:
            if args.command == "outbox":
                return await commands.outbox_status(container, as_json=args.json)
            if args.action == "list":
                return await commands.list_dead_letters(container, include_replayed=args.all, as_json=args.json)
            return await commands.replay_dead_letters(container, args.id)

    text, status = asyncio.run(run())
    print(text, file=sys.stdout if status == 0 else sys.stderr)
    return status


def _operator_commands(commands: argparse._SubParsersAction) -> None:
    letters = commands.add_parser("dead-letters", help="events a consumer group gave up on")
    actions = letters.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="the waiting dead letters, oldest first")
    listing.add_argument("--all", action="store_true", help="include replayed ones")
    listing.add_argument("--json", action="store_true")
    replay = actions.add_parser("replay", help="hand dead letters to their group's handler again")
    which = replay.add_mutually_exclusive_group(required=True)
    which.add_argument("--id", type=int, help="one dead letter")
    which.add_argument("--all", action="store_true", help="every waiting dead letter")
    outbox = commands.add_parser("outbox", help="the transactional outbox")
    outbox_actions = outbox.add_subparsers(dest="action", required=True)
    status = outbox_actions.add_parser("status", help="unsent events, the oldest one's age, the relay lease")
    status.add_argument("--json", action="store_true")
    for parser in (listing, replay, status):
        parser.add_argument("--profile", help="configuration profile (default: $APP_PROFILE or local)")
        parser.set_defaults(run=_operator)


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
    _operator_commands(commands)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
