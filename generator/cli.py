"""The `stackplan` command line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from .artefacts import OutputError
from .commands.export import export as export_command
from .commands.plan import plan as plan_command
from .commands.valid_design import load_valid
from .deployment import Deployment
from .diagnostics import has_errors, render
from .model import Design
from .pipeline import artefacts, run_all
from .writer import UnsafeOutput, write_deployment

DEFAULT_DESIGNS = Path("designs")


def _deployments(paths: tuple[Path, ...]) -> list[Deployment]:
    targets = list(paths) or [DEFAULT_DESIGNS]
    missing = [p for p in targets if not p.exists()]
    if missing:
        raise click.UsageError(f"no such file or folder: {', '.join(map(str, missing))}")
    odd = [p for p in targets if not p.is_dir() and not p.is_file()]
    if odd:  # a named pipe would block the read, a device such as /dev/zero never ends
        raise click.UsageError(f"not a design file or a folder of them: {', '.join(map(str, odd))}")
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


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text for people, json for tools, github for workflow annotations")
def validate(paths: tuple[Path, ...], fmt: str) -> None:
    """Check designs against CloudStack's rules (default: designs/).

    Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error.
    """
    deployments = _deployments(paths)
    findings = [f for d in deployments for f in d.findings]
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
def build(paths: tuple[Path, ...], out: Path) -> None:
    """Write every artefact of every design under OUT/<slug>/.

    A design with errors is reported and its previous output is left as it was.
    """
    failed = False
    for deployment in _deployments(paths):
        if not deployment.valid:
            failed = True
            click.echo(render(deployment.findings, "text"), nl=False, err=True)
            click.echo(f"{deployment.loaded.path}: not built (errors above); {out / deployment.slug} left as it was",
                       err=True)
            continue
        try:
            target = write_deployment(out, deployment.slug, artefacts(deployment))
        except (UnsafeOutput, OutputError) as exc:
            click.echo(f"error: {exc}", err=True)
            click.echo(f"{deployment.loaded.path}: not built; {out / deployment.slug} left as it was", err=True)
            sys.exit(2)
        click.echo(f"{deployment.loaded.path} → {target}/")
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
main.add_command(export_command)

if __name__ == "__main__":  # pragma: no cover
    main()
