"""The VLAN plan: every VLAN a zone's switches carry, and what it is for.

A zone's VLANs are those of the networks its pods and the zone use (management, storage,
primary storage, basic-zone guest subnets, public, shared networks), those of the other
networks at the zone's site (management servers, switch management, transit), and the guest
VLAN ranges of its physical networks. Networks with a ``vlan`` that belong to no zone (a site
without a zone, no site at all) are listed with an empty zone so every VLAN of the design
appears. A network with ``untagged: true`` is listed with its switch VLAN and marked untagged
(at the hosts); a network without ``vlan`` is in the default VLAN and not listed.
"""

from __future__ import annotations

from collections import defaultdict

from ..inventory import Inventory
from ..model import Design
from .types import VlanUse

# Order in which several traffic kinds of one network are named: "management+storage".
_TRAFFIC_ORDER = ("management", "storage", "primary-storage", "vtep", "guest", "public", "shared", "switch")


def _device_traffic(design: Design) -> dict[str, set[str]]:
    """What non-CloudStack devices use each network for."""
    found: dict[str, set[str]] = defaultdict(set)
    m = design.management
    for ms in m.servers:
        found[ms.network].add("management")
    for db in (m.database.primary, m.database.replica):
        if db is not None:
            found[db.network].add("management")
    if m.load_balancer is not None:
        found[m.load_balancer.network].add("management")
    for server in design.storage_servers:
        for att in server.interfaces:
            found[att.network].add("storage")
    for sw in design.switches:
        if sw.management is not None:
            found[sw.management.network].add("switch")
        for att in sw.interfaces:
            found[att.network].add("switch")
    for fw in design.firewalls:
        for att in fw.interfaces:
            found[att.network].add("switch")
    return found


def _joined(kinds: set[str]) -> str:
    return "+".join(k for k in _TRAFFIC_ORDER if k in kinds)


def plan_vlans(design: Design, inventory: Inventory) -> list[VlanUse]:
    devices = _device_traffic(design)
    rows: list[VlanUse] = []
    covered: set[str] = set()
    for _, zone in inventory.zones():
        traffic: dict[str, set[str]] = defaultdict(set)
        pods: dict[str, set[str]] = defaultdict(set)
        zone_wide: set[str] = set()
        for pod in sorted(zone.pods, key=lambda p: p.id):
            uses = [(pod.management.network, "management")]
            uses += [(name, "primary-storage") for name in pod.primary_storage_networks]
            uses += [(g.network, "guest") for g in pod.guest_ranges]
            if pod.vtep_network:
                uses.append((pod.vtep_network, "vtep"))
            if pod.storage:
                uses.append((pod.storage.network, "storage"))
            for name, kind in uses:
                traffic[name].add(kind)
                pods[name].add(pod.name)
        for name, kind in [*((p.network, "public") for p in zone.public_ranges),
                           *((s.network, "shared") for s in zone.shared_networks)]:
            traffic[name].add(kind)
            zone_wide.add(name)
        zone_rows: list[VlanUse] = []
        for name, net in sorted(design.networks.items()):
            if net.vlan is None:
                continue
            if name in traffic:
                used_by = pods[name]
                scope = f"pod:{next(iter(used_by))}" if len(used_by) == 1 and name not in zone_wide else "zone"
                zone_rows.append(VlanUse(zone.name, net.vlan, net.vlan, name, _joined(traffic[name]), scope,
                                         net.untagged))
            elif net.site == zone.site:
                kinds = devices.get(name) or {"switch"}
                zone_rows.append(VlanUse(zone.name, net.vlan, net.vlan, name, _joined(kinds), f"site:{net.site}",
                                         net.untagged))
            else:
                continue
            covered.add(name)
        for pnet in zone.physical_networks:
            zone_rows += [VlanUse(zone.name, vr.first, vr.last, pnet.name, "guest", "zone") for vr in pnet.guest_vlans]
        rows += sorted(zone_rows)
    rest = [VlanUse("", net.vlan, net.vlan, name, _joined(devices.get(name) or {"switch"}),
                    f"site:{net.site}" if net.site else "deployment", net.untagged)
            for name, net in design.networks.items() if net.vlan is not None and name not in covered]
    return rows + sorted(rest)
