"""`openapi export`: the OpenAPI document the server would serve at /schema/openapi.json."""

from __future__ import annotations

from pathlib import Path

import click
import msgspec

from entrypoints.cli.options import profile_option


@click.group()
def openapi() -> None:
    """The API's OpenAPI document."""


@openapi.command()
@profile_option
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE (default: stdout)."
)
@click.option(
    "--format", "fmt", type=click.Choice(["json", "yaml"]), default="json", show_default=True, help="Document format."
)
def export(profile: str | None, output: Path | None, fmt: str) -> None:
    """Export the OpenAPI document without starting the server or touching a database."""
    import yaml

    from containers import build_container
    from entrypoints.app import create_app

    schema = create_app(build_container(profile)).openapi_schema.to_schema()
    text = (
        yaml.safe_dump(schema, sort_keys=False)
        if fmt == "yaml"
        else msgspec.json.format(msgspec.json.encode(schema), indent=2).decode()
    )
    if output is None:
        click.echo(text)
    else:
        output.write_text(text + "\n")
        click.echo(f"wrote {output}", err=True)
