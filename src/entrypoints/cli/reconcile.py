"""`reconcile --now`: one reconciliation pass from the command line."""

from __future__ import annotations

import sys

import click

from entrypoints.cli.oneshot import run_once
from entrypoints.cli.options import profile_option


@click.command()
@profile_option
@click.option("--now", is_flag=True, help="Run one pass now (otherwise only say how it is scheduled).")
@click.option(
    "--older-than",
    type=float,
    metavar="SECONDS",
    help="Reconcile payments untouched this long (default: payments.reconcile_after_seconds).",
)
def reconcile(profile: str | None, now: bool, older_than: float | None) -> None:
    """Re-ask the gateways about payments left processing, pending or requiring action.

    The server runs this every payments.reconcile_interval_seconds; --now runs one pass against
    the profile's database and prints what it checked and changed. Outcome events go to the
    outbox, which the running server relays.
    """
    from entrypoints.settings import load_settings

    settings = load_settings(profile)
    if not now:
        every, after = settings.payments.reconcile_interval_seconds, settings.payments.reconcile_after_seconds
        click.echo(f"`serve` reconciles every {every:g} s payments open for {after:g} s; --now runs a pass here.")
        return
    if older_than is not None:
        settings.payments.reconcile_after_seconds = older_than
    report = run_once(settings, lambda container: container.payments.reconcile_every_shard()())
    click.echo(f"checked {report.checked}, changed {report.changed}, failed {report.failed}, expired {report.expired}")
    sys.exit(1 if report.failed else 0)
