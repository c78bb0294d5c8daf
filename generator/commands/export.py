"""``stackplan export DESIGN --format cmk|marvin``: the zone deployment of one design.

cmk prints a bash script of CloudMonkey calls; marvin prints a data-centre config for Marvin's
deployDataCenter.py. Both were checked against CloudStack's API catalogue when the design was
validated. What Marvin cannot do is listed on stderr, with the commands that make up for it.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..export import zone_export
from ..export.marvin import render_marvin
from .valid_design import load_valid


@click.command("export")
@click.argument("design", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["cmk", "marvin"]), required=True,
              help="cmk: a CloudMonkey bash script; marvin: a Marvin data-centre config (JSON)")
def export(design: Path, fmt: str) -> None:
    """Print the zone deployment of DESIGN.

    Secrets are never printed: the script reads them from environment variables, the Marvin
    config holds ${NAME} placeholders for envsubst.

    Exit status: 0 printed, 1 the design has errors (listed on stderr), 2 usage error.
    """
    deployment = load_valid(design)
    result = zone_export(deployment)
    if fmt == "cmk":
        click.echo(result.script(deployment.title, deployment.loaded.path), nl=False)
        return
    config, notes = result.marvin()
    for note in notes:
        click.echo(f"note: {note.text}", err=True)
        for command in note.commands:
            click.echo(f"  {command}", err=True)
    click.echo(render_marvin(config), nl=False)
