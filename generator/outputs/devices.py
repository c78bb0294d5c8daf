"""Device pages: one page per host, switch and server (``devices/<name>.md``) holding everything about it.

Its rack and units, its NICs and the switch ports they are cabled to with their VLANs, its addresses, its
bridges and traffic labels, its configuration file, its runbook steps, its cluster and storage pools, its
neighbours and port-channels. Everything comes from the plans the other pages read (the port, address and
rack plans, the host configurations, the runbook), indexed once, so a page never scans every host.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .. import escape as esc
from ..artefacts import Artefact, Kind
from ..cabling import Cable, Cabling, cabling
from ..deployment import Deployment
from ..host_configs import HostNetwork, config_pages
from ..inventory import Host
from ..model import Switch
from ..ports import PortMode, PortRow
from ..ports.platforms import platform
from ..racks import Placed, server_model, servers_of
from ..runbook.build import context, deployment_runbook
from ..runbook.model import Runbook, Step
from ..servers import Server
from ..templating import render, slugify, vlan_list

FOLDER = "devices"
SEARCH_BOOST = 10  # Material search: a device's own page ranks above every page that mentions it


@dataclass(frozen=True)
class Fact:
    name: str
    value: str
    link: str = ""  # a page or file, relative to the device page


@dataclass(frozen=True)
class AddressLine:
    network: str
    vlan: str
    address: str
    cidr: str
    role: str
    interface: str


@dataclass(frozen=True)
class PortLine:
    """One cabled port: the device's own interface, and the other end."""

    local: str
    bond: str
    peer: str
    peer_port: str
    mode: str
    vlans: str
    lag: str
    speed: str
    cable: str
    medium: str


@dataclass(frozen=True)
class LagLine:
    name: str
    members: str
    mlag: str
    peer: str


@dataclass(frozen=True)
class LabelLine:
    name: str
    interface: str
    traffic: str
    addresses: str


@dataclass(frozen=True)
class StepLink:
    id: str
    title: str
    anchor: str
    why: str


@dataclass
class DevicePage:
    name: str
    kind: str
    summary: str
    facts: list[Fact] = field(default_factory=list)
    addresses: list[AddressLine] = field(default_factory=list)
    ports: list[PortLine] = field(default_factory=list)
    lags: list[LagLine] = field(default_factory=list)
    labels: list[LabelLine] = field(default_factory=list)
    pools: list[str] = field(default_factory=list)
    neighbours: list[tuple[str, int]] = field(default_factory=list)
    steps: list[StepLink] = field(default_factory=list)
    config: str = ""  # the configuration file, relative to the page
    config_page: str = ""


def _vlans(row: PortRow) -> str:
    if row.mode is PortMode.access:
        return f"{row.access_vlan} untagged"
    tagged = vlan_list(row.allowed - ({row.native_vlan} if row.native_vlan is not None else set()))
    native = f"native {row.native_vlan}; " if row.native_vlan is not None else ""
    return native + (tagged or "none tagged")


_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def step_index(runbook: Runbook, names: frozenset[str]) -> dict[str, list[Step]]:
    """The runbook steps that name each device (in its text, table, commands or checks): one pass over the
    runbook's words, whatever the number of devices."""
    out: dict[str, list[Step]] = {}
    # Names follow the grammar of a word; one that does not (only where the model's checks were bypassed)
    # is looked for as written and as each language of the runbook writes it.
    odd = {n: {n, str(esc.markdown(n)), esc.shell(n), esc.shell_line_word(n), esc.one_line(n)}
           for n in names if not _WORD.fullmatch(n)}
    for step in runbook.steps:
        texts = [step.where, step.text, *(v for pair in step.values for v in pair),
                 *(c.where + " " + c.text for c in step.commands), *(c.where + " " + c.command for c in step.checks)]
        if step.table:
            texts.extend(cell for row in step.table.rows for cell in row)
        words = {w for t in texts for w in _WORD.findall(t)}
        words |= {w.rstrip(".-_") for w in words}
        words |= {n for n, forms in odd.items() if any(f in t for f in forms for t in texts)}
        for name in sorted(words & names):
            out.setdefault(name, []).append(step)
    return out


def step_anchor(step: Step) -> str:
    """The runbook heading's id of a step (``templates/runbook/_phases.md.j2`` sets it)."""
    return "step-" + step.id.replace(".", "-")


def _steps(steps: list[Step]) -> list[StepLink]:
    return [StepLink(s.id, s.title, step_anchor(s), s.where) for s in steps]


