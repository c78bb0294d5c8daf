"""Rack elevations: one self-contained SVG per rack (``racks/rack-<name>.svg``) and the Racks page.

Drawn from the rack plan (``generator/racks.py``): the front of each rack, U1 at the bottom, every device at
its units with its name and model; the page lists each rack's devices from the top down, linked to their pages.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass

from ..artefacts import Artefact, Kind
from ..deployment import Deployment
from ..escape import link_url, url_part, xml_text
from ..model import Rack
from ..racks import DeviceKind, Placed, RackPlan
from ..templating import render, slugify

U_PX = 20
WIDTH = 440
GUTTER = 40
TOP = 48
BOTTOM = 34
FILLS = {DeviceKind.switch: "#c5cae9", DeviceKind.host: "#c8e6c9", DeviceKind.server: "#ffe0b2"}
STROKES = {DeviceKind.switch: "#3949ab", DeviceKind.host: "#2e7d32", DeviceKind.server: "#ef6c00"}


def svg_path(rack: str) -> str:
    return f"racks/rack-{rack}.svg"


def anchor(rack: str) -> str:
    """The id of the rack's section on the Racks page (device pages link to it)."""
    return "rack-" + slugify(rack)


def elevation(rack: Rack, devices: list[Placed], drawn: int, pages: Container[str] = ()) -> str:
    """The rack's front as an SVG document: self-contained (no font, image or script it fetches), every
    design string escaped with ``escape.xml_text``; a device with a page (in ``pages``) links to it
    (``devices/<name>.html`` in the site, followed where the SVG is opened by itself)."""
    height = TOP + rack.height * U_PX + BOTTOM
    inner = WIDTH - GUTTER - 12
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'font-family="sans-serif" role="img" aria-label="Rack {xml_text(rack.name)}">',
        f"<title>Rack {xml_text(rack.name)}</title>",
        '<rect x="0" y="0" width="100%" height="100%" fill="#ffffff"/>',
        f'<text x="{WIDTH // 2}" y="20" font-size="15" font-weight="bold" text-anchor="middle">Rack '
        f"{xml_text(rack.name)}</text>",
        f'<text x="{WIDTH // 2}" y="38" font-size="11" text-anchor="middle" fill="#444">site {xml_text(rack.site)}'
        + (f" · pod {xml_text(rack.pod)}" if rack.pod else "") + f" · {rack.height} U</text>",
        f'<rect x="{GUTTER}" y="{TOP}" width="{inner}" height="{rack.height * U_PX}" fill="#fafafa" '
        'stroke="#333" stroke-width="2"/>',
    ]
    for u in range(1, rack.height + 1):
        y = TOP + (rack.height - u) * U_PX
        out.append(f'<text x="{GUTTER - 6}" y="{y + 14}" font-size="10" text-anchor="end" fill="#666">{u}</text>')
        out.append(f'<line x1="{GUTTER}" y1="{y}" x2="{GUTTER + inner}" y2="{y}" stroke="#e0e0e0"/>')
    for p in devices:
        y = TOP + (rack.height - p.top) * U_PX
        h = p.units * U_PX
        link = p.device in pages
        if link:
            out.append(f'<a href="{xml_text(link_url(f"../devices/{url_part(p.device)}.html"))}" target="_top">')
        out.append(f'<g><title>{xml_text(p.device)}: {xml_text(p.model)}, U{p.position}'
                   + (f"-U{p.top}" if p.units > 1 else "") + "</title>")
        out.append(f'<rect x="{GUTTER + 3}" y="{y + 1}" width="{inner - 6}" height="{h - 2}" rx="2" '
                   f'fill="{FILLS[p.kind]}" stroke="{STROKES[p.kind]}"/>')
        out.append(f'<text x="{GUTTER + 10}" y="{y + h // 2 + 4}" font-size="12" font-weight="bold">'
                   f"{xml_text(p.device)}</text>")
        out.append(f'<text x="{GUTTER + inner - 10}" y="{y + h // 2 + 4}" font-size="10" text-anchor="end" '
                   f'fill="#333">{xml_text(p.model)}</text></g>' + ("</a>" if link else ""))
    budget = f" of {rack.power_budget_watts} W" if rack.power_budget_watts is not None else ""
    used = sum(p.units for p in devices)
    out.append(f'<text x="{GUTTER}" y="{height - 12}" font-size="11" fill="#333">{used} of {rack.height} U used · '
               f"{drawn} W{budget}</text>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class RackSection:
    rack: Rack
    anchor: str
    image: str
    devices: list[Placed]
    used: int
    drawn: int


def sections(plan: RackPlan) -> list[RackSection]:
    out = []
    for rack in plan.racks:
        devices = plan.in_rack(rack.name)
        out.append(RackSection(rack, anchor(rack.name), svg_path(rack.name), devices, sum(p.units for p in devices),
                               plan.power(rack.name)))
    return out


def produce(deployment: Deployment) -> list[Artefact]:
    plan = deployment.rack_plan
    if not plan.racks:
        return []
    racked = {p.device for p in plan.placed}
    unracked = sorted(deployment.device_names - racked)
    page = render("plan/racks.md.j2", title=deployment.title, racks=sections(plan), devices=deployment.device_names,
                  unracked=unracked)
    return [Artefact("racks.md", page, Kind.page, "Racks", order=42),
            *(Artefact(s.image, elevation(s.rack, s.devices, s.drawn, deployment.device_names),
                       title=f"Elevation of rack {s.rack.name} (SVG)")
              for s in sections(plan))]
