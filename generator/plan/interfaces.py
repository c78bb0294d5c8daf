"""Which interface an address sits on: host bridges and labels, switch ports.

Host management addresses sit where the hypervisor expects the management traffic: the KVM
bridge named by the management traffic label (``cloudbr0`` when the label is empty), the
XenServer network of that label, VMware's ``vmk0``. Primary-storage addresses sit on the
profile's ``primary_storage_interfaces``, in the order of the pod's ``primary_storage_networks``.
"""

from __future__ import annotations

from ..model import HostProfile, Hypervisor, Network, Platform, Switch, TrafficType, Zone
from ..ports.platforms import in_band, management_port

# Routed VLAN interface (SVI) name per platform: where a core switch holds a gateway or VRRP address.
_SVI = {
    Platform.cisco_nxos: "Vlan{vlan}",
    Platform.cisco_iosxe: "Vlan{vlan}",
    Platform.arista_eos: "Vlan{vlan}",
    Platform.juniper_junos: "irb.{vlan}",
}


def svi(switch: Switch, vlan: int) -> str:
    """The routed interface of ``switch`` in switch VLAN ``vlan``."""
    return _SVI[switch.platform].format(vlan=vlan)






def management_interface(switch: Switch, net: Network, carried_here: bool) -> str:
    """Where a switch's management address sits: its SVI in band, else its management port."""
    return svi(switch, net.switch_vlan) if in_band(net, carried_here) else management_port(switch)




def host_management(zone: Zone, hypervisor: Hypervisor) -> str:
    """Interface of a host's management address in ``zone``."""
    if hypervisor is Hypervisor.vmware:
        return "vmk0"
    pnet = next((p for p in zone.physical_networks if p.carries(TrafficType.management)), None)
    if pnet is None:
        return ""
    traffic = pnet.traffic_of(TrafficType.management)
    label = traffic.labels.get(hypervisor, "") if traffic else ""
    if label:
        return label
    if hypervisor in (Hypervisor.kvm, Hypervisor.lxc):
        return "cloudbr0"  # an empty KVM label means cloudbr0
    return pnet.interface


def host_primary_storage(profile: HostProfile | None, index: int) -> str:
    """Interface of a host's address on the pod's ``index``-th primary-storage network."""
    if profile is None or index >= len(profile.primary_storage_interfaces):
        return ""
    return profile.primary_storage_interfaces[index]
