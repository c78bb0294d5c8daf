"""Port plan: the site page, the CSV download and the ``stackplan plan --table ports`` table.

Everything here reads the deployment's port plan (``generator/ports``); nothing is decided here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..artefacts import SPLIT_ROWS, Artefact, Kind, part_path
from ..deployment import Deployment
from ..escape import csv_text
from ..ports import CSV_HEADER, LinkKind, PortMode, PortPlan, PortRow
from ..ports.platforms import platform
from ..templating import render, vlan_list


def ports_csv(plan: PortPlan) -> str:
    return csv_text(CSV_HEADER, ([r.get(c, "") for c in CSV_HEADER] for r in (row.csv() for row in plan.rows)))


def ports_json(slug: str, plan: PortPlan) -> str:
    rows = [{**row.csv(), "kind": row.kind.value, "number": row.number} for row in plan.rows]
    return json.dumps({"deployment": slug, "ports": rows}, indent=2) + "\n"


@dataclass(frozen=True)
class PortLine:
    port: str
    mode: str
    vlans: str
    lag: str
    peer_device: str
    peer_interface: str
    traffic: str


@dataclass(frozen=True)
class SwitchSection:
    name: str
    title: str
    role: str
    pod: str
    model: str
    host_ports: str  # "1-48"
    used: int
    free: int
    uplinks: int
    peer_links: int
    lines: list[PortLine]


def _vlans(row: PortRow) -> str:
    untagged = ", ".join(row.untagged_networks)
    if row.mode is PortMode.access:
        return f"{row.access_vlan} untagged ({untagged})"
    tagged = vlan_list(row.allowed - ({row.native_vlan} if row.native_vlan is not None else set()))
    native = f"native {row.native_vlan} ({untagged}); " if row.native_vlan is not None else ""
    return native + (tagged or "none tagged")


def switch_sections(deployment: Deployment) -> list[SwitchSection]:
    plan = deployment.port_plan
    sections = []
    for sw in sorted(deployment.design.switches, key=lambda s: s.name):
        rows = plan.of_switch(sw.name)
        hosts = sum(1 for r in rows if r.kind in (LinkKind.host, LinkKind.downlink))
        lines = [PortLine(r.port, r.mode.value, _vlans(r), r.lag.name if r.lag else "",
                          r.peer_device, r.peer_interface, ", ".join(r.traffic)) for r in rows]
        last = sw.first_host_port + sw.host_ports - 1
        sections.append(SwitchSection(
            name=sw.name, title=platform(sw.platform).title, role=sw.role.value, pod=sw.pod or "", model=sw.model,
            host_ports=f"{sw.first_host_port}-{last}", used=hosts, free=max(sw.host_ports - hosts, 0),
            uplinks=sum(1 for r in rows if r.kind is LinkKind.uplink),
            peer_links=sum(1 for r in rows if r.kind is LinkKind.peer_link), lines=lines,
        ))
    return sections


@dataclass(frozen=True)
class Part:
    """One page of a port plan split per pod: the switches of a pod, or a site's switches of no pod (its cores)."""

    title: str
    path: str
    switches: list[SwitchSection]

    @property
    def ports(self) -> int:
        return sum(len(s.lines) for s in self.switches)


def parts(sections: list[SwitchSection], sites: dict[str, str]) -> list[Part]:
    """The port plan's pages when its tables hold more than ``SPLIT_ROWS`` rows (else none): one per pod in
    name order, then one per site for the switches of no pod."""
    if len(sections) + sum(len(s.lines) for s in sections) <= SPLIT_ROWS:
        return []
    pods: dict[str, list[SwitchSection]] = {}
    unpodded: dict[str, list[SwitchSection]] = {}
    for s in sections:
        if s.pod:
            pods.setdefault(s.pod, []).append(s)
        else:
            unpodded.setdefault(sites[s.name], []).append(s)
    return ([Part(f"Pod {pod}", part_path("ports", "pod", pod), pods[pod]) for pod in sorted(pods)]
            + [Part(f"Site {site} (switches of no pod)", part_path("ports", "site", site), unpodded[site])
               for site in sorted(unpodded)])


def ports_page(deployment: Deployment) -> str:
    """The whole port plan as one page, however long (``stackplan plan --table ports``)."""
    return render("plan/ports.md.j2", title=deployment.title, switches=switch_sections(deployment), parts=[],
                  where={}, devices=deployment.device_names, csv_name="ports.csv")


def produce(deployment: Deployment) -> list[Artefact]:
    if not deployment.design.switches:
        return []
    sections = switch_sections(deployment)
    split = parts(sections, {sw.name: sw.site for sw in deployment.design.switches})
    devices = deployment.device_names
    where = {s.name: p.path for p in split for s in p.switches}  # the part page of each switch
    index = render("plan/ports.md.j2", title=deployment.title, switches=sections, parts=split, where=where,
                   devices=devices, csv_name="ports.csv")
    return [
        Artefact("ports.md", index, Kind.page, "Port plan", order=40),
        *(Artefact(p.path, render("plan/ports-part.md.j2", title=deployment.title, part=p, devices=devices,
                                  csv_name="ports.csv"), Kind.page, f"Port plan: {p.title}", order=40, in_nav=False)
          for p in split),
        Artefact("ports.csv", ports_csv(deployment.port_plan)),
    ]
