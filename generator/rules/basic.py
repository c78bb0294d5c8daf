"""Basic zones: guest addresses per pod, none of the advanced-zone settings; and the reverse."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from ..model import Networking
from .catalogue import ERROR, rule
from .context import Context, Issue
from .walk import ranges


@rule("BASIC-GUEST-CIDR", ERROR, "Basic zones have no guest CIDR",
      "CloudStack createZone rejects guestcidraddress for Basic zones (ConfigurationManagerImpl).")
def guest_cidr(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        if zone.networking is Networking.basic and zone.guest_cidr is not None:
            yield Issue(zone, "guest_cidr", f"basic zone {zone.name} sets guest_cidr {zone.guest_cidr}",
                        "remove guest_cidr; basic-zone guests take addresses from the pods' guest_ranges")


@rule("BASIC-ADVANCED-ONLY", ERROR, "Basic zones have no guest VLAN ranges or shared networks",
      "Seed 002: in basic networking VLANs are not used for isolation (security groups are) and guests take "
      "addresses from per-pod ranges; guest VLAN ranges and admin-created shared networks belong to advanced "
      "zones.")
def advanced_only(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        if zone.networking is not Networking.basic:
            continue
        for pnet in zone.physical_networks:
            if pnet.guest_vlans:
                yield Issue(pnet, "guest_vlans", f"physical network {pnet.name} of basic zone {zone.name} has guest "
                            "VLAN ranges", "remove guest_vlans, or make the zone advanced")
        if zone.shared_networks:
            yield Issue(zone, "shared_networks", f"basic zone {zone.name} declares shared networks",
                        "remove shared_networks, or make the zone advanced")


@rule("BASIC-GUEST-RANGES-MISSING", ERROR, "Every pod of a basic zone has a guest range",
      "Seed 002: in basic networking the cloud builder assigns a range of guest IP addresses, with its "
      "gateway, in each pod.")
def ranges_missing(ctx: Context) -> Iterator[Issue]:
    for pref in ctx.inventory.pods():
        if pref.zone.networking is Networking.basic and not pref.pod.guest_ranges:
            yield Issue(pref.pod, None, f"pod {pref.pod.name} of basic zone {pref.zone.name} has no guest range",
                        "add 'guest_ranges: [{network: ..., range: ...}]' to the pod")


@rule("BASIC-GUEST-IP-OVERLAP", ERROR, "Guest addresses are unique across a basic zone",
      "Seed 002: in basic networking each VM must have a different IP address in a zone, so the guest ranges "
      "of different pods must not overlap.")
def guest_overlap(ctx: Context) -> Iterator[Issue]:
    guest = [u for u in ranges(ctx) if u.kind == "guest" and u.zone.networking is Networking.basic]
    for a, b in combinations(guest, 2):
        if a.zone is b.zone and a.pod is not b.pod and a.range.overlaps(b.range):
            yield Issue(b.obj, b.attr, f"{b.label} overlaps the {a.label} in basic zone {a.zone.name}",
                        "give each pod guest addresses of its own")


@rule("ADVANCED-POD-GUEST-RANGES", ERROR, "Pods of advanced zones have no guest ranges",
      "Seed 002: advanced-zone guests get addresses from their guest network (isolated, VPC or shared), not "
      "from a per-pod range; per-pod guest ranges are a basic-zone concept.")
def advanced_guest_ranges(ctx: Context) -> Iterator[Issue]:
    for pref in ctx.inventory.pods():
        if pref.zone.networking is Networking.advanced and pref.pod.guest_ranges:
            yield Issue(pref.pod, "guest_ranges", f"pod {pref.pod.name} of advanced zone {pref.zone.name} has "
                        "guest_ranges", "remove them; use shared_networks on the zone for directly attached guests")
