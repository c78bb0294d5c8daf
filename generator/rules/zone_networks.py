"""Zone networking as CloudStack accepts it: physical networks and their tags, isolation, guest CIDR and VLANs.

Each rule here restates a mistake operators reported to Apache CloudStack (issue or pull request named in
the fact) or a refusal in CloudStack's own code, so the design fails before the zone script does.
"""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import IPv4Address, IPv4Network

from ..model import DEFAULT_VLAN, GuestNetworkKind, Hypervisor, IsolationMethod, Networking, TrafficType
from .catalogue import ERROR, WARNING, rule
from .context import Context, Issue
from .walk import ranges, zone_hypervisors

# CloudStack's NetUtils.validateGuestCidr: isolated guest CIDRs must be RFC 1918 or RFC 6598 space.
GUEST_CIDR_SPACES = tuple(IPv4Network(c) for c in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
                                                  "100.64.0.0/10"))
# The KVM agent's cloud0 bridge and the system VMs' control NICs (control.cidr default).
LINK_LOCAL = IPv4Network("169.254.0.0/16")

NETWORK_SERVICE = ("https://github.com/apache/cloudstack/blob/main/server/src/main/java/com/cloud/network/"
                   "NetworkServiceImpl.java")


@rule("BASIC-ONE-PNET", ERROR, "A basic zone has one physical network",
      f"CloudStack createPhysicalNetwork ({NETWORK_SERVICE}) refuses a second physical network in a basic "
      "zone ('there is a physical network already existing in this basic Zone'): a basic zone's traffic "
      "types all live on one physical network, told apart by labels and VLANs.")
