"""The diagram model: a small typed graph that builders produce and the renderer draws.

Builders turn the design into these objects; tests check them (which design objects appear,
which links exist) without looking at pixels. Every id is derived from design names, so the
same design always gives the same graph, and the same graph the same picture.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class DiagramKind(StrEnum):
    """The four families of pictures; each has its own section on the diagrams page."""

    topology = "topology"
    planes = "planes"
    hierarchy = "hierarchy"
    wiring = "wiring"


class NodeKind(StrEnum):
    # devices (drawn with icons)
    internet = "internet"
    firewall = "firewall"
    core_switch = "core_switch"
    access_switch = "access_switch"
    storage_switch = "storage_switch"
    management_server = "management_server"
    load_balancer = "load_balancer"
    database = "database"
    storage_server = "storage_server"  # variant: the server's role (nfs, iscsi, ceph, …)
    host = "host"  # variant: hypervisor
    host_group = "host_group"  # several hosts of one cluster drawn as one node; variant: hypervisor
    # CloudStack's logical objects (drawn as boxes)
    region = "region"
    zone = "zone"
    pod = "pod"
    cluster = "cluster"
    primary_pool = "primary_pool"  # variant: protocol
    secondary_store = "secondary_store"  # variant: protocol
    # networks and host interfaces (drawn as boxes, coloured by traffic type in ``variant``)
    network = "network"
    physical_network = "physical_network"
    nic = "nic"
    bond = "bond"
    vlan_interface = "vlan_interface"
    bridge = "bridge"  # the traffic label: KVM bridge, XenServer network, VMware vSwitch


class GroupKind(StrEnum):
    site = "site"
    pod = "pod"
    switch_group = "switch_group"
    cluster = "cluster"
    management = "management"
    storage = "storage"
    edge = "edge"
    host = "host"
    zone = "zone"


class LinkKind(StrEnum):
    cable = "cable"  # host or server to switch
    uplink = "uplink"  # switch to core, core to firewall
    peer = "peer"  # MLAG/vPC peer link, VRRP pair, firewall HA pair
    wan = "wan"  # firewall to the Internet
    replication = "replication"  # database or storage replication between sites
    service = "service"  # load balancer to management servers, servers to database
    contains = "contains"  # hierarchy: parent to child
    carries = "carries"  # a network or interface carried by another


@dataclass(frozen=True)
class Node:
    id: str
    kind: NodeKind
    label: str
    group: str | None = None  # id of the Group drawn around it
    variant: str = ""  # hypervisor, storage role/protocol, database engine, traffic type
    stands_for: tuple[str, ...] = ()  # names of the design objects this node draws


@dataclass(frozen=True)
class Group:
    id: str
    kind: GroupKind
    label: str
    parent: str | None = None
    stacked: bool = False  # draw the direct members side by side in one rank, in order
    columns: int = 1  # with ``stacked``: split the members over this many ranks (a grid)


@dataclass(frozen=True)
class Edge:
    """A link between two endpoints: node ids, or group ids (drawn to the group's border)."""

    source: str
    target: str
    kind: LinkKind
    label: str = ""
    variant: str = ""  # traffic type, for links that carry one
    span: int = 1  # ranks (columns or rows) the link crosses at least


class GraphError(ValueError):
    """A builder produced an inconsistent graph (a bug, not a design error)."""


@dataclass(frozen=True)
class Graph:
    name: str  # file stem under diagrams/
    kind: DiagramKind
    title: str
    caption: str
    direction: str  # Graphviz rankdir: LR or TB
    nodes: tuple[Node, ...]
    groups: tuple[Group, ...] = ()
    edges: tuple[Edge, ...] = ()
    subject: str = ""  # what the picture is about within its section: a pod, a zone, a profile

    def node(self, node_id: str) -> Node:
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)

    def stands_for(self) -> set[str]:
        """Every design object name drawn in this graph."""
        return {name for node in self.nodes for name in node.stands_for}

    def nodes_of(self, *kinds: NodeKind) -> list[Node]:
        return [n for n in self.nodes if n.kind in kinds]

    def children(self, parent: str | None) -> list[Group]:
        return [g for g in self.groups if g.parent == parent]

    def members(self, group: str | None) -> list[Node]:
        return [n for n in self.nodes if n.group == group]

    def linked(self, a: str, b: str) -> bool:
        return any({e.source, e.target} == {a, b} for e in self.edges)

    def check(self) -> None:
        node_ids = [n.id for n in self.nodes]
        group_ids = [g.id for g in self.groups]
        for ids, what in ((node_ids, "node"), (group_ids, "group")):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise GraphError(f"{self.name}: duplicate {what} ids {dupes}")
        if set(node_ids) & set(group_ids):
            raise GraphError(f"{self.name}: ids used for both nodes and groups: "
                             f"{sorted(set(node_ids) & set(group_ids))}")
        groups = {g.id: g for g in self.groups}
        for node in self.nodes:
            if node.group is not None and node.group not in groups:
                raise GraphError(f"{self.name}: node {node.id} is in unknown group {node.group}")
        for group in self.groups:
            seen = {group.id}
            parent = group.parent
            while parent is not None:
                if parent not in groups:
                    raise GraphError(f"{self.name}: group {group.id} has unknown parent {parent}")
                if parent in seen:
                    raise GraphError(f"{self.name}: group {group.id} is inside itself")
                seen.add(parent)
                parent = groups[parent].parent
        endpoints = set(node_ids) | set(group_ids)
        for edge in self.edges:
            for end in (edge.source, edge.target):
                if end not in endpoints:
                    raise GraphError(f"{self.name}: edge {edge.source} → {edge.target} ends at unknown {end}")
            if edge.source == edge.target:
                raise GraphError(f"{self.name}: edge from {edge.source} to itself")
        for group in self.groups:
            if not self.members(group.id) and not self.children(group.id):
                raise GraphError(f"{self.name}: group {group.id} is empty")


