"""Traffic types on a zone's physical networks."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import IsolationMethod, TrafficType
from .catalogue import ERROR, rule
from .context import Context, Issue

# Seed/field mistake #10: VXLAN adds 50 bytes of headers to every guest frame.
VXLAN_OVERHEAD = 50


@rule("TRAFFIC-ONE-PNET", ERROR, "Management, public and storage traffic each sit on one physical network",
      "Install facts §8 / CloudStack addTrafficType: Management, Public and Storage may each exist on only one "
      "physical network per zone; Guest may be on several (NetworkServiceImpl).")
def one_pnet(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for kind in (TrafficType.management, TrafficType.public, TrafficType.storage):
            carriers = [p for p in zone.physical_networks if p.carries(kind)]
            for pnet in carriers[1:]:
                yield Issue(pnet, "traffic", f"{kind.value} traffic is on physical network {pnet.name} and also on "
                            f"{carriers[0].name} in zone {zone.name}",
                            f"keep {kind.value} traffic on one physical network of the zone")


@rule("TRAFFIC-REPEATED", ERROR, "A traffic type appears once per physical network",
      "CloudStack addTrafficType adds one traffic type once to a physical network; its labels are per type.")
def repeated(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for pnet in zone.physical_networks:
            seen: set[TrafficType] = set()
            for traffic in pnet.traffic:
                if traffic.type in seen:
                    yield Issue(traffic, "type", f"{traffic.type.value} traffic is listed twice on physical network "
                                f"{pnet.name} (zone {zone.name})", "merge the two entries and their labels")
                seen.add(traffic.type)


@rule("TRAFFIC-REQUIRED", ERROR, "Every zone carries management and guest traffic",
      "CloudStack zone deployment (Marvin and the UI wizard) adds Management and Guest traffic to every zone: "
      "hosts and system VMs talk to the management server over Management, instances over Guest.")
def required(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for kind in (TrafficType.management, TrafficType.guest):
            if not any(p.carries(kind) for p in zone.physical_networks):
                yield Issue(zone, "physical_networks", f"zone {zone.name} has no physical network carrying "
                            f"{kind.value} traffic", f"add '- type: {kind.value}' to the traffic of one of its "
                            "physical networks")


@rule("VXLAN-MTU", ERROR, "VXLAN underlay MTU leaves room for the encapsulation",
      "Field mistake #10 (apache/cloudstack#7364, #7930): with VXLAN the underlay MTU must be at least the "
      "guest MTU + 50, or pings work while large transfers stall.")
def vxlan_mtu(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for pnet in zone.physical_networks:
            needs = pnet.guest_mtu + VXLAN_OVERHEAD  # the design's guest MTU (default 1500)
            if pnet.isolation is IsolationMethod.vxlan and pnet.mtu < needs:
                yield Issue(pnet, "mtu", f"physical network {pnet.name} (zone {zone.name}) isolates guests with "
                            f"VXLAN but its MTU is {pnet.mtu}; guests at {pnet.guest_mtu} need {needs}",
                            f"set 'mtu: 9000' (at least {needs}) on the physical network and its switch ports")
