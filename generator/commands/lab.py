"""``stackplan lab DESIGN``: bring the design's network up in namespaces and prove it with packets.

Exit status: 0 every proof passed, 1 a proof failed (device, interface and VLAN named) or the design
has errors, 2 the machine cannot run the lab (not root, Open vSwitch missing) or a usage error,
130 interrupted (after tearing down).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..lab.prove import Interrupted, prove_deployment
from ..lab.report import as_json, markdown, text
from ..lab.run import LabError, MachineUnfit, preflight
from .valid_design import load_valid


@click.command("lab")
@click.argument("design", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--pod", "pod", metavar="NAME", help="only this pod's hosts (with the servers and gateways they use)")
@click.option("--keep", is_flag=True, help="leave the lab up to look around (the next run removes it)")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--report", "report", type=click.Path(path_type=Path, dir_okay=False),
              help="also write the Markdown report to this file")
def lab(design: Path, pod: str | None, keep: bool, fmt: str, report: Path | None) -> None:
    """Prove DESIGN with real packets: switches as Open vSwitch bridges, hosts, servers and gateways as
    network namespaces; ping every pair that must reach or stay apart, check primary-storage egress and,
    for redundant designs, drill each switch and inter-switch link down. Needs root and Open vSwitch."""
    deployment = load_valid(design)
    pods = sorted({p.name for _, z in deployment.inventory.zones() for p in z.pods})
    if pod is not None and pod not in pods:
        raise click.UsageError(f"no pod {pod!r} in {design}; its pods: {', '.join(pods)}")
    try:
        preflight()
    except MachineUnfit as exc:
        click.echo(f"stackplan lab: this machine cannot run the lab: {exc}", err=True)
        sys.exit(2)
    try:
        result = prove_deployment(deployment, pod, keep, progress=lambda m: click.echo(f"lab: {m}", err=True))
    except (KeyboardInterrupt, Interrupted):
        click.echo("stackplan lab: interrupted; the lab was torn down", err=True)
        sys.exit(130)
    except LabError as exc:
        click.echo(f"stackplan lab: the lab could not be set up: {exc}", err=True)
        sys.exit(2)
    click.echo(as_json(result) if fmt == "json" else text(result), nl=False)
    if report is not None:
        report.write_text(markdown(result), encoding="utf-8")
    if not result.ok:
        for failure in result.failures:
            click.echo(f"stackplan lab: {failure}", err=True)
        sys.exit(1)
