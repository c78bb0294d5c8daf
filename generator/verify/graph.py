"""The layer-2 graph of a deployment, derived from its plans (never from the design's intent).

Nodes are devices: switches, hosts, servers, firewalls, and a switch's out-of-band management
port (``"<switch> <port>"``, which is not bridged into the switch's VLANs). Edges are cables: a
planned switch port and what is at its far end — the far switch's own planned port for links
between switches, else the host, server or firewall. A cable carries the networks both its ends
carry. Only switches forward frames; a host, server or firewall is an end of a path, never a
step of one.

Address holders come from the address plan: every single address with a device. A holder is
reached when one of its nodes is (``core1/core2`` holds a VRRP gateway on either core).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from ipaddress import IPv4Address

from ..model import Design
from ..plan.types import AddressPlan
from ..ports.platforms import management_port
from ..ports.types import LinkKind, PortPlan, PortRow

SWITCH_LINKS = (LinkKind.uplink, LinkKind.downlink, LinkKind.peer_link)


@dataclass(frozen=True)
class Cable:
    """One cable. ``b_port`` is empty where the far end has no port of its own in the plan."""

    id: int
    a: str
    a_port: str
    b: str
    b_port: str
    kind: LinkKind
    networks: frozenset[str]
    rows: tuple[PortRow, ...]

    @property
    def text(self) -> str:
        far = f"{self.b} {self.b_port}".strip()
        return f"{self.a} {self.a_port} – {far}"

    def other(self, node: str) -> str:
        return self.b if node == self.a else self.a


@dataclass(frozen=True)
class Holder:
    """An address on a network and the graph nodes that hold it (any one of them will do)."""

    device: str
    nodes: tuple[str, ...]
    network: str
    address: IPv4Address
    role: str
    interface: str


@dataclass
class L2Graph:
    switches: frozenset[str]
    cables: list[Cable]
    holders: list[Holder]
    tagging: list[tuple[Cable, str]] = field(default_factory=list)  # cables whose two ends disagree

    @cached_property
    def by_network(self) -> dict[str, list[Cable]]:
        out: dict[str, list[Cable]] = {}
        for cable in self.cables:
            for name in cable.networks:
                out.setdefault(name, []).append(cable)
        return out

    @cached_property
    def _adjacency(self) -> dict[str, dict[str, list[tuple[str, Cable]]]]:
        out: dict[str, dict[str, list[tuple[str, Cable]]]] = {}
        for name, cables in self.by_network.items():
            adj: dict[str, list[tuple[str, Cable]]] = {}
            for c in cables:
                adj.setdefault(c.a, []).append((c.b, c))
                adj.setdefault(c.b, []).append((c.a, c))
            out[name] = adj
        return out

    @cached_property
    def holders_of(self) -> dict[str, list[Holder]]:
        out: dict[str, list[Holder]] = {}
        for h in self.holders:
            out.setdefault(h.network, []).append(h)
        return out

    @cached_property
    def holders_by_role(self) -> dict[str, list[Holder]]:
        out: dict[str, list[Holder]] = {}
        for h in self.holders:
            out.setdefault(h.role, []).append(h)
        return out

    def attached(self, node: str, network: str) -> bool:
        """Whether a cable at ``node`` carries ``network``."""
        return node in self._adjacency.get(network, {})

    def cables_at(self, node: str) -> list[Cable]:
        return [c for c in self.cables if node in (c.a, c.b)]

    def spread(self, network: str, sources: Iterable[str], removed: frozenset[str] = frozenset(),
               cut: frozenset[int] = frozenset()) -> dict[str, str]:
        """Every node ``network`` reaches from ``sources``, with the node it was reached from ('' for a
        source). Frames cross only switches; ``removed`` nodes and ``cut`` cables are out of service."""
        adj = self._adjacency.get(network, {})
        parent: dict[str, str] = {}
        queue: deque[str] = deque()
        for s in sorted(sources):
            if s in adj and s not in removed and s not in parent:
                parent[s] = ""
                queue.append(s)
        while queue:
            node = queue.popleft()
            if parent[node] and node not in self.switches:
                continue  # an end device does not forward
            for other, cable in adj[node]:
                if other in parent or other in removed or cable.id in cut:
                    continue
                parent[other] = node
                queue.append(other)
        return parent


def path_to(parent: dict[str, str], node: str) -> tuple[str, ...]:
    """The path from the spread's source to ``node`` (empty when it was not reached)."""
    if node not in parent:
        return ()
    out = [node]
    while parent[out[-1]]:
        out.append(parent[out[-1]])
    return tuple(out)


