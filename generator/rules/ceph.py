"""Ceph clusters behind RBD primary storage: the pool names a cluster the design has, the cluster keeps a
monitor quorum, and the KVM hosts reach its monitors from the networks they are on."""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import IPv4Address

from ..model import CephCluster, Pod, PrimaryProtocol
from .catalogue import ERROR, WARNING, Phase, rule
from .context import Context, Issue
from .primary_storage import _where, all_pools
from .walk import clusters

MIN_MONITORS = 3


def _cluster(ctx: Context, name: str | None) -> CephCluster | None:
    return next((c for c in ctx.design.ceph_clusters if c.name == name), None)


@rule("CEPH-CLUSTER-UNKNOWN", ERROR, "An RBD pool names a Ceph cluster and pool the design defines",
      "CloudStack's RBD URL (rbd://user:key@monitors/pool) is built from the Ceph cluster the pool lives in: its "
      "monitors, its cephx user and the Ceph pool. A cluster or pool the design does not define gives a URL "
      "libvirt cannot open ('failed to connect to the RADOS monitor' or 'No such file or directory').",
      Phase.references)
def cluster_unknown(ctx: Context) -> Iterator[Issue]:
    names = sorted(c.name for c in ctx.design.ceph_clusters)
    for zone, cluster, pool in all_pools(ctx):
        if pool.ceph is None:
            continue
        if pool.protocol is not PrimaryProtocol.rbd:
            yield Issue(pool, "ceph", f"{pool.protocol.value} pool {pool.name} of {_where(zone, cluster)} names Ceph "
                        f"cluster {pool.ceph}; only RBD pools live in a Ceph cluster",
                        "remove 'ceph:', or set 'protocol: rbd'")
            continue
        ceph = _cluster(ctx, pool.ceph)
        if ceph is None:
            yield Issue(pool, "ceph", f"RBD pool {pool.name} of {_where(zone, cluster)} names Ceph cluster "
                        f"{pool.ceph}, which is not in 'ceph_clusters'",
                        f"use one of: {', '.join(names)}" if names else "define the cluster under 'ceph_clusters' "
                        "(monitors, pools, user, secret)")
        elif pool.path.strip("/") not in ceph.pools:
            yield Issue(pool, "path", f"RBD pool {pool.name} of {_where(zone, cluster)} uses Ceph pool "
                        f"'{pool.path}', which Ceph cluster {ceph.name} does not list",
                        f"use one of: {', '.join(ceph.pools)}, or add it to the cluster's 'pools'")


@rule("CEPH-MONITORS-FEW", WARNING, "A Ceph cluster has at least three monitors",
      "Ceph monitors keep the cluster map by majority (Paxos): with one monitor its loss stops all I/O, and two "
      "monitors tolerate no failure either (both are needed for a majority). Three is the minimum that survives "
      "one monitor down; CloudStack lists every monitor in the RBD URL so libvirt fails over between them.")
def few_monitors(ctx: Context) -> Iterator[Issue]:
    for ceph in ctx.design.ceph_clusters:
        count = len({m.address for m in ceph.monitors})
        if count < MIN_MONITORS:
            yield Issue(ceph, "monitors", f"Ceph cluster {ceph.name} has {count} monitor{'s' if count != 1 else ''}: "
                        "losing one stops the cluster, and every RBD volume with it",
                        f"run at least {MIN_MONITORS} monitors (an odd number) and list them all")


def host_networks(pod: Pod) -> list[str]:
    """The networks a pod's hosts have an address on: management, dedicated primary storage, VXLAN underlay."""
    return [pod.management.network, *pod.primary_storage_networks,
            *([pod.vtep_network] if pod.vtep_network else [])]


def unreachable(ctx: Context, networks: list[str], address: IPv4Address) -> str | None:
    """Why ``address`` cannot be reached from hosts on ``networks`` (None when it can): directly in one of
    them, or through the management network's gateway to a routed network (or one outside the design)."""
    known = [(name, net) for name in networks if (net := ctx.network(name)) is not None]
    if any(address in net.cidr for _, net in known):
        return None
    target = next(((name, net) for name, net in sorted(ctx.design.networks.items()) if address in net.cidr), None)
    routed = [name for name, net in known if net.gateway is not None]
    if not routed:
        return f"it is in none of the hosts' networks ({', '.join(networks)}) and none of them has a gateway"
    if target is not None and target[1].gateway is None:
        return (f"it is on network {target[0]}, which has no gateway and is none of the hosts' networks "
                f"({', '.join(networks)})")
    return None


@rule("CEPH-MONITOR-UNREACHABLE", ERROR, "The KVM hosts reach every Ceph monitor",
      "libvirt on each KVM host opens the RBD pool by connecting to the monitors in the URL (apache/cloudstack#8405: "
      "'failed to connect to the RADOS monitor' when they are not reachable), through the host's own subnets or "
      "its default gateway. A monitor on a segment that is neither a host subnet nor routed is never reached.")
def monitor_unreachable(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for pod, cluster in clusters(zone):
            for pool in [*cluster.primary_storage, *zone.primary_storage]:
                ceph = _cluster(ctx, pool.ceph) if pool.protocol is PrimaryProtocol.rbd else None
                if ceph is None:
                    continue
                for i, mon in enumerate(ceph.monitors):
                    why = unreachable(ctx, host_networks(pod), mon.address)
                    if why is not None:
                        yield Issue(ceph.monitors[i], "address", f"Ceph monitor {mon.name} ({mon.address}) of "
                                    f"cluster {ceph.name} is not reachable from the hosts of cluster {cluster.name} "
                                    f"(pod {pod.name}), which use RBD pool {pool.name}: {why}",
                                    f"put the monitors on a network the hosts are on (e.g. one of pod {pod.name}'s "
                                    "'primary_storage_networks') or give both networks gateways")
