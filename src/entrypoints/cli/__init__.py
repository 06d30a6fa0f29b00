"""The `factory-service` command: one click group; each command family is a module here.

Adding a family: write `entrypoints/cli/<family>.py` with a click command or group, and add it
to COMMANDS below.
"""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import click

from entrypoints.cli import api_keys, config, openapi, operations, reconcile, server
from entrypoints.settings import SettingsError


def _version() -> str:
    try:
        return version("factory-service")
    except PackageNotFoundError:
        return "0.0.0+local"


class _Group(click.Group):
    """A configuration error is one line on stderr and exit status 2, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SettingsError as exc:
            click.echo(f"configuration error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=_Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(_version(), "--version", "-V", prog_name="factory-service")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """factory-service: payments and notifications behind one API.

    Profiles: local (default, embedded), test, production (MySQL, MongoDB, Kafka, Redis, live
    providers). Pick one with --profile or APP_PROFILE.
    """
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


COMMANDS: list[click.Command] = [
    server.serve,
    server.migrate,
    config.config,
    api_keys.api_keys,
    openapi.openapi,
    reconcile.reconcile,
    operations.dead_letters,
    operations.outbox,
]
for command in COMMANDS:
    cli.add_command(command)


def main(argv: list[str] | None = None) -> int:
    """The console script; returns the exit status."""
    try:
        status = cli.main(args=argv, prog_name="factory-service", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted!", err=True)
        return 1
    return status if isinstance(status, int) else 0


if __name__ == "__main__":
    sys.exit(main())
