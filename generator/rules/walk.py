"""Walking a design for the design-phase rules: CloudStack ranges, device addresses, clusters, settings.

Every helper yields in a stable order (zones as written, pods by id, devices as written) so the
findings, and their wording, never depend on set or dict iteration order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from ipaddress import IPv4Address, IPv4Network
from typing import Any

from ..model import AddressRange, Cluster, Hypervisor, Network, Pod, PrimaryProtocol, PrimaryStorage, Zone
from .context import Context, cloudstack_settings


@dataclass(frozen=True)
class RangeUse:
    """An address range handed to CloudStack, and the network it comes from."""

    obj: object
    attr: str
    kind: str  # system, storage, guest, public, shared
    network: str
    range: AddressRange
    zone: Zone
    pod: Pod | None
    name: str = ""  # shared network name

    @property
    def label(self) -> str:
        if self.kind == "system":
            return f"system-VM range {self.range} of pod {self.pod_name}"
        if self.kind == "storage":
            return f"storage range {self.range} of pod {self.pod_name}"
        if self.kind == "guest":
            return f"guest range {self.range} of pod {self.pod_name}"
        if self.kind == "public":
            return f"public range {self.range} of zone {self.zone.name}"
        return f"range {self.range} of shared network {self.name} in zone {self.zone.name}"

    @property
    def pod_name(self) -> str:
        return self.pod.name if self.pod else ""


def ranges(ctx: Context) -> Iterator[RangeUse]:
    """Every range the design hands to CloudStack (createPod, createStorageNetworkIpRange, createVlanIpRange)."""
    for pref in ctx.inventory.pods():
        pod, zone = pref.pod, pref.zone
        yield RangeUse(pod.management, "system_range", "system", pod.management.network,
                       pod.management.system_range, zone, pod)
        if pod.storage:
            yield RangeUse(pod.storage, "range", "storage", pod.storage.network, pod.storage.range, zone, pod)
        for gr in pod.guest_ranges:
            yield RangeUse(gr, "range", "guest", gr.network, gr.range, zone, pod)
    for _, zone in ctx.inventory.zones():
        for pr in zone.public_ranges:
            yield RangeUse(pr, "range", "public", pr.network, pr.range, zone, None)
        for sn in zone.shared_networks:
            yield RangeUse(sn, "range", "shared", sn.network, sn.range, zone, None, sn.name)


@dataclass(frozen=True)
class DeviceAddress:
    """An address the design gives a device explicitly on one of the named networks."""

    obj: object
    attr: str | int
    device: str
    kind: str  # management server, load-balancer VIP, load balancer, database, switch, firewall, storage server, host
    network: str
    address: IPv4Address
    shared_by: int = 1  # hosts generated from one entry that all get this address

    @property
    def label(self) -> str:
        return f"{self.kind} {self.device}"


def device_addresses(ctx: Context) -> Iterator[DeviceAddress]:
    d = ctx.design
    for ms in d.management.servers:
        if ms.address:
            yield DeviceAddress(ms, "address", ms.name, "management server", ms.network, ms.address)
    lb = d.management.load_balancer
    if lb:
        pair = "/".join(lb.names)
        if lb.vip:
            yield DeviceAddress(lb, "vip", pair, "load-balancer VIP of", lb.network, lb.vip)
        for i, address in enumerate(lb.addresses):
            name = lb.names[i] if i < len(lb.names) else pair
            yield DeviceAddress(lb.addresses, i, name, "load balancer", lb.network, address)
    for db in (d.management.database.primary, d.management.database.replica):
        if db is not None and db.address:
            yield DeviceAddress(db, "address", db.name, "database", db.network, db.address)
    for sw in d.switches:
        if sw.management and sw.management.address:
            yield DeviceAddress(sw.management, "address", sw.name, "switch", sw.management.network,
                                sw.management.address)
    for fw in d.firewalls:
        for att in fw.interfaces:
            if att.address:
                yield DeviceAddress(att, "address", fw.name, "firewall", att.network, att.address)
    for srv in d.storage_servers:
        for att in srv.interfaces:
            if att.address:
                yield DeviceAddress(att, "address", srv.name, "storage server", att.network, att.address)
    for ceph in d.ceph_clusters:
        for i, mon in enumerate(ceph.monitors):
            home = next((name for name, net in sorted(d.networks.items()) if mon.address in net.cidr), None)
            if home is not None:
                yield DeviceAddress(ceph.monitors[i], "address", mon.name, "Ceph monitor", home, mon.address)
    seen_entries: set[int] = set()
    for host in ctx.inventory.hosts:
        if id(host.entry) in seen_entries:
            continue
        seen_entries.add(id(host.entry))
        for net, address in host.entry.addresses.items():
            name = host.name if host.entry.count == 1 else host.entry.name
            yield DeviceAddress(host.entry.addresses, net, name, "host", net, address, host.entry.count)


def reserved_addresses(net: Network) -> dict[IPv4Address, str]:
    """Addresses of a subnet nobody may take: network, broadcast and gateway."""
    out: dict[IPv4Address, str] = {}
    if net.cidr.prefixlen <= 30:
        out[net.cidr.network_address] = "network address"
        out[net.cidr.broadcast_address] = "broadcast address"
    if net.gateway is not None:
        out[net.gateway] = "gateway"
    return out


def usable(cidr: IPv4Network) -> int:
    return cidr.num_addresses - 2 if cidr.prefixlen <= 30 else cidr.num_addresses


def clusters(zone: Zone) -> Iterator[tuple[Pod, Cluster]]:
    for pod in sorted(zone.pods, key=lambda p: p.id):
        for cluster in pod.clusters:
            yield pod, cluster


def zone_hypervisors(zone: Zone) -> list[Hypervisor]:
    """Hypervisors of the zone's clusters, in the order of the Hypervisor enum."""
    used = {c.hypervisor for _, c in clusters(zone)}
    return [h for h in Hypervisor if h in used]


