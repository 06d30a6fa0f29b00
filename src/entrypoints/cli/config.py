"""`config check`: load and validate a profile, and list what it is missing."""

from __future__ import annotations

import sys

import click

from entrypoints.cli.options import profile_option
from entrypoints.config_check import missing_settings
from entrypoints.settings import load_settings


@click.group()
def config() -> None:
    """Inspect the configuration."""


@config.command()
@profile_option
def check(profile: str | None) -> None:
    """Load and validate a profile; list the settings its live gateways and channels miss.

    Exit status: 0 when it can serve, 1 when a live gateway lacks credentials (serve would
    refuse), 2 when the files do not load.
    """
    settings = load_settings(profile)
    click.echo(f"profile {settings.profile}: loaded and valid")
    click.echo(f"  database   {settings.database.kind}")
    adapters = settings.adapters
    click.echo(f"  adapters   events={adapters.event_bus} cache={adapters.cache} analytics={adapters.analytics}")
    for section, members in (("gateways", settings.payment_gateways), ("channels", settings.notification_channels)):
        modes = " ".join(f"{n}={p.mode if p.enabled else 'disabled'}" for n, p in members.items())
        click.echo(f"  {section:<10} {modes}")
    missing = missing_settings(settings)
    for item in missing:
        click.echo(f"{item.severity}: {item}")
    errors = sum(item.severity == "error" for item in missing)
    if errors:
        click.echo(f"{errors} setting(s) missing: `serve` refuses this profile", err=True)
        sys.exit(1)
    click.echo("ok: this profile can serve")
