"""`dead-letters list|replay` and `outbox status`: the event-delivery runbooks' commands."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import click

from entrypoints.cli.options import profile_option


def _run(profile: str | None, work: Callable[[Any], Awaitable[tuple[str, int]]]) -> None:
    """Open the profile's stores (entrypoints.operator_commands), run `work`, print, exit."""
    from entrypoints import operator_commands as commands
    from entrypoints.settings import load_settings

    async def main() -> tuple[str, int]:
        async with commands.operator_container(load_settings(profile)) as container:
            return await work(container)

    text, status = asyncio.run(main())
    click.echo(text, err=status != 0)
    sys.exit(status)


@click.group("dead-letters")
def dead_letters() -> None:
    """Events a consumer group gave up on after its retries (see docs/operations.md)."""


@dead_letters.command("list")
@profile_option
@click.option("--all", "include_replayed", is_flag=True, help="Include dead letters already replayed.")
@click.option("--json", "as_json", is_flag=True, help="One JSON document instead of a table.")
def list_letters(profile: str | None, include_replayed: bool, as_json: bool) -> None:
    """The waiting dead letters, oldest first."""
    from entrypoints.operator_commands import list_dead_letters

    _run(profile, lambda c: list_dead_letters(c, include_replayed=include_replayed, as_json=as_json))


@dead_letters.command("replay")
@profile_option
@click.option("--id", "letter_id", type=int, help="Replay this one dead letter.")
@click.option("--all", "replay_all", is_flag=True, help="Replay every waiting dead letter.")
def replay(profile: str | None, letter_id: int | None, replay_all: bool) -> None:
    """Hand dead letters to their group's handler again (handlers de-duplicate by event_id)."""
    from entrypoints.operator_commands import replay_dead_letters

    if (letter_id is None) == (not replay_all):
        raise click.UsageError("give exactly one of --id ID or --all")
    _run(profile, lambda c: replay_dead_letters(c, letter_id))


@click.group("outbox")
def outbox() -> None:
    """The transactional outbox and its relay."""


@outbox.command("status")
@profile_option
@click.option("--json", "as_json", is_flag=True, help="One JSON document instead of lines.")
def status(profile: str | None, as_json: bool) -> None:
    """Unsent events, the oldest one's age and the relay lease holder."""
    from entrypoints.operator_commands import outbox_status

    _run(profile, lambda c: outbox_status(c, as_json=as_json))
