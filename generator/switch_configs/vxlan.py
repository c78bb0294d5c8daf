"""The VXLAN underlay of a switch: which pods' VTEP networks it carries, at which MTU, and what a core that
routes them needs for the physical network's control plane.

CloudStack's KVM hosts are the VTEPs (modifyvxlan.sh builds one VXLAN interface per VNI on the host), so the
switches never map VNIs to VLANs: they carry each pod's VTEP network (its VLAN, at the underlay MTU) and the
cores route between the pods' VTEP networks. With ``control: evpn`` the hosts' FRR needs BGP EVPN peers: a core
that routes VTEP networks becomes their route reflector when the design names the fabric's AS (``vxlan.asn``);
with multicast control (one group per VNI) the cores run PIM sparse mode on the VTEP SVIs so groups span the
pods' subnets (their IGMP queriers too).
"""

from __future__ import annotations

from ..model import Design, IsolationMethod, VxlanControl
from ..ports.types import PortRow
from .config import EvpnReflector, Svi, VtepSegment, VxlanUnderlay


def underlay(design: Design, rows: list[PortRow], svis: list[Svi]) -> tuple[VxlanUnderlay | None, list[str]]:
    """The switch's VXLAN underlay (None when it carries no VTEP network), and notes for its configuration."""
    carried = {c.network for r in rows for c in r.carried} | {s.network for s in svis}
    segments: dict[str, VtepSegment] = {}
    asns: dict[str, int | None] = {}
    for region in design.regions:
        for zone in region.zones:
            for pnet in zone.physical_networks:
                if pnet.isolation is not IsolationMethod.vxlan:
                    continue
                control = pnet.vxlan.control if pnet.vxlan else VxlanControl.multicast
                for pod in sorted(zone.pods, key=lambda p: p.id):
                    name = pod.vtep_network or ""
                    net = design.networks.get(name)
                    if net is None or name not in carried or net.vlan is None:
                        continue
                    segments.setdefault(name, VtepSegment(
                        name, net.vlan, net.cidr, pnet.mtu, pnet.name, ", ".join(pnet.guest_ranges),
                        control.value))
                    if control is VxlanControl.evpn:
                        asns.setdefault(name, pnet.vxlan.asn if pnet.vxlan else None)
    if not segments:
        return None, []
    ordered = tuple(sorted(segments.values(), key=lambda s: s.vlan))
    routed = [s for s in svis if s.network in segments]
    notes = []
    evpn = None
    evpn_routed = [s for s in routed if s.network in asns]
    if evpn_routed:
        numbers = sorted({a for n, a in asns.items() if a is not None and any(s.network == n for s in evpn_routed)})
        if numbers:
            listen = tuple(sorted({segments[s.network].cidr for s in evpn_routed if asns[s.network] == numbers[0]}))
            evpn = EvpnReflector(numbers[0], evpn_routed[0].address.ip, listen)
        if not numbers or len(numbers) > 1 or any(asns[s.network] is None for s in evpn_routed):
            notes.append("BGP EVPN: the design names no AS ('asn' under 'vxlan' of the physical network) for every "
                         "VTEP network this switch routes, so no route reflector is configured for those; peer the "
                         "hosts' FRR with route reflectors of your own")
    pim = tuple(s.name for s in routed if segments[s.network].control == VxlanControl.multicast.value)
    if pim:
        notes.append("Multicast VXLAN: PIM sparse mode runs on the VTEP SVIs below; the rendezvous point is not in "
                     "the design: configure it (or use bidirectional PIM / PIM-SSM) before guests span pods")
    return VxlanUnderlay(ordered, evpn, pim), notes