def basic_one_pnet(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        if zone.networking is Networking.basic and len(zone.physical_networks) > 1:
            extra = ", ".join(p.name for p in zone.physical_networks[1:])
            yield Issue(zone.physical_networks[1], "name", f"basic zone {zone.name} has "
                        f"{len(zone.physical_networks)} physical networks ({zone.physical_networks[0].name}, "
                        f"{extra})", "put every traffic type on one physical network (with a label per traffic "
                        "type), or make the zone advanced")


@rule("PNET-ONE-TAG", ERROR, "A physical network has at most one tag",
      f"CloudStack createPhysicalNetwork and updatePhysicalNetwork ({NETWORK_SERVICE}) refuse more than one "
      "tag: 'Only one tag can be specified for a physical network at this time'.")
def pnet_one_tag(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for pnet in zone.physical_networks:
            if len(pnet.tags) > 1:
                yield Issue(pnet, "tags", f"physical network {pnet.name} (zone {zone.name}) has "
                            f"{len(pnet.tags)} tags: {', '.join(pnet.tags)}", "keep one tag; network offerings "
                            "name that tag to land on this physical network")


@rule("GUEST-PNET-UNTAGGED", ERROR, "Of several guest physical networks, at most one is untagged",
      "apache/cloudstack#8279 and PR #8625 (after PR #6781 in 4.18): when guest traffic sits on more than one "
      "physical network of a zone, only one of them may be without a tag, so network offerings can choose by "
      "tag; otherwise adding the second guest traffic type fails, and #9673 shows offerings that then no "
      "longer list.")
def guest_pnet_untagged(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        guests = [p for p in zone.physical_networks if p.carries(TrafficType.guest)]
        untagged = [p for p in guests if not p.tags]
        if len(guests) > 1 and len(untagged) > 1:
            for pnet in untagged[1:]:
                yield Issue(pnet, "name", f"physical networks {untagged[0].name} and {pnet.name} of zone "
                            f"{zone.name} both carry guest traffic and neither has a tag",
                            f"add 'tags: [<tag>]' to {pnet.name} (and use that tag in its network offerings)")


@rule("ZONE-SG-ISOLATED", ERROR, "Security-group zones offer shared networks only",
      "apache/cloudstack-documentation PR #278 (apache/cloudstack#6453): in security-group-enabled advanced "
      "zones (and basic zones) CloudStack does not create isolated networks or VPCs, so no virtual router "
      "with a public address is planned there.")
def sg_isolated(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        if zone.networking is not Networking.advanced or not zone.security_groups:
            continue
        kinds = [k.value for k in zone.guest_network_kinds if k is not GuestNetworkKind.shared]
        if kinds:
            yield Issue(zone, "guest_network_kinds", f"advanced zone {zone.name} has security groups but offers "
                        f"{' and '.join(kinds)} networks", "offer 'guest_network_kinds: [shared]' here, or turn "
                        "security groups off for isolated and VPC networks")
        if zone.planned_routers:
            yield Issue(zone, "planned_routers", f"advanced zone {zone.name} has security groups but plans "
                        f"{zone.planned_routers} routers for isolated networks or VPCs", "set 'planned_routers: 0' "
                        "(shared networks with security groups have no source-NAT router)")


@rule("VXLAN-HYPERVISOR", ERROR, "VXLAN isolation only in zones of KVM hosts",
      "CloudStack VXLAN plugin documentation (https://docs.cloudstack.apache.org/en/latest/plugins/vxlan.html; "
      "design: https://cwiki.apache.org/confluence/display/CLOUDSTACK/Linux+native+VXLAN+support+on+KVM+"
      "hypervisor): VXLAN guest isolation works only on KVM with the Linux bridge; other hypervisors cannot "
      "join a VXLAN physical network.")
def vxlan_hypervisor(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        others = [h.value for h in zone_hypervisors(zone) if h is not Hypervisor.kvm]
        if not others:
            continue
        for pnet in zone.physical_networks:
            if pnet.isolation is IsolationMethod.vxlan:
                yield Issue(pnet, "isolation", f"physical network {pnet.name} of zone {zone.name} isolates guests "
                            f"with VXLAN, but the zone has {', '.join(others)} clusters",
                            "use VLAN isolation, or keep this zone to KVM clusters")


@rule("GUEST-PNET-MIXED-ISOLATION", WARNING, "A zone's guest physical networks use one isolation method",
      "apache/cloudstack#12941 (4.22) and #9673 (4.19): with guest traffic on a VXLAN and a VLAN physical network "
      "in one zone, new guest networks were created on the VXLAN one whatever was chosen, and the default network "
      "offerings no longer listed; operators who need both isolation methods keep them in separate zones.")
def guest_mixed_isolation(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        guests = [p for p in zone.physical_networks if p.carries(TrafficType.guest)]
        first = guests[0] if guests else None
        odd = next((p for p in guests if first is not None and p.isolation is not first.isolation), None)
        if first is not None and odd is not None:
            yield Issue(odd, "isolation", f"guest physical networks {first.name} ({first.isolation.value}) and "
                        f"{odd.name} ({odd.isolation.value}) of zone {zone.name} isolate guests differently",
                        "use one isolation method per zone, or tag each physical network and test that guest "
                        "networks land where their offering says")


@rule("ISOLATION-GRE", WARNING, "GRE guest isolation is not relied on",
      "apache/cloudstack#2863: an advanced zone isolating guests with GRE (XenServer and Open vSwitch) could not "
      "create shared networks ('Unable to convert network offering ... to network profile': no network guru "
      "designs it), and the maintainers pointed to reports that GRE isolation has been broken since 4.2.")
def isolation_gre(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for pnet in zone.physical_networks:
            if pnet.isolation is IsolationMethod.gre:
                yield Issue(pnet, "isolation", f"physical network {pnet.name} of zone {zone.name} isolates guests "
                            "with GRE", "use VLAN (or VXLAN on KVM) isolation; test GRE in staging first if it must "
                            "stay")


@rule("BASIC-POD-ONE-VLAN", ERROR, "A basic-zone pod's guest ranges share one VLAN",
      "apache/cloudstack#5198: basic networking puts all guests of a pod on one VLAN (the guest bridge of the "
      "pod's hosts); guest ranges of one pod on networks of different VLANs cannot all be reached.")
def basic_pod_one_vlan(ctx: Context) -> Iterator[Issue]:
    for pref in ctx.inventory.pods():
        if pref.zone.networking is not Networking.basic:
            continue
        seen: dict[int | None, str] = {}
        for guest in pref.pod.guest_ranges:
            net = ctx.network(guest.network)
            if net is None:
                continue
            seen.setdefault(net.host_vlan, guest.network)
            if len(seen) > 1:
                listed = ", ".join(f"{n} ({'untagged' if v is None else f'VLAN {v}'})" for v, n in seen.items())
                yield Issue(guest, "network", f"pod {pref.pod.name} of basic zone {pref.zone.name} has guest ranges "
                            f"on {listed}", "keep a pod's guest ranges on one VLAN (several subnets may share it), "
                            "or use an advanced zone with shared networks")
                break


@rule("ZONE-GUEST-CIDR-PRIVATE", ERROR, "The guest CIDR is private address space",
      "apache/cloudstack#7458 and #11825: CloudStack refuses isolated guest CIDRs outside RFC 1918 and RFC 6598 "
      "('Virtual Guest Cidr ... is not RFC 1918 or 6598 compliant'); the zone's guest CIDR is the default "
      "every isolated network takes.")
def guest_cidr_private(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        cidr = zone.guest_cidr
        if cidr is not None and not any(cidr.subnet_of(space) for space in GUEST_CIDR_SPACES):
            yield Issue(zone, "guest_cidr", f"guest CIDR {cidr} of zone {zone.name} is not private address space",
                        "use a subnet of 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10; public "
                        "addresses belong in public_ranges")


@rule("GUEST-VLAN-DEFAULT", ERROR, "Guest VLAN ranges leave out VLAN 1",
      "apache/cloudstack#7497 (an operator reserved guest VLANs 1-5): VLAN 1 is the switches' default VLAN, "
      "native (untagged) on every trunk stackplan configures, so a guest network in VLAN 1 would share the "
      "untagged traffic of the hosts instead of being isolated.")
def guest_vlan_default(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for pnet in zone.physical_networks:
            for i, vlans in enumerate(pnet.guest_vlans):
                if DEFAULT_VLAN in vlans:
                    yield Issue(pnet.guest_vlans, i, f"guest VLAN range {vlans} of physical network {pnet.name} "
                                f"(zone {zone.name}) includes VLAN {DEFAULT_VLAN}, the default VLAN",
                                f"start the range above {DEFAULT_VLAN}, e.g. at 100")


@rule("NET-LINK-LOCAL", ERROR, "No network uses the link-local range 169.254.0.0/16",
      "apache/cloudstack#3488 and PR #3500 (#6715): the KVM agent puts 169.254.0.1/16 on its cloud0 bridge and "
      "system VMs get their control address from 169.254.0.0/16 (control.cidr), so a design network or guest "
      "CIDR there collides with every host's link-local route.")
def link_local(ctx: Context) -> Iterator[Issue]:
    for name, net in sorted(ctx.design.networks.items()):
        if net.cidr.overlaps(LINK_LOCAL):
            yield Issue(net, "cidr", f"network {name} ({net.cidr}) overlaps the link-local range {LINK_LOCAL} "
                        "that CloudStack uses between hosts and system VMs", "use another subnet")
    for _, zone in ctx.inventory.zones():
        if zone.guest_cidr is not None and zone.guest_cidr.overlaps(LINK_LOCAL):
            yield Issue(zone, "guest_cidr", f"guest CIDR {zone.guest_cidr} of zone {zone.name} overlaps the "
                        f"link-local range {LINK_LOCAL}", "use a private subnet such as 10.1.0.0/16")


@rule("ADDRESS-REF-IN-RANGE", ERROR, "DNS servers and vCenters are not inside a CloudStack range",
      "apache/cloudstack#6823: CloudStack hands out every address of the pod, public, storage and shared "
      "ranges without checking who else uses it, so the zone's DNS servers and vCenter must be outside those "
      "ranges (the maintainers' advice: make sure the ranges do not conflict with existing servers).")
def ref_in_range(ctx: Context) -> Iterator[Issue]:
    uses = list(ranges(ctx))
    for _, zone in ctx.inventory.zones():
        refs: list[tuple[object, str | int, str, str]] = []
        for field in ("public", "internal"):
            listed = getattr(zone.dns, field)
            refs.extend((listed, i, str(a), f"{field} DNS server") for i, a in enumerate(listed))
        for pod in zone.pods:
            for cluster in pod.clusters:
                if cluster.vcenter is not None:
                    refs.append((cluster.vcenter, "address", cluster.vcenter.address,
                                 f"vCenter of cluster {cluster.name}"))
        for obj, attr, text, what in refs:
            address = _address(text)
            use = next((u for u in uses if u.zone is zone and address is not None and address in u.range), None)
            if use is not None:
                yield Issue(obj, attr, f"{what} {text} of zone {zone.name} lies in the {use.label}, which "
                            "CloudStack hands to system VMs, routers or guests", "move the range, or the server, "
                            "so they no longer overlap")


def _address(text: str) -> IPv4Address | None:
    try:
        return IPv4Address(text)
    except ValueError:
        return None
