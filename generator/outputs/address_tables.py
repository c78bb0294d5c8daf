"""IP and VLAN plan: the site pages, the CSV downloads and the ``stackplan plan`` tables.

Everything here reads the deployment's address plan (``generator/plan``); nothing is
allocated. The CSVs have one row per assigned address (a range handed to CloudStack is one
row with ``first-last``) and are the same bytes for the same design.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..artefacts import SPLIT_ROWS, Artefact, Kind, part_path
from ..deployment import Deployment
from ..escape import csv_text
from ..model import Design, Network
from ..plan.types import AddressPlan, Allocation, NetworkUsage, VlanUse
from ..templating import render

IP_COLUMNS = ("zone", "pod", "network", "vlan", "cidr", "address", "role", "device", "interface")
VLAN_COLUMNS = ("zone", "vlan", "hosts", "network", "traffic", "scope")


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    return csv_text(header, rows)


def _ip_record(a: Allocation) -> dict[str, str | int | None]:
    return {"zone": a.zone, "pod": a.pod, "network": a.network, "vlan": a.vlan, "cidr": str(a.cidr),
            "address": a.address_text, "role": a.role, "device": a.device, "interface": a.interface}


def _vlan_record(v: VlanUse) -> dict[str, str]:
    return {"zone": v.zone, "vlan": v.text, "hosts": v.hosts, "network": v.network, "traffic": v.traffic,
            "scope": v.scope}


def ip_csv(plan: AddressPlan) -> str:
    return _csv(IP_COLUMNS, ([r[c] if r[c] is not None else "" for c in IP_COLUMNS]
                             for r in map(_ip_record, plan.allocations)))


def vlan_csv(plan: AddressPlan) -> str:
    return _csv(VLAN_COLUMNS, ([r[c] for c in VLAN_COLUMNS] for r in map(_vlan_record, plan.vlans)))


def ip_json(slug: str, plan: AddressPlan) -> str:
    usage = [{"network": u.network, "cidr": str(u.cidr), "vlan": u.vlan, "zone": u.zone, "pod": u.pod,
              "usable": u.usable, "assigned": u.assigned, "reserved": u.reserved, "free": u.free}
             for u in plan.usage]
    data = {"deployment": slug, "allocations": [_ip_record(a) for a in plan.allocations], "usage": usage}
    return json.dumps(data, indent=2) + "\n"


def vlan_json(slug: str, plan: AddressPlan) -> str:
    return json.dumps({"deployment": slug, "vlans": [_vlan_record(v) for v in plan.vlans]}, indent=2) + "\n"


# View models of the pages -----------------------------------------------------------------------

@dataclass(frozen=True)
class AddressRow:
    address: str
    count: int
    role: str
    device: str
    interface: str
    where: str  # the pod (or zone) of the row when it differs from the table's


@dataclass(frozen=True)
class NetworkTable:
    name: str
    cidr: str
    vlan: str  # for the VLAN column: '110', '110, untagged at the hosts', 'untagged (VLAN 1)'
    vlan_text: str  # the same in a sentence: 'VLAN 110', …
    gateway: str
    description: str
    mtu: int
    usage: NetworkUsage
    used_percent: int
    rows: list[AddressRow]


@dataclass(frozen=True)
class IpSection:
    title: str
    level: int  # Markdown heading level: 2 for deployment-wide and zones, 3 for pods
    tables: list[NetworkTable]
    pod: str = ""  # the pod whose networks these are ("" for deployment-wide and zone networks)


def _where(a: Allocation, usage: NetworkUsage) -> str:
    if (a.zone, a.pod) == (usage.zone, usage.pod):
        return ""
    return a.pod or a.zone


def _vlan_cell(net: Network) -> str:
    """'110', '110, untagged at the hosts' or 'untagged (VLAN 1)'."""
    return net.vlan_text.removeprefix("VLAN ")


def _table(design: Design, usage: NetworkUsage, allocations: list[Allocation]) -> NetworkTable:
    net = design.networks[usage.network]
    gateway = next((a for a in allocations if a.role == "gateway"), None)
    gateway_text = "none (not routed)" if gateway is None else (
        f"{gateway.first} on {gateway.device}" if gateway.device else f"{gateway.first}")
    taken = usage.assigned + usage.reserved
    return NetworkTable(
        name=usage.network, cidr=str(usage.cidr), vlan=_vlan_cell(net), vlan_text=net.vlan_text,
        gateway=gateway_text, description=net.description, mtu=net.mtu, usage=usage,
        used_percent=round(100 * taken / usage.usable) if usage.usable else 0,
        rows=[AddressRow(a.address_text, a.size, a.role, a.device, a.interface, _where(a, usage))
              for a in allocations],
    )


def ip_sections(design: Design, plan: AddressPlan) -> list[IpSection]:
    by_network: dict[str, list[Allocation]] = {}
    for a in plan.allocations:
        by_network.setdefault(a.network, []).append(a)
    sections: list[IpSection] = []
    for usage in plan.usage:  # already in page order: deployment-wide, then zone, then pod
        if usage.pod:
            title, level = f"Pod {usage.pod}", 3
        elif usage.zone:
            title, level = f"Zone {usage.zone}", 2
        else:
            title, level = "Deployment-wide networks", 2
        if not sections or sections[-1].title != title:
            if usage.pod and not any(s.title == f"Zone {usage.zone}" for s in sections):
                sections.append(IpSection(f"Zone {usage.zone}", 2, []))
            sections.append(IpSection(title, level, [], usage.pod or ""))
        sections[-1].tables.append(_table(design, usage, by_network.get(usage.network, [])))
    return sections


@dataclass(frozen=True)
class IpPart:
    """One page of an IP plan split per pod: the networks of one pod."""

    title: str
    path: str
    section: IpSection

    @property
    def addresses(self) -> int:
        return sum(len(t.rows) for t in self.section.tables)


def ip_parts(sections: list[IpSection]) -> list[IpPart]:
    """The IP plan's pages when its tables hold more than ``SPLIT_ROWS`` rows (else none): one per pod, in the
    page's order; deployment-wide and zone networks stay on the index."""
    if sum(len(t.rows) for s in sections for t in s.tables) <= SPLIT_ROWS:
        return []
    return [IpPart(s.title, part_path("ip-plan", "pod", s.pod), s) for s in sections if s.pod]


