"""Options shared by several commands."""

from __future__ import annotations

import click

profile_option = click.option(
    "--profile",
    metavar="NAME",
    envvar="APP_PROFILE",
    show_envvar=True,
    help="Configuration profile: configs/<NAME>.yaml over configs/config.yaml (default: local).",
)
