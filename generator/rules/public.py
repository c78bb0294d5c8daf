"""Public traffic and public IP ranges of a zone."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Networking, TrafficType, Zone
from .capacity_derived import public_demand
from .catalogue import ERROR, rule
from .context import Context, Issue


def _sg(zone: Zone) -> bool:
    return zone.networking is Networking.basic or zone.security_groups


def _has_public(zone: Zone) -> bool:
    return any(p.carries(TrafficType.public) for p in zone.physical_networks)


@rule("PUBLIC-TRAFFIC-MISSING", ERROR, "Advanced zones without security groups carry public traffic",
      "Seed 002: in isolated and VPC networks the virtual router takes a public address from the public range, "
      "and public ranges are zone-wide, reached by every host over the physical network with Public traffic.")
def traffic_missing(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        if not _sg(zone) and not _has_public(zone):
            held = ""
            if zone.public_ranges:
                held = f" (its {len(zone.public_ranges)} public range(s) would be unreachable)"
            yield Issue(zone, "physical_networks", f"advanced zone {zone.name} has no physical network carrying "
                        f"public traffic{held}", "add '- type: public' to the traffic of the physical network that "
                        "reaches the public networks")


@rule("PUBLIC-RANGES-MISSING", ERROR, "Advanced zones without security groups have public ranges",
      "Seed 002: for isolated and VPC networks the cloud builder must provide one or more public ranges; "
      "the secondary storage and console proxy VMs also take public addresses (field mistake #2).")
def ranges_missing(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        if not _sg(zone) and not zone.public_ranges:
            yield Issue(zone, None, f"advanced zone {zone.name} has no public ranges",
                        "add 'public_ranges: [{network: ..., range: ...}]'")


@rule("PUBLIC-RANGES-NOT-ALLOWED", ERROR, "Security-group zones have no public ranges",
      "CloudStack createVlanIpRange refuses forvirtualnetwork (public) ranges in security-group-enabled zones, "
      "and basic zones are always security-group enabled (createZone).")
def not_allowed(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        if _sg(zone) and zone.public_ranges:
            kind = "basic zone" if zone.networking is Networking.basic else "security-group zone"
            yield Issue(zone, "public_ranges", f"{kind} {zone.name} has public ranges",
                        "remove public_ranges; guests are reached directly on their guest or shared network")


@rule("PUBLIC-POOL-SMALL", ERROR, "The public pool holds the system VMs and every planned router",
      "Field mistake #2 (apache/cloudstack#7171): public addresses must be at least 2 per zone (SSVM and CPVM) "
      "plus one per isolated network or VPC router planned, or InsufficientAddressCapacity stops the SSVM.")
def pool_small(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        if _sg(zone) or not zone.public_ranges:
            continue
        have = sum(pr.range.size for pr in zone.public_ranges)
        need = public_demand(zone)
        if have < need.total:
            yield Issue(zone, "public_ranges", f"zone {zone.name} has {have} public address(es); it needs "
                        f"{need.total}: {need.why}",
                        f"add public addresses (at least {need.total - have} more), or lower planned_routers")
