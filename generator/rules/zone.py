"""Zone-wide settings: DNS, the guest CIDR and guest VLANs of advanced zones."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import GuestNetworkKind, Networking, TrafficType
from .catalogue import ERROR, WARNING, rule
from .context import Context, Issue


@rule("ZONE-DNS-MISSING", ERROR, "Zones have public and internal DNS servers",
      "CloudStack createZone: dns1 and internaldns1 are required (guests resolve through dns1, system VMs "
      "through internaldns1).")
def dns_missing(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for field, param in (("public", "dns1"), ("internal", "internaldns1")):
            if not getattr(zone.dns, field):
                yield Issue(zone.dns, field, f"zone {zone.name} has no {field} DNS server (createZone {param})",
                            f"add at least one address under dns.{field}")


@rule("ZONE-INTERNAL-DNS-UNREACHABLE", ERROR, "Internal DNS is reachable from every pod's management network",
      "Field mistake #17 (apache/cloudstack#7185): system VMs use the internal DNS over the pod's management "
      "network; when it is neither in the pod subnet nor routed, the SSVM cannot resolve and template "
      "downloads fail.")
def internal_dns(ctx: Context) -> Iterator[Issue]:
    nets = ctx.design.networks
    for _, zone in ctx.inventory.zones():
        for i, address in enumerate(zone.dns.internal):
            home = next((n for n, net in nets.items() if address in net.cidr), None)
            for pod in sorted(zone.pods, key=lambda p: p.id):
                mgmt = nets[pod.management.network]
                if address in mgmt.cidr:
                    continue
                if mgmt.gateway is None:
                    why = f"outside {pod.management.network} ({mgmt.cidr}), which has no gateway"
                elif home is not None and nets[home].gateway is None:
                    why = f"on {home}, a network without a gateway"
                else:
                    continue
                yield Issue(zone.dns.internal, i, f"internal DNS {address} of zone {zone.name} is unreachable from "
                            f"pod {pod.name}: {why}", "use a DNS server on the management network or on a "
                            "routed network")


@rule("GUEST-CIDR-OVERLAP", WARNING, "The guest CIDR does not overlap the deployment's own networks",
      "CloudStack createZone guestcidraddress: isolated guest networks take their subnets from it, and the "
      "virtual router treats that subnet as local, so guests cannot reach servers whose addresses fall in it.")
def guest_cidr(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        if zone.guest_cidr is None:
            continue
        for name, net in ctx.design.networks.items():
            if net.cidr.overlaps(zone.guest_cidr):
                yield Issue(zone, "guest_cidr", f"guest CIDR {zone.guest_cidr} of zone {zone.name} overlaps network "
                            f"{name} ({net.cidr})", "pick a guest CIDR no infrastructure network uses")


@rule("ZONE-GUEST-VLANS-MISSING", ERROR, "Advanced zones with isolated or VPC networks reserve guest VLANs",
      "Seed 002: in advanced networking CloudStack isolates each guest network by VLAN and must be told which "
      "VLANs are reserved for it (createPhysicalNetwork/updatePhysicalNetwork vlan).")
def guest_vlans(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        if zone.networking is not Networking.advanced or zone.security_groups:
            continue
        kinds = [k.value for k in zone.guest_network_kinds if k in (GuestNetworkKind.isolated, GuestNetworkKind.vpc)]
        carriers = [p for p in zone.physical_networks if p.carries(TrafficType.guest)]
        if kinds and carriers and not any(p.guest_ranges for p in carriers):
            yield Issue(carriers[0], None, f"zone {zone.name} offers {' and '.join(kinds)} networks, but no guest "
                        f"physical network ({', '.join(p.name for p in carriers)}) has guest VLANs (or VNIs)",
                        f"add 'guest_vlans: [first-last]' (VXLAN: 'guest_vnis:') to {carriers[0].name}")