def _rack_facts(placed: Placed | None) -> list[Fact]:
    if placed is None:
        return [Fact("Rack", "not in a rack")]
    units = f"U{placed.position}" + (f"-U{placed.top}" if placed.units > 1 else "")
    facts = [Fact("Rack", f"{placed.rack}, {units} ({placed.units} U)", f"../racks.md#rack-{slugify(placed.rack)}")]
    if placed.power is not None:
        facts.append(Fact("Power", f"{placed.power} W"))
    return facts


def _addresses(deployment: Deployment, name: str) -> list[AddressLine]:
    return [AddressLine(a.network, "—" if a.vlan is None else str(a.vlan), str(a.first), str(a.cidr), a.role,
                        a.interface or "—")
            for a in deployment.address_plan.of_device(name)]


def _edge_lines(rows: list[PortRow], cables: dict[tuple[str, str], Cable]) -> list[PortLine]:
    """A host's or server's NICs as the switch ports they are cabled to."""
    out = []
    for r in sorted(rows, key=lambda r: (r.peer_interface, r.switch, r.number)):
        cable = cables.get((r.switch, r.port))
        out.append(PortLine(r.peer_interface, r.host_interface if r.host_interface != r.peer_interface else "",
                            r.switch, r.port, r.mode.value, _vlans(r), r.lag.name if r.lag else "",
                            f"{r.speed}G" if r.speed else "", cable.label if cable else "",
                            cable.summary if cable else ""))
    return out


def _neighbours(name: str, cables: list[Cable]) -> list[tuple[str, int]]:
    count: dict[str, int] = {}
    for c in cables:
        other = c.z.device if c.a.device == name else c.a.device
        count[other] = count.get(other, 0) + 1
    return sorted(count.items())


class _Pages:
    """The indexes every device page reads, built once per deployment."""

    def __init__(self, deployment: Deployment) -> None:
        self.deployment = deployment
        ctx = context(deployment)
        self.networks: dict[str, HostNetwork] = ctx.host_networks
        self.config_pages = config_pages(list(self.networks.values()))
        self.steps = step_index(deployment_runbook(deployment), deployment.device_names)
        self.cabling: Cabling = cabling(deployment)
        self.by_switch_port: dict[tuple[str, str], Cable] = {}
        for c in self.cabling.cables:
            self.by_switch_port[(c.z.device, c.z.port)] = c
            self.by_switch_port[(c.a.device, c.a.port)] = c
        self.edge_rows: dict[str, list[PortRow]] = {}
        for row in deployment.port_plan.rows:
            if row.edge:
                self.edge_rows.setdefault(row.peer_device, []).append(row)

    def common(self, page: DevicePage) -> DevicePage:
        name = page.name
        page.addresses = _addresses(self.deployment, name)
        page.neighbours = _neighbours(name, self.cabling.of_device(name))
        page.steps = _steps(self.steps.get(name, []))
        return page

    def host(self, host: Host) -> DevicePage:
        d = self.deployment
        profile = host.profile
        hv = host.cluster.hypervisor.value
        page = DevicePage(host.name, "host", f"{hv} host {host.id} of cluster {host.cluster.name}, "
                          f"pod {host.pod.name}, zone {host.zone.name}")
        page.facts = [
            Fact("Kind", f"hypervisor host ({hv})"), Fact("Site", host.zone.site),
            Fact("Zone · pod · cluster", f"{host.zone.name} · {host.pod.name} · {host.cluster.name}", "../index.md"),
            Fact("Host id", str(host.id)),
            Fact("Profile", host.profile_name + (f" ({profile.cpu_cores} cores, {profile.ram_gb} GB RAM)"
                                                 if profile else "")),
            *_rack_facts(d.rack_plan.of_device(host.name)),
        ]
        net = self.networks.get(host.name)
        if net is not None:
            page.config = f"../{net.file}"
            page.config_page = f"../{self.config_pages[host.name]}#cluster-{slugify(host.cluster.name)}"
            page.facts.append(Fact("Operating system", net.os_title))
            page.labels = [LabelLine(lbl.name, lbl.port, ", ".join(lbl.traffic), ", ".join(lbl.addresses) or "—")
                           for lbl in net.labels]
            page.lags = [LagLine(b.name, ", ".join(b.members), b.mode, "") for b in net.bonds]
        page.ports = _edge_lines(self.edge_rows.get(host.name, []), self.by_switch_port)
        page.pools = [f"{p.name} ({p.protocol.value}, cluster {host.cluster.name})"
                      for p in host.cluster.primary_storage]
        page.pools += [f"{p.name} ({p.protocol.value}, zone-wide)" for p in host.zone.primary_storage
                       if p.hypervisor is None or p.hypervisor == hv]
        self._host_lags(page)
        return self.common(page)

    def _host_lags(self, page: DevicePage) -> None:
        """A host's bonds, with the switch port-channel each is cabled into."""
        switch_lags: dict[str, set[str]] = {}
        for r in self.edge_rows.get(page.name, []):
            if r.lag:
                switch_lags.setdefault(r.host_interface, set()).add(f"{r.switch} {r.lag.name}")
        page.lags = [LagLine(lag.name, lag.members, lag.mlag, ", ".join(sorted(switch_lags.get(lag.name, ()))) or "—")
                     for lag in page.lags]

    def switch(self, sw: Switch) -> DevicePage:
        d = self.deployment
        name = sw.name
        rows = d.port_plan.of_switch(name)
        title = platform(sw.platform).title
        page = DevicePage(name, "switch", f"{sw.role.value} switch{' of pod ' + sw.pod if sw.pod else ''} at site "
                          f"{sw.site}: {title}{' ' + sw.model if sw.model else ''}")
        page.facts = [Fact("Kind", f"{sw.role.value} switch"), Fact("Site", sw.site),
                      *([Fact("Pod", sw.pod)] if sw.pod else []),
                      Fact("Platform · model", f"{title} · {sw.model or 'model not given'}"),
                      *([Fact("Peer", sw.peer, f"{sw.peer}.md")] if sw.peer and sw.peer in d.device_names else []),
                      *_rack_facts(d.rack_plan.of_device(name))]
        page.config, page.config_page = f"../configs/{name}.cfg", "../switch-configs.md"
        for r in rows:
            cable = self.by_switch_port.get((name, r.port))
            page.ports.append(PortLine(r.port, "", r.peer_device, r.peer_interface, r.mode.value, _vlans(r),
                                       r.lag.name if r.lag else "", f"{r.speed}G" if r.speed else "",
                                       cable.label if cable else "", cable.summary if cable else ""))
        lags: dict[str, list[PortRow]] = {}
        for r in rows:
            if r.lag:
                lags.setdefault(r.lag.name, []).append(r)
        page.lags = [LagLine(lag, ", ".join(r.port for r in members), "yes" if members[0].lag and members[0].lag.mlag
                             else "no", ", ".join(dict.fromkeys(r.peer_device for r in members)))
                     for lag, members in sorted(lags.items(), key=lambda i: (i[1][0].lag.number if i[1][0].lag else 0))]
        return self.common(page)

    def server(self, srv: Server) -> DevicePage:
        d = self.deployment
        name = srv.name
        page = DevicePage(name, "server", f"{server_model(srv)} at site {srv.site}")
        page.facts = [Fact("Kind", server_model(srv)), Fact("Site", srv.site),
                      *_rack_facts(d.rack_plan.of_device(name))]
        page.ports = _edge_lines(self.edge_rows.get(name, []), self.by_switch_port)
        return self.common(page)


