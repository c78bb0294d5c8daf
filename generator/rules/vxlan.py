"""VXLAN guest isolation: VNI ranges instead of VLAN ids (the underlay MTU is VXLAN-MTU, in traffic.py)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import IsolationMethod
from .catalogue import ERROR, rule
from .context import Context, Issue


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