def pod_hypervisors(pod: Pod) -> list[Hypervisor]:
    used = {c.hypervisor for c in pod.clusters}
    return [h for h in Hypervisor if h in used]


def pools_of(zone: Zone, cluster: Cluster) -> list[PrimaryStorage]:
    """Primary storage a cluster's hosts use: its own pools and the zone-wide pools for its hypervisor."""
    zone_wide = [p for p in zone.primary_storage
                 if p.hypervisor is None or p.hypervisor.lower() in (cluster.hypervisor.value, "any")]
    return [*cluster.primary_storage, *zone_wide]


def shared_storage(zone: Zone, cluster: Cluster) -> bool:
    """The cluster's hosts share primary storage (anything but local disks, or no local disks at all)."""
    pools = pools_of(zone, cluster)
    shared = [p for p in pools if p.protocol is not PrimaryProtocol.local]
    return bool(shared) or not (zone.local_storage or pools)


def offers_ha(zone: Zone, cluster: Cluster) -> bool:
    """What the design asks for, else what its storage allows (HA needs shared storage)."""
    return cluster.ha if cluster.ha is not None else shared_storage(zone, cluster)


def migrates(zone: Zone, cluster: Cluster) -> bool:
    """What the design asks for, else what its storage allows (live migration needs shared storage)."""
    return cluster.live_migration if cluster.live_migration is not None else shared_storage(zone, cluster)


@cache
def settings_catalogue() -> dict[str, dict[str, Any]]:
    return cloudstack_settings()


def setting(ctx: Context, name: str) -> str:
    """The value a global setting will have: the design's, else CloudStack's default (as text)."""
    if name in ctx.design.settings:
        value = ctx.design.settings[name]
        return str(value).lower() if isinstance(value, bool) else str(value)
    default = settings_catalogue().get(name, {}).get("default")
    return "" if default is None else str(default)


def setting_is_true(ctx: Context, name: str) -> bool:
    return setting(ctx, name).strip().lower() == "true"


def vlans_text(values: list[int]) -> str:
    return ", ".join(str(v) for v in sorted(set(values)))



def overlapping_pairs(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Every pair (i, j), i < j, of positions in ``spans`` (inclusive first and last numbers) that
    overlap, in ascending order.

    Sort and sweep: spans sorted by first number, each compared only with the earlier ones still open
    at its first number, so n spans cost n log n plus the overlaps found, not n² comparisons.
    """
    order = sorted(range(len(spans)), key=lambda i: spans[i])
    open_: list[tuple[int, int]] = []  # (last, position) of the spans that may still overlap later ones
    pairs: list[tuple[int, int]] = []
    for i in order:
        first, last = spans[i]
        open_ = [(end, j) for end, j in open_ if end >= first]
        pairs.extend((min(i, j), max(i, j)) for _, j in open_)
        open_.append((last, i))
    return sorted(pairs)


def subnet_span(net: IPv4Network) -> tuple[int, int]:
    return int(net.network_address), int(net.broadcast_address)


def range_span(r: AddressRange) -> tuple[int, int]:
    return int(r.first), int(r.last)
