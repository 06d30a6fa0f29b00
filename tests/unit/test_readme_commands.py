"""Every command the README and docs/ show in their code blocks exists: make targets in the
Makefile, `factory-service` subcommands in the click CLI."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from entrypoints.cli import cli

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```(?:bash|sh|shell)?\n(.*?)^```", re.S | re.M)


def _commands() -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        for block in BLOCK.findall(page.read_text()):
            for line in block.splitlines():
                line = line.split("#", 1)[0].strip()
                found += [(page.name, m.group(1)) for m in re.finditer(r"(?:^|[\s;&(])(make(?: [a-z][\w-]*)?)", line)]
                found += [(page.name, m.group(1)) for m in re.finditer(r"(factory-service(?: [a-z][\w-]*)*)", line)]
    return found


def _make_targets() -> set[str]:
    makefile = (ROOT / "Makefile").read_text()
    return set(re.findall(r"^([a-z][\w-]*):", makefile, re.M))


def test_the_pages_show_commands_at_all():
    commands = {command for _, command in _commands()}
    assert {"make run", "make test"} <= commands
    assert any(c.startswith("factory-service ") for c in commands)


@pytest.mark.parametrize(("page", "command"), sorted(set(_commands())))
def test_each_shown_command_exists(page, command):
    words = command.split()
    if words[0] == "make":
        assert len(words) == 1 or words[1] in _make_targets(), f"{page}: no make target {words[1]!r}"
        return
    group: click.Command = cli
    for word in words[1:]:
        if not isinstance(group, click.Group):
            break  # the rest are the command's arguments
        sub = group.get_command(click.Context(group), word)
        assert sub is not None, f"{page}: `{command}`: {word!r} is not a subcommand of {group.name!r}"
        group = sub
