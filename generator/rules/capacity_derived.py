"""Capacities the design implies, computed from it and checked against what it provides.

The per-object demands (``generator/data/capacity.yml``): management addresses of a pod's system-VM
range, public addresses, guest VLANs, basic-zone guest addresses, secondary storage for the system VM
templates, and database connections of the management servers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..data import yaml_data
from ..model import (
    Cluster,
    GuestNetworkKind,
    Hypervisor,
    IsolationMethod,
    Networking,
    PhysicalNetwork,
    Pod,
    Zone,
)
from .catalogue import ERROR, rule
from .context import Context, Issue
from .walk import pod_hypervisors

DB_ROLES = ("primary", "replica")


def facts() -> dict[str, Any]:
    return yaml_data("capacity.yml")


@dataclass(frozen=True)
class Demand:
    """How many of something the design needs, and what they are for (for messages)."""

    total: int
    why: str


def _counted(parts: dict[str, int]) -> tuple[int, str]:
    return sum(parts.values()), ", ".join(f"{n} {what}" for what, n in parts.items())


def pod_private_demand(zone: Zone, pod: Pod) -> Demand:
    """Management addresses a pod's system-VM range must hold: the zone's system VMs may land in any pod, and on
    hypervisors without link-local access every planned router takes one too (all may land in this pod)."""
    data = facts()["private_addresses"]
    total, why = _counted({str(k): int(v) for k, v in data["system_vms"].items()})
    per_router: dict[str, int] = data["per_router"]
    routed = [h.value for h in pod_hypervisors(pod) if per_router.get(h.value, 0)]
    if routed and zone.planned_routers:
        each = max(per_router[h] for h in routed)
        total += each * zone.planned_routers
        why += f", {each * zone.planned_routers} for the {zone.planned_routers} planned routers on {', '.join(routed)}"
    return Demand(total, why)


def public_demand(zone: Zone) -> Demand:
    data = facts()["public_addresses"]
    total, why = _counted({str(k): int(v) for k, v in data["system_vms"].items()})
    routers = int(data["per_router"]) * zone.planned_routers
    return Demand(total + routers, f"{why}, {routers} for the {zone.planned_routers} planned routers")


def _guest_ids(pnet: PhysicalNetwork) -> int:
    """Guest VLANs, or VNIs with VXLAN isolation, a physical network offers."""
    if pnet.isolation is IsolationMethod.vxlan:
        return sum(r.last - r.first + 1 for r in pnet.guest_vnis)
    return sum(r.size for r in pnet.guest_vlans)


def guest_vlan_supply(zone: Zone) -> int:
    """Guest VLANs (or VNIs) the zone's physical networks offer."""
    return sum(_guest_ids(pnet) for pnet in zone.physical_networks)


def direct_demand(ctx: Context, zone: Zone, pod: Pod) -> Demand | None:
    """Guest addresses of a basic-zone pod: its planned VMs and its virtual router (None: no VMs planned)."""
    if zone.networking is not Networking.basic:
        return None
    planned = [c.planned_vms for c in pod.clusters if c.planned_vms is not None]
    if not planned:
        return None
    router = int(facts()["direct_addresses"]["per_pod_router"])
    return Demand(sum(planned) + router, f"{sum(planned)} planned VMs and {router} for the pod's virtual router")


def cluster_vm_room(ctx: Context, cluster: Cluster) -> int:
    """VMs the cluster's hosts hold by the design's per-host limits."""
    return sum(h.profile.max_vms for h in ctx.inventory.hosts_of(cluster) if h.profile)


def template_gb(hypervisors: list[Hypervisor]) -> float:
    sizes: dict[str, float] = facts()["template_gb"]
    return sum(float(sizes.get(h.value, 0)) for h in hypervisors)


def connections_per_server() -> int:
    pools: dict[str, int] = facts()["db_pools"]
    return sum(int(v) for v in pools.values())


def _pools_text() -> str:
    pools: dict[str, int] = facts()["db_pools"]
    return " + ".join(f"{v} ({k})" for k, v in pools.items())


@rule("CAPACITY-GUEST-VLANS", ERROR, "A zone has a guest VLAN for every planned network",
      "Seed 002: each isolated guest network (and each VPC tier) takes a VLAN (or VNI) of the zone's guest range, "
      "and CloudStack refuses to implement a network when the range is used up; planned_routers counts the "
      "isolated networks and VPCs planned (generator/data/capacity.yml).")
def guest_vlans(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        offers = {GuestNetworkKind.isolated, GuestNetworkKind.vpc} & set(zone.guest_network_kinds)
        if zone.networking is not Networking.advanced or not offers or not zone.planned_routers:
            continue
        supply = guest_vlan_supply(zone)
        if supply < zone.planned_routers:
            pnets = [p.name for p in zone.physical_networks if _guest_ids(p)]
            held = f"the guest ranges of {', '.join(pnets)} hold {supply}" if pnets else "it has no guest range"
            yield Issue(zone, "planned_routers", f"zone {zone.name} plans {zone.planned_routers} isolated networks "
                        f"or VPCs, each with a guest VLAN (or VNI), but {held}",
                        f"widen the guest ranges to at least {zone.planned_routers} VLANs or VNIs, or lower "
                        "planned_routers")


@rule("CAPACITY-GUEST-ADDRESSES", ERROR, "A basic-zone pod's guest range holds its planned VMs and router",
      "Seed 002: in a basic zone every guest VM takes an address of its pod's guest range, and the pod's virtual "
      "router (DHCP, DNS) takes one more; CloudStack refuses to start VMs once the range is used up "
      "(generator/data/capacity.yml).")
def guest_addresses(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for pod in sorted(zone.pods, key=lambda p: p.id):
            need = direct_demand(ctx, zone, pod)
            if need is None or not pod.guest_ranges:
                continue
            have = sum(gr.range.size for gr in pod.guest_ranges)
            if have < need.total:
                yield Issue(pod, "guest_ranges", f"the guest ranges of pod {pod.name} (zone {zone.name}) hold {have} "
                            f"addresses; it needs {need.total}: {need.why}",
                            f"add at least {need.total - have} guest addresses, or lower planned_vms")


@rule("CAPACITY-DB-CONNECTIONS", ERROR, "The database accepts every management server's connection pools",
      "CloudStack's db.properties opens pools of db.cloud.maxActive (250) and db.usage.maxActive (100) connections "
      "per management server; install facts §3: max_connections of 350 × the management servers. Below that, "
      "servers fail with 'Too many connections' under load (generator/data/capacity.yml).")
def db_connections(ctx: Context) -> Iterator[Issue]:
    mgmt = ctx.design.management
    limit = mgmt.database.max_connections
    if limit is None:
        return  # the runbook sets what the servers need
    each = connections_per_server()
    users = {"primary": [ms.name for ms in mgmt.servers if not ms.standby],
             "replica": [ms.name for ms in mgmt.servers if ms.standby] if mgmt.database.replica else []}
    for role in DB_ROLES:
        names = users[role]
        need = each * len(names)
        if names and limit < need:
            kind = "active" if role == "primary" else "standby (after failover)"
            yield Issue(mgmt.database, "max_connections", f"max_connections {limit} of the {role} database is below "
                        f"{need}: {len(names)} {kind} management server(s) ({', '.join(names)}) × {each} "
                        f"({_pools_text()})", f"set max_connections to at least {need}, or shrink the pools in "
                        "db.properties")
