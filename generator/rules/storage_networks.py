"""Storage networks: the Storage traffic range, and primary storage on interfaces of its own (seed 000)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import HostProfile, Pod, PrimaryProtocol, PrimaryStorage, StorageServer, TrafficType, Zone
from .catalogue import ERROR, WARNING, rule
from .context import Context, Issue
from .walk import pools_of

STORAGE_GBPS = 10


def _servers(ctx: Context) -> dict[str, StorageServer]:
    return {s.name: s for s in ctx.design.storage_servers}


def _pod_pools(zone: Zone, pod: Pod) -> Iterator[tuple[str, PrimaryStorage]]:
    """(cluster name, pool) for every pool the pod's hosts mount, each pool once per pod."""
    seen: set[int] = set()
    for cluster in pod.clusters:
        for pool in pools_of(zone, cluster):
            if id(pool) not in seen:
                seen.add(id(pool))
                yield cluster.name, pool


def _profiles(ctx: Context, pod: Pod) -> dict[str, HostProfile]:
    found = {h.profile_name: h.profile for h in ctx.inventory.hosts_in_pod(pod) if h.profile}
    return dict(sorted(found.items()))


@rule("PRIMARY-NET-OVERLAPS-MANAGEMENT", ERROR, "Primary-storage networks are subnets apart from management",
      "Seed 000: the hypervisor tells its management interfaces apart only by subnet, so the primary-storage "
      "interface and the storage it reaches must be in a subnet that does not overlap the management subnet.")
def primary_net_overlap(ctx: Context) -> Iterator[Issue]:
    for pref in ctx.inventory.pods():
        pod = pref.pod
        mgmt = ctx.design.networks[pod.management.network]
        for i, name in enumerate(pod.primary_storage_networks):
            net = ctx.design.networks[name]
            if net.cidr.overlaps(mgmt.cidr):
                yield Issue(pod.primary_storage_networks, i, f"primary-storage network {name} ({net.cidr}) of pod "
                            f"{pod.name} overlaps its management network {pod.management.network} ({mgmt.cidr})",
                            "use a separate subnet for primary storage")


@rule("PRIMARY-SERVER-OUTSIDE-NETWORK", ERROR, "Primary storage sits inside the pod's primary-storage networks",
      "Seed 000: the interfaces of the primary storage must be in the same CIDR as the hosts' primary-storage "
      "interface, otherwise the hypervisor reaches it over the management interface. Seed 003: multipath "
      "iSCSI uses both storage networks.")
def primary_server_inside(ctx: Context) -> Iterator[Issue]:
    servers = _servers(ctx)
    for pref in ctx.inventory.pods():
        pod, zone = pref.pod, pref.zone
        if not pod.primary_storage_networks:
            continue
        for cluster, pool in _pod_pools(zone, pod):
            server = servers.get(pool.server or "")
            if server is None:
                continue
            on = {a.network for a in server.interfaces}
            wanted = pod.primary_storage_networks
            missing = [n for n in wanted if n not in on]
            if (pool.multipath and missing) or len(missing) == len(wanted):
                if len(wanted) == 1:
                    need = wanted[0]
                else:
                    need = ("each of " if pool.multipath else "one of ") + ", ".join(wanted)
                yield Issue(pool, "server", f"storage server {server.name} of pool {pool.name} (cluster {cluster}, "
                            f"pod {pod.name}) has no interface on {', '.join(missing)}; pod {pod.name} reaches "
                            f"primary storage over {', '.join(wanted)}",
                            f"give {server.name} an interface on {need}")


@rule("PRIMARY-INTERFACES-COUNT", ERROR, "Hosts have one primary-storage interface per primary-storage network",
      "Seed 000: each separate primary-storage subnet needs its own host interface with an address in it; "
      "seed 003: multipath iSCSI uses two interfaces on two networks.")
