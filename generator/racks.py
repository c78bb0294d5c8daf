"""Where every device sits: racks, rack units and power, from the design's racks and positions.

A device that names its rack and ``position`` sits there. Without a position, switches go to the
top of their rack (downwards, in name order) and hosts and servers fill it from the bottom, each
in the first free units above the last one placed. Hosts that name no rack take the racks of their
pod (``racks[].pod``) in name order. The placement is computed once, in one pass over the devices
(hosts in inventory order: zone, pod id, host id), so adding a host with a new id never moves the
others. What does not fit, overlaps or draws more power than the rack's budget is a problem the
rules turn into findings (``rules/racks.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from .inventory import Inventory
from .model import Design, Rack, StorageServer, Switch
from .servers import Server


class DeviceKind(StrEnum):
    host = "host"
    switch = "switch"
    server = "server"


@dataclass(frozen=True)
class Placed:
    """One device in its rack: units ``position`` to ``top``."""

    device: str
    kind: DeviceKind
    rack: str
    position: int
    units: int
    power: int | None
    model: str  # host profile, switch model (or platform), server role
    explicit: bool  # the design gave the position

    @property
    def top(self) -> int:
        return self.position + self.units - 1


class ProblemKind(StrEnum):
    overlap = "overlap"
    fit = "fit"
    power = "power"
    site = "site"


@dataclass(frozen=True)
class RackProblem:
    kind: ProblemKind
    obj: object
    attr: str | None
    message: str
    fix: str


@dataclass
class RackPlan:
    racks: list[Rack] = field(default_factory=list)
    placed: list[Placed] = field(default_factory=list)  # by rack name, then from the top down
    problems: list[RackProblem] = field(default_factory=list)

    @cached_property
    def _by_device(self) -> dict[str, Placed]:
        return {p.device: p for p in self.placed}

    @cached_property
    def _by_rack(self) -> dict[str, list[Placed]]:
        out: dict[str, list[Placed]] = {r.name: [] for r in self.racks}
        for p in self.placed:
            out[p.rack].append(p)
        return out

    def of_device(self, device: str) -> Placed | None:
        return self._by_device.get(device)

    def in_rack(self, rack: str) -> list[Placed]:
        """The devices of ``rack``, from the top down."""
        return list(self._by_rack.get(rack, []))

    def power(self, rack: str) -> int:
        return sum(p.power or 0 for p in self._by_rack.get(rack, []))


@dataclass
class _Request:
    device: str
    kind: DeviceKind
    units: int
    power: int | None
    model: str
    obj: object  # the design object holding rack and position (a host entry for hosts)
    site: str
    rack: str | None
    position: int | None
    pod: str = ""  # hosts: their pod, whose racks they fill when they name none


def servers_of(design: Design) -> list[Server]:
    """Every storage, management and database server (a database on a management server is that server)."""
    db = design.management.database
    own = {s.name for s in design.management.servers}
    databases = [d for d in (db.primary, db.replica) if d is not None and d.name not in own]
    return sorted([*design.management.servers, *design.storage_servers, *databases], key=lambda s: s.name)


def server_model(server: Server) -> str:
    if isinstance(server, StorageServer):
        return f"{server.role.value} storage server"
    return "database server" if type(server).__name__ == "DatabaseServer" else "management server"


def switch_model(switch: Switch) -> str:
    return switch.model or f"{switch.platform.value} switch"


def _requests(design: Design, inventory: Inventory) -> Iterator[_Request]:
    for sw in design.switches:
        yield _Request(sw.name, DeviceKind.switch, sw.rack_units, sw.power_watts, switch_model(sw), sw, sw.site,
                       sw.rack, sw.position)
    for host in inventory.hosts:
        entry, profile = host.entry, host.profile
        units = profile.rack_units if profile else 1
        position = None if entry.position is None else entry.position + (host.id - entry.id) * units
        yield _Request(host.name, DeviceKind.host, units, profile.power_watts if profile else None,
                       host.profile_name, entry, host.zone.site, entry.rack, position, host.pod.name)
    for srv in servers_of(design):
        yield _Request(srv.name, DeviceKind.server, srv.rack_units, srv.power_watts, server_model(srv), srv,
                       srv.site, srv.rack, srv.position)


class _Rack:
    """Occupancy of one rack while devices are placed: who holds each unit, and the two fill cursors."""

    def __init__(self, rack: Rack) -> None:
        self.rack = rack
        self.owner: list[str] = [""] * (rack.height + 2)
        self.bottom = 1  # next unit to try from the bottom
        self.top = rack.height  # next unit to try from the top

    def free(self, position: int, units: int) -> bool:
        return all(not self.owner[u] for u in range(position, position + units))

    def take(self, name: str, position: int, units: int) -> None:
        for u in range(position, min(position + units, self.rack.height + 1)):
            self.owner[u] = self.owner[u] or name

    def from_bottom(self, units: int) -> int | None:
        """The lowest free units that hold ``units``, from the lowest free unit up (at most the rack's height:
        a bounded scan per device)."""
        while self.bottom <= self.rack.height and self.owner[self.bottom]:
            self.bottom += 1  # the cursor passes only units that are taken
        for position in range(self.bottom, self.rack.height - units + 2):
            if self.free(position, units):
                return position
        return None

    def from_top(self, units: int) -> int | None:
        """The highest free units that hold ``units``, from the highest free unit down."""
        while self.top >= 1 and self.owner[self.top]:
            self.top -= 1
        for top in range(self.top, units - 1, -1):
            if self.free(top - units + 1, units):
                return top - units + 1
        return None


def place(design: Design, inventory: Inventory) -> RackPlan:
    """Every device's rack and units, and what does not fit, overlaps or overdraws (pure; one pass)."""
    if not design.racks:
        return RackPlan()
    racks = {r.name: _Rack(r) for r in design.racks}
    pod_racks: dict[str, list[_Rack]] = {}
    for r in sorted(design.racks, key=lambda r: r.name):
        if r.pod:
            pod_racks.setdefault(r.pod, []).append(racks[r.name])
    placed: list[Placed] = []
    problems: list[RackProblem] = []
    requests = list(_requests(design, inventory))

    def put(req: _Request, slot: _Rack, position: int, explicit: bool) -> None:
        slot.take(req.device, position, req.units)
        placed.append(Placed(req.device, req.kind, slot.rack.name, position, req.units, req.power, req.model,
                             explicit))

    # 1. Explicit positions claim their units first.
    for req in requests:
        slot = racks.get(req.rack or "")
        if slot is None or req.position is None:
            continue
        if slot.rack.site != req.site:
            problems.append(RackProblem(
                ProblemKind.site, req.obj, "rack", f"{req.kind.value} {req.device} is at site {req.site}, but rack "
                f"{slot.rack.name} stands at site {slot.rack.site}", f"mount it in a rack of site {req.site}"))
        top = req.position + req.units - 1
        if top > slot.rack.height:
            problems.append(RackProblem(
                ProblemKind.fit, req.obj, "position", f"{req.kind.value} {req.device} ({req.units} U at "
                f"U{req.position}) reaches U{top}, above the top of rack {slot.rack.name} ({slot.rack.height} U)",
                f"give it a position of at most {max(slot.rack.height - req.units + 1, 1)}, or a taller rack"))
            continue
        taken = sorted({slot.owner[u] for u in range(req.position, top + 1) if slot.owner[u]})
        if taken:
            problems.append(RackProblem(
                ProblemKind.overlap, req.obj, "position", f"{req.kind.value} {req.device} (U{req.position}-U{top}) "
                f"overlaps {', '.join(taken)} in rack {slot.rack.name}",
                "give each device its own rack units: move one of them, or leave a position out to have it placed"))
            continue
        put(req, slot, req.position, True)
    # 2. Switches without a position: from the top of their rack.
    for req in requests:
        slot = racks.get(req.rack or "")
        if slot is None or req.position is not None or req.kind is not DeviceKind.switch:
            continue
        _default(req, slot, slot.from_top(req.units), put, problems)
    # 3. Hosts and servers without a position: from the bottom (hosts naming no rack: their pod's racks).
    cursor: dict[str, int] = {}
    for req in requests:
        if req.position is not None or req.kind is DeviceKind.switch:
            continue
        if req.rack:
            slot = racks.get(req.rack)
            if slot is not None:
                _default(req, slot, slot.from_bottom(req.units), put, problems)
            continue
        candidates = pod_racks.get(req.pod, []) if req.kind is DeviceKind.host else []
        if not candidates:
            continue
        i = cursor.get(req.pod, 0)
        while i < len(candidates) and candidates[i].from_bottom(req.units) is None:
            i += 1  # this rack is full for a device of this size: the next rack of the pod
        cursor[req.pod] = i
        if i == len(candidates):
            problems.append(RackProblem(
                ProblemKind.fit, req.obj, "name", f"host {req.device} ({req.units} U) does not fit in the racks of pod "
                f"{req.pod} ({', '.join(r.rack.name for r in candidates)}): they are full",
                "add a rack for the pod, or name a rack with room for the host ('rack')"))
            continue
        position = candidates[i].from_bottom(req.units)
        assert position is not None
        put(req, candidates[i], position, False)
    # 4. Power within each rack's budget.
    plan = RackPlan(sorted(design.racks, key=lambda r: r.name),
                    sorted(placed, key=lambda p: (p.rack, -p.position, p.device)), problems)
    for rack in plan.racks:
        drawn = plan.power(rack.name)
        if rack.power_budget_watts is not None and drawn > rack.power_budget_watts:
            plan.problems.append(RackProblem(
                ProblemKind.power, rack, "power_budget_watts", f"the devices in rack {rack.name} draw {drawn} W, "
                f"more than its budget of {rack.power_budget_watts} W",
                f"move {drawn - rack.power_budget_watts} W of devices to another rack, or raise the budget"))
    return plan


def _default(req: _Request, slot: _Rack, position: int | None, put: Callable[[_Request, _Rack, int, bool], None],
             problems: list[RackProblem]) -> None:
    """Place ``req`` at the rule's ``position`` in ``slot``, or say it does not fit."""
    if slot.rack.site != req.site:
        problems.append(RackProblem(
            ProblemKind.site, req.obj, "rack", f"{req.kind.value} {req.device} is at site {req.site}, but rack "
            f"{slot.rack.name} stands at site {slot.rack.site}", f"mount it in a rack of site {req.site}"))
    if position is None:
        problems.append(RackProblem(
            ProblemKind.fit, req.obj, "rack", f"{req.kind.value} {req.device} ({req.units} U) does not fit in rack "
            f"{slot.rack.name}: its {slot.rack.height} U are taken", "name another rack, or free units in this one"))
        return
    put(req, slot, position, False)
