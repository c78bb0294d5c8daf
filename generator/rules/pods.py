"""Pods' management networks: unique per region, routed, big enough for the system VMs."""

from __future__ import annotations

from collections.abc import Iterator

from ..inventory import PodRef
from .capacity_derived import pod_private_demand
from .catalogue import ERROR, rule
from .context import Context, Issue
from .walk import overlapping_pairs, ranges, setting, setting_is_true, subnet_span


@rule("POD-CIDR-OVERLAP", ERROR, "Pods' management subnets are unique in a region (check.pod.cidrs)",
      "Seed 002: management network ranges must be unique within a region; the global setting "
      "check.pod.cidrs (default true) makes createPod refuse pods whose CIDRs overlap. With it false, pods "
      "may share a subnet and gateway but their start-end ranges must still differ.")
def pod_cidr_overlap(ctx: Context) -> Iterator[Issue]:
    strict = setting_is_true(ctx, "check.pod.cidrs")
    by_region: dict[str, list[PodRef]] = {}
    for pref in ctx.inventory.pods():
        by_region.setdefault(pref.region.name, []).append(pref)
    for region, prefs in by_region.items():
        cidrs = [ctx.design.networks[p.pod.management.network].cidr for p in prefs]
        for i, j in overlapping_pairs([subnet_span(cidr) for cidr in cidrs]):
            a, b = prefs[i], prefs[j]
            ma, mb = a.pod.management, b.pod.management
            net_a, net_b = ctx.design.networks[ma.network], ctx.design.networks[mb.network]
            where_a = f"pod {a.pod.name} (zone {a.zone.name})"
            where_b = f"pod {b.pod.name} (zone {b.zone.name})"
            if strict:
                yield Issue(mb, "network", f"management network {mb.network} ({net_b.cidr}) of {where_b} overlaps "
                            f"{ma.network} ({net_a.cidr}) of {where_a} in region {region}, and check.pod.cidrs "
                            f"is {setting(ctx, 'check.pod.cidrs')}",
                            "give each pod its own management subnet, or set check.pod.cidrs: false under "
                            "'settings' to let pods share one subnet with separate system ranges")
            elif ma.system_range.overlaps(mb.system_range):
                yield Issue(mb, "system_range", f"system-VM range {mb.system_range} of {where_b} overlaps "
                            f"{ma.system_range} of {where_a}; pods sharing a subnet (check.pod.cidrs false) "
                            "need ranges of their own", "split the shared subnet into separate ranges per pod")


@rule("POD-SYSTEM-RANGE-SMALL", ERROR, "A pod's system-VM range holds the system VMs it must host",
      "Seed 002: each pod needs a handful of management addresses for system VMs (the zone's secondary "
      "storage VM and console proxy VM), and with vSphere or Hyper-V hosts one more per virtual router; "
      "seed 003: only vSphere and Hyper-V do not reach routers over a link-local network. The demand per "
      "hypervisor is data (generator/data/capacity.yml).")
def system_range_size(ctx: Context) -> Iterator[Issue]:
    for pref in ctx.inventory.pods():
        pod, zone = pref.pod, pref.zone
        need = pod_private_demand(zone, pod)
        size = pod.management.system_range.size
        if size < need.total:
            yield Issue(pod.management, "system_range", f"system-VM range {pod.management.system_range} of pod "
                        f"{pod.name} has {size} address(es); it needs {need.total}: {need.why}",
                        f"widen the range to at least {need.total} addresses")


@rule("RANGE-NETWORK-NO-GATEWAY", ERROR, "Networks that hand ranges to CloudStack have a gateway",
      "CloudStack createPod and createStorageNetworkIpRange require a gateway; createVlanIpRange needs "
      "gateway and netmask for public and shared ranges; seed 002: basic-zone guest ranges come with the "
      "pod's guest gateway.")
def range_gateway(ctx: Context) -> Iterator[Issue]:
    reported: set[str] = set()
    for use in ranges(ctx):
        net = ctx.design.networks[use.network]
        if net.gateway is None and use.network not in reported:
            reported.add(use.network)
            yield Issue(net, None, f"network {use.network} has no gateway, but the {use.label} comes from it",
                        f"add 'gateway:' (an address in {net.cidr}) to network {use.network}")
