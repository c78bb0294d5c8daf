"""The cable sheet and the bill of materials: ``cables.csv`` and its printable page, ``bom.csv`` and its page.

Both read the cabling (``generator/cabling.py``): one row per cable, A→Z once, with its label, both ends
(device, rack, unit, port), speed and medium; the materials counted from the cables, racks and devices.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from ..artefacts import Artefact, Kind
from ..cabling import (
    BOM_HEADER,
    CABLE_HEADER,
    BomLine,
    Cable,
    bill_of_materials,
    bom_rows,
    cable_rows,
    cabling,
    rack_power,
)
from ..deployment import Deployment
from ..escape import csv_text
from ..templating import render


@dataclass(frozen=True)
class CableGroup:
    title: str
    cables: list[Cable]


def groups(cables: tuple[Cable, ...]) -> list[CableGroup]:
    """The cables by the rack of their A end (where remote hands start), racks in name order, then the
    cables with an A end in no rack."""
    ordered = sorted(cables, key=lambda c: (c.a.rack == "", c.a.rack, c.label, c.a.device, c.a.port))
    return [CableGroup(f"Rack {rack}" if rack else "Not in a rack", list(items))
            for rack, items in groupby(ordered, key=lambda c: c.a.rack)]


@dataclass(frozen=True)
class BomGroup:
    category: str
    lines: list[BomLine]


def produce(deployment: Deployment) -> list[Artefact]:
    wired = cabling(deployment)
    bom = bill_of_materials(deployment, wired)
    out = [
        Artefact("bom.csv", csv_text(BOM_HEADER, bom_rows(bom))),
        Artefact("bom.md", render("plan/bom.md.j2", title=deployment.title, csv_name="bom.csv",
                                  groups=[BomGroup(k, list(v)) for k, v in groupby(bom, key=lambda b: b.category)],
                                  racks=rack_power(deployment)), Kind.page, "Bill of materials", order=44),
    ]
    if wired.cables:
        out += [
            Artefact("cables.csv", csv_text(CABLE_HEADER, cable_rows(wired))),
            Artefact("cables.md", render("plan/cables.md.j2", title=deployment.title, csv_name="cables.csv",
                                         groups=groups(wired.cables), count=len(wired.cables),
                                         devices=deployment.device_names), Kind.page, "Cable sheet", order=43),
        ]
    return out
