"""Cables and materials: every planned cable once (A→Z), with its label, ends, speed and medium, and the bill
of materials that follows from the cables, the racks and the devices.

A cable is a port-plan row seen from both ends: a host or server NIC to its switch port (A: the host or
server, Z: the switch), or a link between two switches (A: the switch whose name sorts first), which the
port plan lists on each switch and which is counted once here. Its label is the switch end's name and port
number (``<switch>-<number>``, the first switch's for a switch-to-switch link): stable when hosts are added.
A firewall end (firewalls have no ports of their own in the port plan) is the A end, like a host's.
The medium follows from the speed and the reach: both ends in one rack is a direct-attach copper cable
(DAC, up to 3 m); otherwise, or when an end is not in a rack, multimode fibre with an optic at each end.
1 Gbit/s is copper twisted pair (Cat6) whatever the reach.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from .deployment import Deployment
from .ports.types import LinkKind, PortRow
from .racks import DeviceKind, Placed, server_model, servers_of


class Reach(StrEnum):
    rack = "in rack (≤ 3 m)"
    room = "between racks (≤ 100 m)"
    unracked = "an end not in a rack (≤ 100 m assumed)"


@dataclass(frozen=True)
class End:
    device: str
    port: str
    rack: str  # "" when the device is in no rack
    position: int | None  # lowest unit of the device

    @property
    def where(self) -> str:
        return f"{self.rack} U{self.position}" if self.rack and self.position is not None else "—"


# Transceiver form factors and short-reach optics by speed (Gbit/s): (form factor, optic, fibre connector).
_OPTICS = {
    10: ("SFP+", "10GBASE-SR", "LC duplex"), 25: ("SFP28", "25GBASE-SR", "LC duplex"),
    40: ("QSFP+", "40GBASE-SR4", "MPO-12"), 50: ("SFP56", "50GBASE-SR", "LC duplex"),
    100: ("QSFP28", "100GBASE-SR4", "MPO-12"), 200: ("QSFP56", "200GBASE-SR4", "MPO-12"),
    400: ("QSFP-DD", "400GBASE-SR8", "MPO-16"),
}


@dataclass(frozen=True)
class Cable:
    label: str
    a: End
    z: End
    speed: int  # Gbit/s
    kind: LinkKind  # host, server, uplink, peer-link (as seen from the A end's switch)
    reach: Reach

    @property
    def copper(self) -> bool:
        return self.speed <= 1

    @property
    def dac(self) -> bool:
        return not self.copper and self.reach is Reach.rack

    @property
    def form_factor(self) -> str:
        return _OPTICS.get(self.speed, (f"{self.speed}G", f"{self.speed}GBASE-SR", "LC duplex"))[0]

    @property
    def optic(self) -> str:
        """The optic at each end ('' for copper and DAC)."""
        if self.copper or self.dac:
            return ""
        form, optic, _ = _OPTICS.get(self.speed, (f"{self.speed}G", f"{self.speed}GBASE-SR", "LC duplex"))
        return f"{form} {optic}"

    @property
    def medium(self) -> str:
        if self.copper:
            return "Cat6 twisted pair, RJ45"
        if self.dac:
            return f"{self.form_factor} DAC (direct-attach copper)"
        connector = _OPTICS.get(self.speed, ("", "", "LC duplex"))[2]
        return f"OM4 multimode fibre, {connector}"

    @property
    def summary(self) -> str:
        """The medium in a few words, for a narrow column: 'DAC', 'OM4 LC duplex, 2 × SFP28 25GBASE-SR', 'Cat6'."""
        if self.copper:
            return "Cat6"
        if self.dac:
            return f"{self.form_factor} DAC"
        return f"OM4 {self.medium.rpartition(', ')[2]}, 2 × {self.optic}"

    @property
    def cable_kind(self) -> str:
        """What to order: the cable itself, by kind and speed class."""
        if self.copper:
            return "Cat6 patch cable"
        if self.dac:
            return f"{self.speed}G {self.form_factor} DAC, ≤ 3 m"
        return f"OM4 fibre patch cable, {self.medium.rpartition(', ')[2]}"


@dataclass(frozen=True)
class Cabling:
    cables: tuple[Cable, ...]

    @cached_property
    def _by_device(self) -> dict[str, list[Cable]]:
        out: dict[str, list[Cable]] = {}
        for c in self.cables:
            out.setdefault(c.a.device, []).append(c)
            if c.z.device != c.a.device:
                out.setdefault(c.z.device, []).append(c)
        return out

    def of_device(self, device: str) -> list[Cable]:
        return list(self._by_device.get(device, []))


def _end(device: str, port: str, placed: Placed | None) -> End:
    return End(device, port, placed.rack if placed else "", placed.position if placed else None)


def _reach(a: Placed | None, z: Placed | None) -> Reach:
    if a is None or z is None:
        return Reach.unracked
    return Reach.rack if a.rack == z.rack else Reach.room


def cabling(deployment: Deployment) -> Cabling:
    """Every cable of the port plan once, labelled, in label order (one pass over the port rows)."""
    racks = deployment.rack_plan
    numbers = {(r.switch, r.port): r.number for r in deployment.port_plan.rows}
    seen: set[tuple[tuple[str, str], tuple[str, str]]] = set()
    cables: list[Cable] = []
    for row in deployment.port_plan.rows:
        cable = _cable(row, numbers, seen, racks.of_device)
        if cable is not None:
            cables.append(cable)
    return Cabling(tuple(sorted(cables, key=lambda c: (c.label, c.a.device, c.a.port))))


def _cable(row: PortRow, numbers: dict[tuple[str, str], int], seen: set[tuple[tuple[str, str], tuple[str, str]]],
           where: Callable[[str], Placed | None]) -> Cable | None:
    switch_end = (row.switch, row.port)
    far_end = (row.peer_device, row.peer_interface)
    if row.edge:
        a, z = far_end, switch_end
        label = f"{row.switch}-{row.number:03d}"
    elif far_end in numbers:  # switch to switch: the first switch by name is A and names the cable
        a, z = sorted((switch_end, far_end))
        label = f"{a[0]}-{numbers[a]:03d}"
    else:  # a firewall (no port plan of its own): A, like a host
        a, z = far_end, switch_end
        label = f"{row.switch}-{row.number:03d}"
    key = (a, z)
    if key in seen:
        return None
    seen.add(key)
    pa, pz = where(a[0]), where(z[0])
    return Cable(label, _end(a[0], a[1], pa), _end(z[0], z[1], pz), row.speed, row.kind, _reach(pa, pz))


CABLE_HEADER = ("label", "a_device", "a_rack", "a_unit", "a_port", "z_device", "z_rack", "z_unit", "z_port",
                "speed_gbps", "medium", "optic", "reach", "link")


def cable_rows(cabling_: Cabling) -> list[tuple[str, ...]]:
    return [(c.label, c.a.device, c.a.rack, "" if c.a.position is None else str(c.a.position), c.a.port,
             c.z.device, c.z.rack, "" if c.z.position is None else str(c.z.position), c.z.port, str(c.speed),
             c.medium, c.optic, c.reach.value, c.kind.value) for c in cabling_.cables]


@dataclass(frozen=True)
class BomLine:
    category: str
    item: str
    detail: str
    quantity: int
    power_each: int | None = None
    power_sum: int | None = None  # a total of its own (a rack's draw), else each × quantity

    @property
    def power_total(self) -> int | None:
        if self.power_sum is not None:
            return self.power_sum
        return None if self.power_each is None else self.power_each * self.quantity


@dataclass(frozen=True)
class RackPower:
    rack: str
    site: str
    height: int
    used_units: int
    drawn: int
    budget: int | None


def bill_of_materials(deployment: Deployment, cabling_: Cabling) -> list[BomLine]:
    """Servers by profile, switches by model, storage and management servers, optics and DAC by speed and
    reach class, cables by kind."""
    design = deployment.design
    lines: list[BomLine] = []
    hosts: dict[str, int] = {}
    for host in deployment.inventory.hosts:
        hosts[host.profile_name] = hosts.get(host.profile_name, 0) + 1
    for name in sorted(hosts):
        profile = design.host_profiles.get(name)
        detail = (f"{profile.hypervisor.value}, {profile.cpu_model + ', ' if profile.cpu_model else ''}"
                  f"{profile.cpu_cores} cores, {profile.ram_gb} GB RAM, {len(profile.nics)} NICs, "
                  f"{profile.rack_units} U") if profile else ""
        lines.append(BomLine("Hypervisor hosts", name, detail, hosts[name], profile.power_watts if profile else None))
    switches: dict[tuple[str, str, int | None], int] = {}
    for sw in design.switches:
        key = (sw.model or sw.platform.value, f"{sw.platform.value}, {sw.rack_units} U", sw.power_watts)
        switches[key] = switches.get(key, 0) + 1
    for (model, detail, watts), count in sorted(switches.items(), key=lambda i: (i[0][0], i[0][1], i[0][2] or 0)):
        lines.append(BomLine("Switches", model, detail, count, watts))
    lines.extend(_servers(deployment))
    optics: dict[tuple[str, str], int] = {}
    dacs: dict[str, int] = {}
    cables: dict[str, int] = {}
    for c in cabling_.cables:
        if c.dac:  # a DAC is counted with the optics
            dacs[f"{c.speed}G {c.form_factor} DAC"] = dacs.get(f"{c.speed}G {c.form_factor} DAC", 0) + 1
            continue
        cables[c.cable_kind] = cables.get(c.cable_kind, 0) + 1
        if c.optic:
            optics[(c.optic, c.reach.value)] = optics.get((c.optic, c.reach.value), 0) + 2  # one at each end
    for (optic, reach_), count in sorted(optics.items()):
        lines.append(BomLine("Optics and direct-attach cables", optic, f"short-reach optic, {reach_}", count))
    for name in sorted(dacs):
        lines.append(BomLine("Optics and direct-attach cables", name, Reach.rack.value, dacs[name]))
    for name in sorted(cables):
        lines.append(BomLine("Cables", name, "", cables[name]))
    plan = deployment.rack_plan
    for rack in plan.racks:
        budget = f", budget {rack.power_budget_watts} W" if rack.power_budget_watts is not None else ""
        lines.append(BomLine("Racks", rack.name, f"{rack.height} U at {rack.site}{budget}", 1,
                             power_sum=plan.power(rack.name)))
    return lines


def _servers(deployment: Deployment) -> list[BomLine]:
    servers: dict[tuple[str, int, int | None], int] = {}
    for srv in servers_of(deployment.design):
        key = (server_model(srv), srv.rack_units, srv.power_watts)
        servers[key] = servers.get(key, 0) + 1
    return [BomLine("Servers", model, f"{units} U", count, watts)
            for (model, units, watts), count in sorted(servers.items(), key=lambda i: (i[0][0], i[0][1], i[0][2] or 0))]


def rack_power(deployment: Deployment) -> list[RackPower]:
    plan = deployment.rack_plan
    return [RackPower(r.name, r.site, r.height, sum(p.units for p in plan.in_rack(r.name)), plan.power(r.name),
                      r.power_budget_watts) for r in plan.racks]


BOM_HEADER = ("category", "item", "detail", "quantity", "power_each_w", "power_total_w")


def bom_rows(lines: list[BomLine]) -> list[tuple[str, ...]]:
    return [(b.category, b.item, b.detail, str(b.quantity), "" if b.power_each is None else str(b.power_each),
             "" if b.power_total is None else str(b.power_total)) for b in lines]


__all__ = ["BOM_HEADER", "CABLE_HEADER", "BomLine", "Cable", "Cabling", "DeviceKind", "End", "RackPower", "Reach",
           "bill_of_materials", "bom_rows", "cable_rows", "cabling", "rack_power"]
