"""VXLAN guest isolation: VNI ranges instead of VLAN ids (the underlay MTU is VXLAN-MTU, in traffic.py)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Hypervisor, IsolationMethod, PhysicalNetwork, TrafficType, VxlanControl, Zone
from .catalogue import ERROR, WARNING, rule
from .context import Context, Issue
from .traffic import VXLAN_OVERHEAD


@rule("VXLAN-GUEST-RANGE", ERROR, "VXLAN physical networks reserve guest VNIs, VLAN ones guest VLANs",
      "CloudStack's VXLAN plugin (KVM only): with isolation method VXLAN the physical network's vlan range "
      "(updatePhysicalNetwork vlan) holds VNIs, 1-16777214, each guest network a VXLAN interface on the "
      "hosts' VTEP; with VLAN isolation it holds 802.1Q ids, 1-4094. Guest VLANs on a VXLAN network would be "
      "trunked on the switches for nothing; VNIs on a VLAN network are not VLAN ids.")
def guest_range(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for pnet in zone.physical_networks:
            vxlan = pnet.isolation is IsolationMethod.vxlan
            if vxlan and pnet.guest_vlans:
                yield Issue(pnet, "guest_vlans", f"physical network {pnet.name} of zone {zone.name} isolates "
                            "guests by VXLAN but lists guest_vlans", "write the range as 'guest_vnis:' (VNIs, "
                            "1-16777214) and remove 'guest_vlans:'")
            elif not vxlan and pnet.guest_vnis:
                yield Issue(pnet, "guest_vnis", f"physical network {pnet.name} of zone {zone.name} lists "
                            f"guest_vnis but isolates guests by {pnet.isolation.value}",
                            "set 'isolation: VXLAN', or reserve 'guest_vlans:' (1-4094) instead")


def _vxlan_pnet(zone: Zone) -> PhysicalNetwork | None:
    return next((p for p in zone.physical_networks
                 if p.isolation is IsolationMethod.vxlan and p.carries(TrafficType.guest)), None)


@rule("VXLAN-VTEP-NETWORK", ERROR, "Hosts of a VXLAN zone have a VTEP address on an underlay network",
      "CloudStack's KVM VXLAN scripts (modifyvxlan.sh) create each guest network's VXLAN interface on the bridge "
      "of the physical network's traffic label and send it from that bridge's address: the VTEP. Without an "
      "address there on a routed underlay, guest networks stay local to each host.")
def vtep_network(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        pnet = _vxlan_pnet(zone)
        for pod in sorted(zone.pods, key=lambda p: p.id):
            kvm = any(c.hypervisor in (Hypervisor.kvm, Hypervisor.lxc) for c in pod.clusters)
            if pod.vtep_network is None:
                if pnet is not None and kvm:
                    yield Issue(pod, "name", f"pod {pod.name} of zone {zone.name} isolates guests by VXLAN (physical "
                                f"network {pnet.name}) but names no underlay network for its hosts' VTEPs",
                                "add 'vtep_network:' naming the pod's VXLAN underlay network (from 'networks')")
            elif pod.vtep_network not in ctx.design.networks:
                yield Issue(pod, "vtep_network", f"pod {pod.name} names VTEP network {pod.vtep_network}, which is "
                            "not in 'networks'", "define the underlay network or correct the name")
            elif pnet is None:
                yield Issue(pod, "vtep_network", f"pod {pod.name} names VTEP network {pod.vtep_network}, but no "
                            f"physical network of zone {zone.name} isolates guests by VXLAN",
                            "remove 'vtep_network:', or set 'isolation: VXLAN' on the guest physical network")
            elif pod.vtep_network == pod.management.network:
                yield Issue(pod, "vtep_network", f"pod {pod.name} uses its management network {pod.vtep_network} "
                            "as the VXLAN underlay: the host's management address and VTEP would be one bridge's",
                            "give the underlay a network of its own (its own VLAN and subnet, jumbo MTU)")


@rule("VXLAN-UNDERLAY-MTU", ERROR, "The VXLAN underlay network's MTU fits a guest frame plus the VXLAN header",
      "Field mistake #10 (apache/cloudstack#7364, #7930): VXLAN adds 50 bytes to every guest frame, and the "
      "underlay network's MTU is what the VTEP bridges, host NICs and bonds, switch ports and the routed "
      "interfaces (SVIs) between racks are set to. Below the guest MTU + 50, small packets pass and large "
      "transfers stall.")
def underlay_mtu(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        pnet = _vxlan_pnet(zone)
        if pnet is None:
            continue
        needs = pnet.guest_mtu + VXLAN_OVERHEAD
        seen: set[str] = set()
        for pod in sorted(zone.pods, key=lambda p: p.id):
            net = ctx.network(pod.vtep_network or "")
            if net is None or pod.vtep_network in seen:
                continue
            seen.add(pod.vtep_network or "")
            if net.mtu < needs:
                yield Issue(net, "mtu", f"VXLAN underlay network {pod.vtep_network} (pod {pod.name}) has MTU "
                            f"{net.mtu}; guests of {pnet.name} at MTU {pnet.guest_mtu} need {needs}",
                            f"set 'mtu: 9000' (at least {needs}) on network {pod.vtep_network}")


@rule("VXLAN-MULTICAST-ROUTED", WARNING, "Multicast VXLAN across several underlay subnets needs multicast routing",
      "With multicast control, CloudStack's modifyvxlan.sh joins one group per VNI (239.x.y.z from the VNI); VTEPs in "
      "different subnets (a routed leaf pair per rack) only meet if the underlay routes multicast (PIM, with a "
      "rendezvous point). BGP EVPN needs no multicast.")
def multicast_routed(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        pnet = _vxlan_pnet(zone)
        if pnet is None or (pnet.vxlan is not None and pnet.vxlan.control is VxlanControl.evpn):
            continue
        underlays = sorted({p.vtep_network for p in zone.pods if p.vtep_network in ctx.design.networks})
        if len(underlays) > 1:
            yield Issue(pnet, "vxlan" if pnet.vxlan is not None else "isolation",
                        f"physical network {pnet.name} of zone {zone.name} uses multicast VXLAN over "
                        f"{len(underlays)} underlay subnets ({', '.join(u for u in underlays if u)})",
                        "route multicast between them (PIM sparse mode and a rendezvous point on the cores), or "
                        "set 'vxlan: {control: evpn}'")
