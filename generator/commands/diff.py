"""`stackplan diff OLD NEW`: what a design change means, read from files, folders or git revisions.

OLD and NEW are each a design file, a folder of designs, or a git revision (``main``, ``HEAD~1``);
one argument ``A...B`` compares B with the point where it left A (as a pull request does). Designs
at a revision are read with ``git show`` from its ``designs/`` folder: nothing is written to the
work tree.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..deployment import Deployment
from ..loader.revision import RevisionError, merge_base
from ..pipeline import run_all, run_revision
from ..review import changes


def resolve(source: str) -> list[Deployment]:
    """A design file, a folder of designs, or a git revision."""
    path = Path(source)
    if path.exists():
        return run_all([path])
    try:
        return run_revision(source)
    except RevisionError as exc:
        raise click.UsageError(f"{source} is neither a file, a folder nor a git revision ({exc})") from None


@click.command()
@click.argument("old")
@click.argument("new", required=False)
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True,
              help="md for a pull-request comment, json for tools")
def diff(old: str, new: str | None, fmt: str) -> None:
    """What changes in meaning from OLD to NEW (design files, folders or git revisions).

    `stackplan diff main HEAD`, `stackplan diff origin/main...HEAD`, `stackplan diff a.yaml b.yaml`.
    Prints nothing and exits 0 when nothing changed in meaning.
    """
    if new is None:
        if "..." not in old:
            raise click.UsageError("give OLD and NEW, or one A...B revision range")
        a, b = old.split("...", 1)
        try:
            old, new = merge_base(a, b), b or "HEAD"
        except RevisionError as exc:
            raise click.UsageError(str(exc)) from None
    before, after = resolve(old), resolve(new)
    if Path(old).is_file() and Path(new).is_file() and len(before) == len(after) == 1 and \
            before[0].slug != after[0].slug:  # two files: one deployment, renamed or not
        before[0].loaded.slug = after[0].slug
    click.echo(changes(before, after, fmt), nl=False)
    sys.exit(0)
