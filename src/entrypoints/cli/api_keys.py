"""`api-keys new`: a fresh API key and the SHA-256 digest to configure instead of the key."""

from __future__ import annotations

import hashlib
import secrets

import click


@click.group("api-keys")
def api_keys() -> None:
    """Create API keys for the X-API-Key header."""


@api_keys.command()
@click.option("--bytes", "size", type=click.IntRange(16, 128), default=32, show_default=True, help="Random bytes.")
def new(size: int) -> None:
    """Print a new key and its SHA-256; put the digest in API_KEY_HASHES (comma-separated).

    The service keeps only digests, so the key itself is shown once, here.
    """
    key = f"fsk_{secrets.token_urlsafe(size)}"
    click.echo(f"key:    {key}")
    click.echo(f"sha256: {hashlib.sha256(key.encode()).hexdigest()}")
    click.echo("Add the sha256 to API_KEY_HASHES; give the key to the client.", err=True)
