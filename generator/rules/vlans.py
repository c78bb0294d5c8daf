"""VLANs: guest VLAN ranges apart from each other and from the VLANs of a zone's own networks."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from ..model import PhysicalNetwork, VlanRange, Zone
from .catalogue import ERROR, WARNING, rule
from .context import Context, Issue


def zone_networks(ctx: Context, zone: Zone) -> dict[str, str]:
    """Networks a zone uses or that live at its site, with the role each plays (for messages)."""
    roles: dict[str, str] = {}
    for pod in sorted(zone.pods, key=lambda p: p.id):
        roles.setdefault(pod.management.network, f"management of pod {pod.name}")
        if pod.storage:
            roles.setdefault(pod.storage.network, f"storage traffic of pod {pod.name}")
        for name in pod.primary_storage_networks:
            roles.setdefault(name, f"primary storage of pod {pod.name}")
        for gr in pod.guest_ranges:
            roles.setdefault(gr.network, f"guest addresses of pod {pod.name}")
    for pr in zone.public_ranges:
        roles.setdefault(pr.network, "public traffic")
    for sn in zone.shared_networks:
        roles.setdefault(sn.network, f"shared network {sn.name}")
    for name, net in ctx.design.networks.items():
        if net.site == zone.site:
            roles.setdefault(name, f"site {zone.site}")
    return roles


def _guest_ranges(zone: Zone) -> list[tuple[PhysicalNetwork, int, VlanRange]]:
    return [(pnet, i, vr) for pnet in zone.physical_networks for i, vr in enumerate(pnet.guest_vlans)]


@rule("GUEST-VLAN-OVERLAP", ERROR, "Guest VLAN ranges overlap neither each other nor the zone's other VLANs",
      "Field mistake #11 (apache/cloudstack#7497): a guest VLAN range overlapping public, management, "
      "storage or shared-network VLANs makes CloudStack refuse shared networks and collides on layer 2. "
      "Seed 002: CloudStack treats zones as isolated, so the same VLANs may be reused in another zone.")
def guest_vlan_overlap(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        guest = _guest_ranges(zone)
        for (pa, _, va), (pb, ib, vb) in combinations(guest, 2):
            if va.overlaps(vb):
                where = f"physical network {pa.name}" if pa is pb else f"{pa.name} and {pb.name}"
                yield Issue(pb.guest_vlans, ib, f"guest VLAN range {vb} overlaps guest VLAN range {va} in zone "
                            f"{zone.name} ({where})", "make the guest VLAN ranges of a zone disjoint")
        for name, role in zone_networks(ctx, zone).items():
            vlan = ctx.design.networks[name].vlan
            if vlan is None:
                continue
            for pnet, i, vr in guest:
                if vlan in vr:
                    yield Issue(pnet.guest_vlans, i, f"guest VLAN range {vr} of physical network {pnet.name} in "
                                f"zone {zone.name} contains VLAN {vlan} of network {name} ({role})",
                                f"take VLAN {vlan} out of the guest range, or move network {name} to a VLAN "
                                "outside it")


@rule("VLAN-SHARED", WARNING, "Two subnets of one zone or site do not share a VLAN",
      "Field mistake #11: VLAN collisions on layer 2. Two subnets on one VLAN put both broadcast domains "
      "together, which CloudStack's per-VLAN public and storage ranges do not expect.")
def vlan_shared(ctx: Context) -> Iterator[Issue]:
    reported: set[tuple[str, str]] = set()
    for _, zone in ctx.inventory.zones():
        owners: dict[int, str] = {}
        for name in zone_networks(ctx, zone):
            vlan = ctx.design.networks[name].vlan
            if vlan is None:
                continue
            other = owners.setdefault(vlan, name)
            if other != name and (other, name) not in reported:
                reported.add((other, name))
                yield Issue(ctx.design.networks[name], "vlan", f"network {name} uses VLAN {vlan}, as does network "
                            f"{other} (zone {zone.name})", "give each subnet its own VLAN")