def primary_interfaces(ctx: Context) -> Iterator[Issue]:
    for pref in ctx.inventory.pods():
        pod = pref.pod
        want = len(pod.primary_storage_networks)
        if not want:
            continue
        for name, profile in _profiles(ctx, pod).items():
            have = len(profile.primary_storage_interfaces)
            if have != want:
                yield Issue(profile, "primary_storage_interfaces", f"host profile {name} (used in pod {pod.name}) "
                            f"lists {have} primary-storage interface(s), but the pod has {want} primary-storage "
                            f"network(s): {', '.join(pod.primary_storage_networks)}",
                            f"list {want} NIC or bond name(s) under primary_storage_interfaces, in network order")


@rule("STORAGE-NETWORK-ABSENT", WARNING, "Without a storage network, secondary-storage traffic uses management",
      "Seed 002: if a storage network is not defined, CloudStack routes all long-term storage traffic "
      "(templates, ISOs, snapshots between secondary storage and hosts) over the management network.")
def storage_absent(ctx: Context) -> Iterator[Issue]:
    for pref in ctx.inventory.pods():
        if pref.pod.storage is None:
            yield Issue(pref.pod, None, f"pod {pref.pod.name} (zone {pref.zone.name}) has no storage network: "
                        "template, ISO and snapshot copies share the management network",
                        "add 'storage:' (network and range) to the pod and Storage traffic to the zone if that "
                        "load would hurt management traffic")


@rule("STORAGE-TRAFFIC-WITHOUT-RANGE", ERROR, "Storage traffic comes with a storage range in every pod",
      "Install facts §8: the Storage traffic type gives the secondary storage VM a storage NIC with an address "
      "from createStorageNetworkIpRange of its pod; a pod without a range leaves it without one.")
def traffic_without_range(ctx: Context) -> Iterator[Issue]:
    for pref in ctx.inventory.pods():
        zone, pod = pref.zone, pref.pod
        carrier = next((p for p in zone.physical_networks if p.carries(TrafficType.storage)), None)
        if carrier and pod.storage is None:
            yield Issue(pod, None, f"zone {zone.name} carries Storage traffic on {carrier.name}, but pod {pod.name} "
                        "has no storage range", "add 'storage: {network: ..., range: ...}' to the pod")


@rule("STORAGE-RANGE-WITHOUT-TRAFFIC", ERROR, "A storage range needs Storage traffic in the zone",
      "CloudStack createStorageNetworkIpRange: the Storage traffic type must exist on a physical network "
      "of the zone.")
def range_without_traffic(ctx: Context) -> Iterator[Issue]:
    for pref in ctx.inventory.pods():
        zone, pod = pref.zone, pref.pod
        if pod.storage and not any(p.carries(TrafficType.storage) for p in zone.physical_networks):
            yield Issue(pod.storage, None, f"pod {pod.name} has a storage range ({pod.storage.range}), but no "
                        f"physical network of zone {zone.name} carries Storage traffic",
                        "add '- type: storage' to the traffic of the physical network that reaches "
                        f"{pod.storage.network}")


@rule("ISCSI-MULTIPATH-NETWORKS", ERROR, "iSCSI multipath runs over two storage networks, each routed",
      "Seed 003: iSCSI multipath uses two separate storage networks, two CIDR blocks each with its own default "
      "gateway, reached through two interfaces (bonding is one network, multipath is two).")
