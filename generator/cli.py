"""The `stackplan` command line."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import click

from .artefacts import OutputError
from .commands.change import change as change_command
from .commands.diff import diff as diff_command
from .commands.export import export as export_command
from .commands.lab import lab as lab_command
from .commands.plan import plan as plan_command
from .commands.valid_design import load_valid
from .deployment import Deployment
from .diagnostics import has_errors, render, sarif
from .loader import discover
from .loader.revision import RevisionError
from .model import Design
from .pipeline import run, run_all, run_revision
from .review import changes
from .rules import RULES
from .site.cache import BuildCache, build_each, build_one, fewer_collections
from .site.pages import CHANGES, changes_page
from .site.progress import progress
from .writer import OutputFault, UnsafeOutput, fault, output_lock, write_deployment

DEFAULT_DESIGNS = Path("designs")


def _targets(paths: tuple[Path, ...]) -> list[Path]:
    targets = list(paths) or [DEFAULT_DESIGNS]
    missing = [p for p in targets if not p.exists()]
    if missing:
        raise click.UsageError(f"no such file or folder: {', '.join(map(str, missing))}")
    odd = [p for p in targets if not p.is_dir() and not p.is_file()]
    if odd:  # a named pipe would block the read, a device such as /dev/zero never ends
        raise click.UsageError(f"not a design file or a folder of them: {', '.join(map(str, odd))}")
    return targets


def _deployments(paths: tuple[Path, ...]) -> list[Deployment]:
    targets = _targets(paths)
    deployments = run_all(targets)
    if not deployments:
        raise click.UsageError(f"no design files (*.yaml) in {', '.join(map(str, targets))}")
    return deployments


class _Guarded(click.Group):
    """A bug in stackplan ends with one line and exit status 3, not a traceback.

    Set STACKPLAN_DEBUG=1 to see the traceback.
    """

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:
            if os.environ.get("STACKPLAN_DEBUG"):
                raise
            click.echo(f"stackplan: internal error ({type(exc).__name__}: {exc}). This is a bug in stackplan, not "
                       "in your design; please report it with the design. STACKPLAN_DEBUG=1 shows the traceback.",
                       err=True)
            sys.exit(3)


@click.group(cls=_Guarded, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="stackplan")
def main() -> None:
    """Validate Apache CloudStack deployment designs and generate their documentation."""
    click.get_current_context().with_resource(fewer_collections())  # each command builds designs, then ends


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "sarif"]), default="text",
              show_default=True,
              help="text for people, json for tools, github for workflow annotations, sarif for code scanning")
def validate(paths: tuple[Path, ...], fmt: str) -> None:
    """Check designs against CloudStack's rules (default: designs/).

    Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error.
    """
    deployments = _deployments(paths)
    findings = [f for d in deployments for f in d.findings]
    if fmt == "sarif":
        titles = {r.id: r.title for r in RULES.values()}
        click.echo(json.dumps(sarif(sorted(findings), titles), indent=2, sort_keys=True))
    else:
        click.echo(render(findings, fmt), nl=False)
    if fmt == "text":
        errors = sum(1 for f in findings if f.severity.value == "error")
        click.echo(f"{len(deployments)} design(s) checked: {errors} error(s), {len(findings) - errors} warning(s)",
                   err=True)
    sys.exit(1 if has_errors(findings) else 0)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="folder to write <slug>/ folders into")
@click.option("--since", default=os.environ.get("STACKPLAN_SINCE", ""), metavar="REV",
              help="also write OUT/changes.md: what the designs change since git revision REV "
              "(default: $STACKPLAN_SINCE)")
def build(paths: tuple[Path, ...], out: Path, since: str) -> None:
    """Write every artefact of every design under OUT/<slug>/.

    A design with errors is reported and its previous output is left as it was. Each OUT/<slug>/ is
    replaced in one atomic step once all its files are written; builds into one OUT wait for each other.
    Exit status: 0 built, 1 a design has errors, 2 usage error or OUT cannot be written (read-only, full).
    """
    targets = _targets(paths)
    jobs = [(path, str(path)) for path in discover(targets)]
    if not jobs:
        raise click.UsageError(f"no design files (*.yaml) in {', '.join(map(str, targets))}")
    if since:
        try:
            before = run_revision(since)
        except RevisionError as exc:
            raise click.UsageError(f"--since {since}: {exc}") from None
    started = time.perf_counter()
    store = BuildCache.at(Path.cwd())
    keys = [store.key(path, display) for path, display in jobs]
    found = {i: built for i, key in enumerate(keys) if (built := store.get(key)) is not None}
    todo = [i for i in range(len(jobs)) if i not in found]
    with progress(f"Building {len(todo)} deployment(s)", len(todo)) as advance:
        try:
            made = build_each([jobs[i] for i in todo], build_one, done=lambda _: advance())
        except OutputError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
    for i, built in zip(todo, made, strict=True):
        store.put(keys[i], built)
        found[i] = built
    builts = [found[i] for i in range(len(jobs))]
    failed = written = 0
    try:
        with output_lock(out) as recovered:
            for line in recovered:
                click.echo(f"stackplan: {line}", err=True)
            if since:
                now = [run(path, display) for path, display in jobs]
                try:
                    (out / CHANGES).write_text(changes_page(since, changes(before, now)), "utf-8")
                except OSError as exc:
                    raise fault(out / CHANGES, exc) from None
                click.echo(f"changes since {since} → {out / CHANGES}")
            valid = sum(1 for b in builts if b.valid)
            with progress(f"Writing {valid} deployment(s)", valid) as advance:
                for built in builts:
                    if not built.valid:
                        failed += 1
                        click.echo(render(built.findings, "text"), nl=False, err=True)
                        click.echo(f"{built.path}: not built (errors above); {out / built.slug} left as it was",
                                   err=True)
                        continue
                    try:
                        target = write_deployment(out, built.slug, built.outputs)
                    except (UnsafeOutput, OutputError, OutputFault) as exc:
                        click.echo(f"error: {exc}", err=True)
                        click.echo(f"{built.path}: not built; {out / built.slug} left as it was", err=True)
                        sys.exit(2)
                    advance()
                    written += 1
                    if built.findings:
                        click.echo(render(built.findings, "text"), nl=False, err=True)
                    click.echo(f"{built.path} → {target}/")
    except OutputFault as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    errors = sum(b.errors for b in builts)
    warnings = sum(b.warnings for b in builts)
    files = sum(len(b.outputs) for b in builts if b.valid)
    reused = f", {len(found) - len(todo)} reused from the cache" if len(found) > len(todo) else ""
    click.echo(f"{len(builts)} design(s): {written} built ({files} files), {failed} not built; {errors} error(s), "
               f"{warnings} warning(s){reused}; {time.perf_counter() - started:.1f} s", err=True)
    sys.exit(1 if failed else 0)


@main.command()
def schema() -> None:
    """Print the JSON Schema of design files (for editors)."""
    click.echo(schema_text(), nl=False)


def schema_text() -> str:
    data = Design.model_json_schema()
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["$id"] = "https://stackplan.example/design.schema.json"
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


@main.command()
@click.argument("design", type=click.Path(path_type=Path, dir_okay=False))
def expand(design: Path) -> None:
    """Print the design with defaults filled in and every host entry with a count expanded into one entry
    per host (the output is itself a valid design)."""
    deployment = load_valid(design)
    data = deployment.design.model_dump(mode="json")
    by_cluster: dict[tuple[str, str, str], list[dict[str, object]]] = {}
    for h in deployment.inventory.hosts:
        by_cluster.setdefault((h.zone.name, h.pod.name, h.cluster.name), []).append(
            {"name": h.name, "id": h.id, "count": 1, "profile": h.profile_name,
             "addresses": {net: str(addr) for net, addr in sorted(h.addresses.items())}})
    for region in data["regions"]:
        for zone in region["zones"]:
            for pod in zone["pods"]:
                for cluster in pod["clusters"]:
                    hosts = by_cluster.get((zone["name"], pod["name"], cluster["name"]), [])
                    cluster["hosts"] = sorted(hosts, key=lambda h: int(str(h["id"])))
    click.echo(json.dumps(data, indent=2, sort_keys=True))


main.add_command(plan_command)
main.add_command(diff_command)
main.add_command(change_command)
main.add_command(export_command)
main.add_command(lab_command)

if __name__ == "__main__":  # pragma: no cover
    main()