@dataclass
class GraphBuilder:
    """Collects nodes, groups and edges in the order builders add them."""

    name: str
    kind: DiagramKind
    title: str
    caption: str
    direction: str = "LR"
    subject: str = ""
    nodes: list[Node] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)

    def add(self, node: Node) -> str:
        self.nodes.append(node)
        return node.id

    def group(self, group: Group) -> str:
        self.groups.append(group)
        return group.id

    def link(self, source: str, target: str, kind: LinkKind, label: str = "", *, variant: str = "",
             span: int = 1) -> None:
        self.edges.append(Edge(source, target, kind, label, variant, span))

    def linked(self, a: str, b: str) -> bool:
        return any({e.source, e.target} == {a, b} for e in self.edges)

    def has(self, endpoint: str) -> bool:
        return any(n.id == endpoint for n in self.nodes) or any(g.id == endpoint for g in self.groups)

    def build(self) -> Graph:
        used = {g.id for g in self.groups if any(n.group == g.id for n in self.nodes)}
        # keep only groups that hold something (directly or through a child)
        changed = True
        while changed:
            changed = False
            for g in self.groups:
                if g.id in used and g.parent is not None and g.parent not in used:
                    used.add(g.parent)
                    changed = True
        graph = Graph(self.name, self.kind, self.title, self.caption, self.direction, tuple(self.nodes),
                      tuple(g for g in self.groups if g.id in used), tuple(self.edges), self.subject)
        graph.check()
        return graph


_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def ident(prefix: str, *names: str) -> str:
    """A stable node or group id from a prefix and design names: letters, digits, '.', '-' and '_' as
    they are, any other character as '_' and its code (Graphviz reads ':' as a port, and quotes and
    backslashes differently in a node statement and in an edge), so two names give two ids."""
    return _ID_UNSAFE.sub(lambda m: f"_{ord(m[0]):x}_", "_".join((prefix, *names)))


def host_range(names: Iterable[str]) -> str:
    """'ams1-p01-kvm01…16' for a run of numbered names; 'a, b' for two; the name for one."""
    ordered = list(names)
    if not ordered:
        return ""
    if len(ordered) == 1:
        return ordered[0]
    first, last = ordered[0], ordered[-1]
    common = 0
    while common < min(len(first), len(last)) and first[common] == last[common]:
        common += 1
    while common > 0 and first[common - 1].isdigit():  # keep the number whole: kvm01…09, not kvm01…9
        common -= 1
    return f"{first}…{last[common:]}"

