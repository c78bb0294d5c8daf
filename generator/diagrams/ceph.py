"""Ceph clusters in the diagrams: their monitors and pools, with ids from the cluster's and monitors' names.

The design describes a Ceph cluster by what CloudStack needs of it (monitors, pools, the cephx user), not its
OSD hosts or their cabling, so the pictures draw exactly that: the physical topology a box per cluster with
its monitors (and their addresses) and its pools, joined to the switches of the network the monitors are on;
the network planes the cluster on that network; the hierarchy each RBD pool to its cluster.
"""

from __future__ import annotations

from ipaddress import IPv4Address

from ..model import CephCluster, Design, PrimaryProtocol, Zone
from .graph import GraphBuilder, Group, GroupKind, LinkKind, Node, NodeKind, ident


def cluster_id(cluster: CephCluster) -> str:
    return ident("ceph", cluster.name)


def monitor_id(cluster: CephCluster, monitor: str) -> str:
    return ident("ceph-mon", cluster.name, monitor)


def pools_id(cluster: CephCluster) -> str:
    return ident("ceph-pools", cluster.name)


def monitor_networks(design: Design, cluster: CephCluster) -> list[str]:
    """The design's networks the monitors' addresses are in (the Ceph public network), in name order."""
    found = set()
    for monitor in cluster.monitors:
        try:
            address = IPv4Address(str(monitor.address))
        except ValueError:
            continue
        found |= {name for name, net in design.networks.items() if address in net.cidr}
    return sorted(found)


def summary(cluster: CephCluster) -> str:
    monitors = ", ".join(m.name for m in cluster.monitors)
    return f"Ceph cluster {cluster.name}\nmonitors {monitors}\npools {', '.join(cluster.pools)}"


def clusters_of_zone(design: Design, zone: Zone) -> list[CephCluster]:
    """The Ceph clusters the zone's RBD pools live in, in name order."""
    used = {p.ceph for pod in zone.pods for c in pod.clusters for p in c.primary_storage
            if p.protocol is PrimaryProtocol.rbd and p.ceph}
    used |= {p.ceph for p in zone.primary_storage if p.protocol is PrimaryProtocol.rbd and p.ceph}
    return sorted((c for c in design.ceph_clusters if c.name in used), key=lambda c: c.name)


def draw_physical(b: GraphBuilder, design: Design, cluster: CephCluster, parent: str | None,
                  attach: str | None) -> None:
    """The cluster as a box of its monitors and pools, joined to ``attach`` (the switches of its site)."""
    label = f"Ceph cluster {cluster.name}" + (f" — {cluster.description}" if cluster.description else "")
    group = b.group(Group(cluster_id(cluster), GroupKind.storage, label, parent, stacked=True))
    for monitor in cluster.monitors:
        b.add(Node(monitor_id(cluster, monitor.name), NodeKind.storage_server,
                   f"{monitor.name}\nmonitor · {monitor.address}", group, "ceph", (monitor.name,)))
    b.add(Node(pools_id(cluster), NodeKind.primary_pool, "RBD pools\n" + "\n".join(cluster.pools), group, "rbd",
               tuple(cluster.pools)))
    if attach is not None and b.has(attach):
        networks = ", ".join(monitor_networks(design, cluster)) or "its public network"
        b.link(attach, group, LinkKind.cable, f"{networks} (the cluster's own cabling, outside the design)")
