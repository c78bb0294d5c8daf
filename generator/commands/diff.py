"""`stackplan diff OLD NEW`: what a design change means, read from files, folders or git revisions.

OLD and NEW are each a design file, a folder of designs, or a git revision (``main``, ``HEAD~1``);
one argument ``A...B`` compares B with the point where it left A (as a pull request does). Designs
at a revision are read with ``git show`` from its ``designs/`` folder: nothing is written to the
work tree.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path, PurePosixPath

import click

from ..deployment import Deployment
from ..loader import discover, load_design
from ..loader.load import load_text
from ..pipeline import plan_findings
from ..review import compare, render_json, render_markdown
from ..rules import validate

DESIGNS = "designs"


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise click.UsageError(f"git {' '.join(args)}: {done.stderr.strip() or 'failed'}")
    return done.stdout


def _deploy(loaded_text: str, path: str) -> Deployment:
    loaded = load_text(loaded_text, path)
    deployment = Deployment(loaded, validate(loaded))
    plan_findings(deployment)
    return deployment


def at_revision(rev: str, folder: str = DESIGNS) -> dict[str, Deployment]:
    """The deployments of the designs in ``folder`` at git revision ``rev``."""
    out: dict[str, Deployment] = {}
    top = _git("rev-parse", "--show-prefix").strip()
    names = _git("ls-tree", "-r", "--name-only", rev, "--", folder).splitlines()
    for name in sorted(names):
        if PurePosixPath(name).suffix not in (".yaml", ".yml"):
            continue
        text = _git("show", f"{rev}:{top}{name}" if top else f"{rev}:{name}")
        d = _deploy(text, name)
        out[d.slug] = d
    return out


def from_path(path: Path) -> dict[str, Deployment]:
    out: dict[str, Deployment] = {}
    for p in discover([path]):
        loaded = load_design(p)
        d = Deployment(loaded, validate(loaded))
        plan_findings(d)
        out[d.slug] = d
    return out


def resolve(source: str) -> dict[str, Deployment]:
    path = Path(source)
    if path.exists():
        return from_path(path)
    return at_revision(source)


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
        old, new = _git("merge-base", a or "HEAD", b or "HEAD").strip(), b or "HEAD"
    before, after = resolve(old), resolve(new)
    if Path(old).is_file() and Path(new).is_file() and len(before) == len(after) == 1:
        before = {next(iter(after)): next(iter(before.values()))}  # two files: one deployment, renamed or not
    diffs = [compare(before.get(slug), after.get(slug)) for slug in sorted(set(before) | set(after))]
    text = render_markdown(diffs) if fmt == "md" else render_json(diffs)
    click.echo(text, nl=False)
    sys.exit(0)