def pages(deployment: Deployment) -> Iterator[DevicePage]:
    built = _Pages(deployment)
    for host in deployment.inventory.hosts:
        yield built.host(host)
    for sw in deployment.design.switches:
        yield built.switch(sw)
    for srv in servers_of(deployment.design):
        yield built.server(srv)


@dataclass(frozen=True)
class IndexLine:
    name: str
    kind: str
    where: str
    rack: str


def index_lines(deployment: Deployment) -> list[IndexLine]:
    racks = deployment.rack_plan

    def rack(name: str) -> str:
        placed = racks.of_device(name)
        return f"{placed.rack} U{placed.position}" if placed else "—"

    lines = [IndexLine(sw.name, f"{sw.role.value} switch", sw.pod or sw.site, rack(sw.name))
             for sw in deployment.design.switches]
    lines += [IndexLine(s.name, server_model(s), s.site, rack(s.name)) for s in servers_of(deployment.design)]
    lines += [IndexLine(h.name, f"{h.cluster.hypervisor.value} host", f"{h.pod.name} · {h.cluster.name}", rack(h.name))
              for h in deployment.inventory.hosts]
    return lines


def produce(deployment: Deployment) -> list[Artefact]:
    devices = deployment.device_names
    out = [Artefact("devices.md", render("devices/index.md.j2", title=deployment.title, lines=index_lines(deployment),
                                         devices=devices), Kind.page, "Devices", order=41)]
    for page in pages(deployment):
        text = render("devices/device.md.j2", title=deployment.title, page=page, devices=devices, boost=SEARCH_BOOST)
        out.append(Artefact(f"{FOLDER}/{page.name}.md", text, Kind.page, page.name, order=200, in_nav=False))
    return out