def ip_page(deployment: Deployment) -> str:
    """The whole IP plan as one page, however long."""
    sections = ip_sections(deployment.design, deployment.address_plan)
    return render("plan/ip-plan.md.j2", title=deployment.title, sections=sections, devices=deployment.device_names,
                  tables=[t for s in sections for t in s.tables], csv_name="ip-plan.csv", parts=[], where={})


def ip_pages(deployment: Deployment) -> list[Artefact]:
    """The IP plan's page, and one page per pod when it is long (the page is then their index)."""
    sections = ip_sections(deployment.design, deployment.address_plan)
    split = ip_parts(sections)
    where = {t.name: p.path for p in split for t in p.section.tables}  # the part page of each pod network
    devices = deployment.device_names
    index = render("plan/ip-plan.md.j2", title=deployment.title,
                   sections=[s for s in sections if not (split and (s.pod or not s.tables))],
                   devices=devices,
                   tables=[t for s in sections for t in s.tables], csv_name="ip-plan.csv", parts=split, where=where)
    return [
        Artefact("ip-plan.md", index, Kind.page, "IP plan", order=20),
        *(Artefact(p.path, render("plan/ip-plan-part.md.j2", title=deployment.title, part=p, devices=devices,
                                  csv_name="ip-plan.csv"), Kind.page, f"IP plan: {p.title}", order=20, in_nav=False)
          for p in split),
    ]


@dataclass(frozen=True)
class VlanRow:
    vlan: str
    hosts: str  # tagged, untagged
    network: str
    traffic: str
    scope: str
    cidr: str


@dataclass(frozen=True)
class VlanZone:
    title: str
    rows: list[VlanRow]
    untagged: list[str]


def vlan_zones(deployment: Deployment) -> list[VlanZone]:
    design, plan = deployment.design, deployment.address_plan
    zones: list[VlanZone] = []
    names = [zone.name for _, zone in deployment.inventory.zones()]
    for zone_name in [*names, ""]:
        rows = [VlanRow(v.text, v.hosts, v.network, v.traffic, v.scope,
                        str(design.networks[v.network].cidr) if v.network in design.networks else "")
                for v in plan.vlans if v.zone == zone_name]
        untagged = sorted({u.network for u in plan.usage if u.vlan is None and (u.zone == zone_name or (
            not u.zone and zone_name and design.networks[u.network].site in _sites(deployment, zone_name)))})
        if rows or untagged:
            zones.append(VlanZone(f"Zone {zone_name}" if zone_name else "Outside any zone", rows, untagged))
    return zones


def _sites(deployment: Deployment, zone_name: str) -> set[str]:
    return {zone.site for _, zone in deployment.inventory.zones() if zone.name == zone_name}


def vlan_page(deployment: Deployment) -> str:
    return render("plan/vlan-plan.md.j2", title=deployment.title, zones=vlan_zones(deployment),
                  csv_name="vlan-plan.csv")


def produce(deployment: Deployment) -> list[Artefact]:
    plan = deployment.address_plan
    return [
        *ip_pages(deployment),
        Artefact("ip-plan.csv", ip_csv(plan)),
        Artefact("vlan-plan.md", vlan_page(deployment), Kind.page, "VLAN plan", order=30),
        Artefact("vlan-plan.csv", vlan_csv(plan)),
    ]