def first_reached(parent: dict[str, str], nodes: Iterable[str]) -> str | None:
    return next((n for n in sorted(nodes) if n in parent), None)


def _names(row: PortRow) -> frozenset[str]:
    return frozenset(c.network for c in row.carried)


def _tagging(row: PortRow) -> tuple[int | None, frozenset[int]]:
    return row.untagged_vlan, row.allowed if row.mode.value == "trunk" else frozenset()


def build_graph(design: Design, ports: PortPlan, addresses: AddressPlan) -> L2Graph:
    switches = {s.name: s for s in design.switches}
    at = {(r.switch, r.port): r for r in ports.rows}
    cables: list[Cable] = []
    mismatched: list[tuple[Cable, str]] = []
    done: set[tuple[str, str]] = set()
    for row in ports.rows:
        if (row.switch, row.port) in done:
            continue
        done.add((row.switch, row.port))
        far = at.get((row.peer_device, row.peer_interface)) if row.kind in SWITCH_LINKS else None
        if far is not None and far.peer_device == row.switch and far.peer_interface == row.port:
            done.add((far.switch, far.port))
            cable = Cable(len(cables), row.switch, row.port, far.switch, far.port, row.kind,
                          _names(row) & _names(far), (row, far))
            if _tagging(row) != _tagging(far) or _names(row) != _names(far):
                mismatched.append((cable, _difference(row, far)))
        else:
            node = row.peer_device
            if row.peer_device in switches and row.kind is LinkKind.server:
                node = f"{row.peer_device} {row.peer_interface}"  # a switch's out-of-band management port
            cable = Cable(len(cables), row.switch, row.port, node, row.peer_interface if node == row.peer_device
                          else "", row.kind, _names(row), (row,))
        cables.append(cable)
    holders = []
    for a in addresses.allocations:
        if a.is_range or not a.device:
            continue
        nodes = tuple(a.device.split("/"))
        sw = switches.get(a.device)
        if sw is not None and a.interface and a.interface == management_port(sw) and a.role == "switch":
            nodes = (f"{sw.name} {a.interface}",)
        holders.append(Holder(a.device, nodes, a.network, a.first, a.role, a.interface))
    return L2Graph(frozenset(switches), cables, holders, mismatched)


def _difference(a: PortRow, b: PortRow) -> str:
    parts = []
    if a.untagged_vlan != b.untagged_vlan:
        parts.append(f"untagged VLAN {a.untagged_vlan} on {a.switch} {a.port} but {b.untagged_vlan} on "
                     f"{b.switch} {b.port}")
    ta, tb = _tagging(a)[1], _tagging(b)[1]
    if ta != tb:
        only_a = sorted(ta - tb)
        only_b = sorted(tb - ta)
        if only_a:
            parts.append(f"VLAN(s) {', '.join(map(str, only_a[:8]))} tagged only on {a.switch} {a.port}")
        if only_b:
            parts.append(f"VLAN(s) {', '.join(map(str, only_b[:8]))} tagged only on {b.switch} {b.port}")
    na, nb = _names(a), _names(b)
    if na != nb and not parts:
        parts.append(f"network(s) {', '.join(sorted(na ^ nb))} on one end only")
    return "; ".join(parts)
