"""The cable sheet and the bill of materials: ``cables.csv`` and its printable page, ``bom.csv`` and its page.

Both read the cabling (``generator/cabling.py``): one row per cable, A→Z once, with its label, both ends
(device, rack, unit, port), speed and medium; the materials counted from the cables, racks and devices.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from ..artefacts import SPLIT_ROWS, Artefact, Kind, part_path
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
    path: str  # its own page when the sheet is split per rack (``cables/rack-<rack>.md``)

    @property
    def rack(self) -> str:
        """The rack of the group's A ends, or its title when they are in no rack."""
        return self.cables[0].a.rack or self.title

    @property
    def racks(self) -> str:
        """The racks the group's cables reach (its own first)."""
        own = self.cables[0].a.rack
        others = sorted({c.z.rack for c in self.cables if c.z.rack and c.z.rack != own})
        return ", ".join([own, *others] if own else others) or "—"


def groups(cables: tuple[Cable, ...]) -> list[CableGroup]:
    """The cables by the rack of their A end (where remote hands start), racks in name order, then the
    cables with an A end in no rack."""
    ordered = sorted(cables, key=lambda c: (c.a.rack == "", c.a.rack, c.label, c.a.device, c.a.port))
    return [CableGroup(f"Rack {rack}" if rack else "Not in a rack", list(items),
                       part_path("cables", "rack", rack) if rack else "cables/not-in-a-rack.md")
            for rack, items in groupby(ordered, key=lambda c: c.a.rack)]


def split(cables: tuple[Cable, ...]) -> bool:
    """The cable sheet is one page per rack when it holds more than ``SPLIT_ROWS`` cables."""
    return len(cables) > SPLIT_ROWS


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
        sheets = groups(wired.cables)
        parts = sheets if split(wired.cables) else []
        devices = deployment.device_names
        out += [
            Artefact("cables.csv", csv_text(CABLE_HEADER, cable_rows(wired))),
            Artefact("cables.md", render("plan/cables.md.j2", title=deployment.title, csv_name="cables.csv",
                                         groups=sheets, parts=parts, count=len(wired.cables), devices=devices),
                     Kind.page, "Cable sheet", order=43),
            *(Artefact(g.path, render("plan/cables-part.md.j2", title=deployment.title, csv_name="cables.csv",
                                      group=g, devices=devices), Kind.page, f"Cable sheet: {g.title}", order=43,
                       in_nav=False) for g in parts),
        ]
    return out
