"""One design loaded for a command that needs it valid (plan, export, expand)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..deployment import Deployment
from ..diagnostics import render
from ..pipeline import run


def load_valid(design: Path) -> Deployment:
    """The deployment of ``design``; a missing file is a usage error (exit 2), a design with
    errors prints its findings on stderr and exits 1."""
    if not design.exists():
        raise click.UsageError(f"no such file: {design}")
    if design.is_dir():
        raise click.UsageError(f"{design} is a folder: give one design file")
    if not design.is_file():  # a named pipe would block the read, a device such as /dev/zero never ends
        raise click.UsageError(f"{design} is not a regular file: give one design file")
    deployment = run(design)
    if not deployment.valid:
        click.echo(render(deployment.findings, "text"), nl=False, err=True)
        click.echo(f"{deployment.loaded.path}: the design has errors; fix them first", err=True)
        sys.exit(1)
    return deployment
