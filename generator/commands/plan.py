"""``stackplan plan DESIGN --table KIND``: one plan table of one design, as Markdown, CSV or JSON.

A table kind is one entry of ``TABLES``: a title and one renderer per format, each a pure
function of the deployment. Adding a kind (ports, …) is adding an entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click

from ..deployment import Deployment
from ..outputs import address_tables, ports
from .valid_design import load_valid

Renderer = Callable[[Deployment], str]


@dataclass(frozen=True)
class TableKind:
    title: str
    md: Renderer
    csv: Renderer
    json: Renderer

    def render(self, fmt: str, deployment: Deployment) -> str:
        renderer: Renderer = {"md": self.md, "csv": self.csv, "json": self.json}[fmt]
        return renderer(deployment)


TABLES: dict[str, TableKind] = {
    "ips": TableKind(
        "IP plan: every address, one row per address or CloudStack range",
        md=address_tables.ip_page,
        csv=lambda d: address_tables.ip_csv(d.address_plan),
        json=lambda d: address_tables.ip_json(d.slug, d.address_plan),
    ),
    "vlans": TableKind(
        "VLAN plan: every VLAN of every zone",
        md=address_tables.vlan_page,
        csv=lambda d: address_tables.vlan_csv(d.address_plan),
        json=lambda d: address_tables.vlan_json(d.slug, d.address_plan),
    ),
    "ports": TableKind(
        "Port plan: every cabled switch port, its VLANs, LAG and peer",
        md=ports.ports_page,
        csv=lambda d: ports.ports_csv(d.port_plan),
        json=lambda d: ports.ports_json(d.slug, d.port_plan),
    ),
}

FORMATS = ("md", "csv", "json")


@click.command("plan")
@click.argument("design", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--table", "table", required=True, metavar="KIND",
              help="which plan table: " + ", ".join(TABLES) + " (ips: addresses, vlans: VLANs, ports: cabling)")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True,
              help="md for people, csv for spreadsheets, json for tools")
def plan(design: Path, table: str, fmt: str) -> None:
    """Print one plan table of DESIGN.

    Exit status: 0 printed, 1 the design has errors (listed on stderr), 2 usage error.
    """
    if table not in TABLES:  # checked here, not by click.Choice, so kinds added to TABLES later count
        raise click.BadParameter(f"'{table}' is not one of {', '.join(TABLES)}", param_hint="'--table'")
    deployment = load_valid(design)
    click.echo(TABLES[table].render(fmt, deployment), nl=False)