def multipath(ctx: Context) -> Iterator[Issue]:
    for pref in ctx.inventory.pods():
        pod, zone = pref.pod, pref.zone
        for cluster, pool in _pod_pools(zone, pod):
            if not pool.multipath:
                continue
            where = f"pool {pool.name} (cluster {cluster}, pod {pod.name})"
            if pool.protocol is not PrimaryProtocol.iscsi:
                yield Issue(pool, "multipath", f"{where} asks for multipath over protocol {pool.protocol.value}",
                            "multipath here means iSCSI over two storage networks: use protocol iscsi or drop it")
                continue
            nets = pod.primary_storage_networks
            if len(nets) < 2:
                yield Issue(pool, "multipath", f"{where} asks for iSCSI multipath, but pod {pod.name} has "
                            f"{len(nets)} primary-storage network(s)", "list two networks under the pod's "
                            "primary_storage_networks, one per path")
                continue
            a, b = ctx.design.networks[nets[0]], ctx.design.networks[nets[1]]
            if a.cidr.overlaps(b.cidr):
                yield Issue(pod.primary_storage_networks, 1, f"the multipath networks {nets[0]} ({a.cidr}) and "
                            f"{nets[1]} ({b.cidr}) of pod {pod.name} overlap", "use two separate CIDR blocks")
            for i, name in enumerate(nets[:2]):
                if ctx.design.networks[name].gateway is None:
                    yield Issue(pod.primary_storage_networks, i, f"multipath network {name} of pod {pod.name} "
                                "has no gateway", f"add 'gateway:' to network {name}")
            for pname, profile in _profiles(ctx, pod).items():
                ifaces = profile.primary_storage_interfaces
                if len(ifaces) >= 2 and ifaces[0] == ifaces[1]:
                    yield Issue(profile, "primary_storage_interfaces", f"host profile {pname} uses {ifaces[0]} for "
                                f"both multipath networks of pod {pod.name}", "use two different interfaces")


@rule("STORAGE-NIC-SPEED", WARNING, "Storage interfaces run at 10G or more",
      "Seed 003 (best practices): 10G networks are generally recommended for storage access when larger "
      "servers that can support relatively more VMs are used.")
def storage_speed(ctx: Context) -> Iterator[Issue]:
    reported: set[tuple[str, str]] = set()
    for pref in ctx.inventory.pods():
        pod, zone = pref.pod, pref.zone
        mgmt = next((p.interface for p in zone.physical_networks if p.carries(TrafficType.management)), None)
        stor = next((p.interface for p in zone.physical_networks if p.carries(TrafficType.storage)), None)
        for name, profile in _profiles(ctx, pod).items():
            ifaces = list(profile.primary_storage_interfaces) if pod.primary_storage_networks else []
            if not ifaces and mgmt:
                ifaces.append(mgmt)  # primary storage rides the management interface
            if stor:
                ifaces.append(stor)
            for iface in ifaces:
                slow = [n for n in profile.members_of(iface) if n.speed.gbps < STORAGE_GBPS]
                if slow and (name, iface) not in reported:
                    reported.add((name, iface))
                    nics = ", ".join(f"{n.name} {n.speed}" for n in slow)
                    yield Issue(slow[0], "speed", f"storage traffic of host profile {name} runs over {iface} "
                                f"({nics}), below {STORAGE_GBPS}G", f"use {STORAGE_GBPS}G or faster NICs for "
                                "storage")


@rule("PRIMARY-VIA-STORAGE-TRAFFIC", WARNING, "Primary storage is not reached through the Storage traffic network",
      "Field mistake #5: the Storage traffic type only carries secondary-storage (SSVM) traffic and hosts get "
      "no address from its range; seed 000: primary storage is reached from the host's own interfaces, so a "
      "server only on the storage-traffic subnet is reached through the management interface's gateway.")
def primary_via_storage_traffic(ctx: Context) -> Iterator[Issue]:
    servers = _servers(ctx)
    for pref in ctx.inventory.pods():
        pod, zone = pref.pod, pref.zone
        if pod.storage is None:
            continue
        direct = {pod.management.network, *pod.primary_storage_networks}
        if pod.storage.network in direct:
            continue
        for cluster, pool in _pod_pools(zone, pod):
            server = servers.get(pool.server or "")
            if server is None:
                continue
            on = {a.network for a in server.interfaces}
            if pod.storage.network in on and not on & direct:
                yield Issue(pool, "server", f"pool {pool.name} (cluster {cluster}) is served by {server.name} only "
                            f"on {pod.storage.network}, the Storage traffic network of pod {pod.name}; hosts have "
                            "no address there", f"list {pod.storage.network} under the pod's "
                            "primary_storage_networks (with host primary_storage_interfaces), or serve the pool "
                            "on the management network")
