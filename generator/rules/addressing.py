"""Addresses: gateways and ranges inside their subnets, no collisions between ranges and devices."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Networking
from .catalogue import ERROR, rule
from .context import Context, Issue
from .walk import (
    DeviceAddress,
    RangeUse,
    device_addresses,
    overlapping_pairs,
    range_span,
    ranges,
    reserved_addresses,
    subnet_span,
)

# Devices that may hold a network's gateway address themselves (they are the router).
_GATEWAY_OWNERS = ("firewall", "switch")


@rule("NET-GATEWAY-OUTSIDE", ERROR, "A network's gateway is a usable address inside its CIDR",
      "CloudStack createPod: the gateway must be inside the pod CIDR; createVlanIpRange and "
      "createStorageNetworkIpRange take a gateway of the same subnet.")
def gateway_inside(ctx: Context) -> Iterator[Issue]:
    for name, net in ctx.design.networks.items():
        gw = net.gateway
        if gw is None:
            continue
        if gw not in net.cidr:
            yield Issue(net, "gateway", f"gateway {gw} of network {name} is outside its CIDR {net.cidr}",
                        f"use an address inside {net.cidr} (usually the first, {net.cidr.network_address + 1})")
        elif net.cidr.prefixlen <= 30 and gw in (net.cidr.network_address, net.cidr.broadcast_address):
            what = "network" if gw == net.cidr.network_address else "broadcast"
            yield Issue(net, "gateway", f"gateway {gw} of network {name} is the {what} address of {net.cidr}",
                        f"use a host address such as {net.cidr.network_address + 1}")


@rule("NET-CIDR-OVERLAP", ERROR, "Subnets declared under 'networks' do not overlap",
      "Seed 000: the hypervisor tells its interfaces apart only by non-overlapping subnets; seed 003: "
      "servers in different zones reach each other through site-to-site VPN, which needs distinct subnets. "
      "(Pods sharing a management subnet is decided by POD-CIDR-OVERLAP.)")
def cidr_overlap(ctx: Context) -> Iterator[Issue]:
    mgmt = {pref.pod.management.network for pref in ctx.inventory.pods()}
    items = list(ctx.design.networks.items())
    for i, j in overlapping_pairs([subnet_span(net.cidr) for _, net in items]):
        (a, na), (b, nb) = items[i], items[j]
        if not (a in mgmt and b in mgmt):
            yield Issue(nb, "cidr", f"network {b} ({nb.cidr}) overlaps network {a} ({na.cidr})",
                        f"give {b} a subnet of its own, or refer to {a} by name if it is the same subnet")


@rule("RANGE-OUTSIDE-NETWORK", ERROR, "CloudStack ranges lie inside the network they name",
      "CloudStack createPod, createStorageNetworkIpRange and createVlanIpRange check that start and end "
      "addresses belong to the subnet given by gateway and netmask.")
def range_inside(ctx: Context) -> Iterator[Issue]:
    for use in ranges(ctx):
        net = ctx.design.networks[use.network]
        if not use.range.within(net.cidr):
            yield Issue(use.obj, use.attr, f"{use.label} is not inside network {use.network} ({net.cidr})",
                        f"pick start and end addresses inside {net.cidr}")


@rule("RANGE-RESERVED-ADDRESS", ERROR, "CloudStack ranges leave out network, broadcast and gateway addresses",
      "CloudStack createPod: the gateway must be outside start-end; CloudStack hands every address of a "
      "range to system VMs, routers or guests, so a range holding the gateway or broadcast breaks the subnet.")
def range_reserved(ctx: Context) -> Iterator[Issue]:
    for use in ranges(ctx):
        net = ctx.design.networks[use.network]
        for address, what in sorted(reserved_addresses(net).items()):
            if address in use.range:
                yield Issue(use.obj, use.attr, f"{use.label} contains the {what} {address} of network "
                            f"{use.network}", f"start or end the range so that it leaves out {address}")


def _handled_elsewhere(a: RangeUse, b: RangeUse) -> bool:
    if a.kind == b.kind == "system":
        return True  # POD-CIDR-OVERLAP
    return (a.kind == b.kind == "guest" and a.pod is not b.pod and a.zone is b.zone
            and a.zone.networking is Networking.basic)  # BASIC-GUEST-IP-OVERLAP


@rule("RANGE-OVERLAP", ERROR, "Ranges on one network do not overlap",
      "CloudStack refuses a range that overlaps an existing one on the same subnet (createVlanIpRange, "
      "createStorageNetworkIpRange); two ranges sharing addresses would hand one address out twice.")
def range_overlap(ctx: Context) -> Iterator[Issue]:
    uses = list(ranges(ctx))
    for i, j in overlapping_pairs([range_span(use.range) for use in uses]):
        a, b = uses[i], uses[j]
        if a.network == b.network and not _handled_elsewhere(a, b):
            yield Issue(b.obj, b.attr, f"{b.label} overlaps the {a.label} on network {a.network}",
                        "shrink or move one of the ranges so they share no address")


@rule("ADDRESS-OUTSIDE-NETWORK", ERROR, "Explicit device addresses lie inside their network",
      "Seed 000: a device talks on a network through an interface with an address in that network's CIDR; "
      "an address outside it, or its network or broadcast address, cannot be configured on the interface.")
def address_inside(ctx: Context) -> Iterator[Issue]:
    for dev in device_addresses(ctx):
        net = ctx.design.networks[dev.network]
        if dev.address not in net.cidr:
            yield Issue(dev.obj, dev.attr, f"address {dev.address} of {dev.label} is outside network "
                        f"{dev.network} ({net.cidr})", f"use an address inside {net.cidr}, or leave it out "
                        "so the planner picks one")
            continue
        what = reserved_addresses(net).get(dev.address)
        if what and what != "gateway":
            yield Issue(dev.obj, dev.attr, f"address {dev.address} of {dev.label} is the {what} of network "
                        f"{dev.network}", "use a host address of the subnet")


@rule("ADDRESS-IN-RANGE", ERROR, "Explicit device addresses are not inside a CloudStack range",
      "Field mistake #1 (apache/cloudstack#6823, #7185): a pod's system-VM range overlapping addresses of "
      "hosts, management servers or storage lets system VMs take addresses someone else owns.")
def address_in_range(ctx: Context) -> Iterator[Issue]:
    uses: dict[str, list[RangeUse]] = {}
    for use in ranges(ctx):
        uses.setdefault(use.network, []).append(use)
    for dev in device_addresses(ctx):
        for use in uses.get(dev.network, []):
            if dev.address in use.range:
                yield Issue(dev.obj, dev.attr, f"address {dev.address} of {dev.label} is inside the {use.label}",
                            f"move the device's address out of {use.range}, or shrink the range")


def _same_machine(a: DeviceAddress, b: DeviceAddress) -> bool:
    """Pairs that may share an address: one machine with several roles."""
    if a.device == b.device:
        return True
    kinds = {a.kind, b.kind}
    # a database or an NFS server on a management server; an NFS server on a host is STORAGE-ON-COMPUTE
    return kinds in ({"database", "management server"}, {"storage server", "management server"},
                     {"storage server", "host"})


@rule("ADDRESS-DUPLICATE", ERROR, "No two devices share an address",
      "Field mistake #1: address collisions between devices; an address owned by two interfaces "
      "breaks both. A device may own its network's gateway only if it is the router (firewall or switch).")
def address_duplicate(ctx: Context) -> Iterator[Issue]:
    owners: dict[object, DeviceAddress] = {}
    for dev in device_addresses(ctx):
        net = ctx.design.networks[dev.network]
        if dev.shared_by > 1:
            yield Issue(dev.obj, dev.attr, f"host entry {dev.device} gives all {dev.shared_by} hosts the same "
                        f"address {dev.address} on network {dev.network}",
                        "give explicit addresses only on single-host entries (count: 1)")
        if net.gateway == dev.address and dev.kind not in _GATEWAY_OWNERS:
            yield Issue(dev.obj, dev.attr, f"address {dev.address} of {dev.label} is the gateway of network "
                        f"{dev.network}", "use another address; the gateway belongs to the router")
        other = owners.get(dev.address)
        shared_gateway = (other is not None and net.gateway == dev.address
                          and {other.kind, dev.kind} <= set(_GATEWAY_OWNERS))  # a VRRP/HA pair's gateway
        if other is not None and not _same_machine(other, dev) and not shared_gateway:
            yield Issue(dev.obj, dev.attr, f"address {dev.address} of {dev.label} is also given to {other.label}",
                        "give each device its own address, or leave one out so the planner picks one")
        owners.setdefault(dev.address, dev)
