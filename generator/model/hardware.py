"""Host hardware as far as the network needs it: profiles with NICs and bonds."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .base import ORDERED, InterfaceName, Label, Name, Speed, StrictModel, explained
from .networks import Hypervisor
from .racks import RACK_HEIGHT_MAX, power_field


@explained({
    "access": "cabled to the pod's access switches",
    "storage": "cabled to the pod's storage switches",
})
class Fabric(StrEnum):
    """Which switch group a NIC is cabled to."""

    access = "access"
    storage = "storage"


class Nic(StrictModel):
    name: InterfaceName = Field(description="Interface name on the host OS, e.g. eno1, ens1f0, eth0, vmnic0.")
    speed: Speed = Field(
        description="The NIC's link speed, e.g. 25G: the switch port it is cabled to must run at it; bonds and "
        "the bill of ports use it.")
    fabric: Fabric = Field(
        default=Fabric.access,
        description="Switch group the NIC is cabled to: the pod's access switches or its storage switches.",
    )


class ServerNic(StrictModel):
    """A NIC of a storage or management server, and the switch it is cabled to."""

    name: InterfaceName = Field(description="Interface name on the server, e.g. eno1.")
    cabled_to: Name = Field(description="Switch the NIC is cabled to: it takes the next of that switch's "
                            "'server_ports' (servers by id, then name; a server's NICs in order).")
    speed: Speed | None = Field(default=None, description="Link speed; the switch's port speed when left out.")
    networks: list[Name] = Field(
        default_factory=list,
        description="The server's networks on this NIC (tagged unless the network is untagged at the hosts); "
        "all of them when left out.",
    )


@explained({
    "802.3ad": "LACP: all members active, a port-channel on the switch pair (MLAG/vPC)",
    "active-backup": "one member active at a time, no switch configuration",
    "balance-slb": "Open vSwitch / XenServer source-load balancing: members active, no port-channel",
})
class BondMode(StrEnum):
    lacp = "802.3ad"
    active_backup = "active-backup"
    balance_slb = "balance-slb"


class Bond(StrictModel):
    name: InterfaceName = Field(description="Bond interface name, e.g. bond0.")
    members: list[InterfaceName] = Field(
        min_length=2, json_schema_extra=ORDERED,
        description="NIC names of the profile that form the bond. Order matters: the n-th member is cabled to "
        "the n-th switch of its fabric (switches in name order).")
    mode: BondMode = Field(
        default=BondMode.lacp,
        description="How the bond's members share traffic: 802.3ad (LACP, a port-channel on the switch pair), "
        "active-backup (no switch configuration) or balance-slb (Open vSwitch / XenServer source-load balancing, "
        "no port-channel).")


@explained({
    "ubuntu-22.04": "Ubuntu 22.04 LTS (KVM; netplan)",
    "ubuntu-24.04": "Ubuntu 24.04 LTS (KVM; netplan)",
    "el8": "Enterprise Linux 8: Rocky, Alma, RHEL, Oracle (KVM; NetworkManager)",
    "el9": "Enterprise Linux 9: Rocky, Alma, RHEL, Oracle (KVM; NetworkManager)",
    "xenserver-8": "Citrix XenServer 8 (xe)",
    "xcp-ng-8": "XCP-ng 8 (xe)",
    "esxi-7": "VMware ESXi 7 (esxcli)",
    "esxi-8": "VMware ESXi 8 (esxcli)",
    "windows-2019": "Windows Server 2019 with Hyper-V",
})
class HostOs(StrEnum):
    ubuntu_22_04 = "ubuntu-22.04"
    ubuntu_24_04 = "ubuntu-24.04"
    el8 = "el8"
    el9 = "el9"
    xenserver_8 = "xenserver-8"
    xcp_ng_8 = "xcp-ng-8"
    esxi_7 = "esxi-7"
    esxi_8 = "esxi-8"
    windows_2019 = "windows-2019"


@explained({
    "vswitch": "VMware standard vSwitch",
    "dvswitch": "VMware distributed switch",
    "xen-network": "XenServer/XCP-ng network, known by its name-label",
})
class HostSwitchKind(StrEnum):
    vswitch = "vswitch"  # VMware standard vSwitch
    dvswitch = "dvswitch"  # VMware distributed switch
    xen_network = "xen-network"  # XenServer/XCP-ng network, known by its name-label


class HostSwitch(StrictModel):
    """A switch or network the hypervisor itself has, by the name a traffic label uses."""

    name: Label = Field(description="vSwitch, distributed switch or XenServer "
                      "network name-label, exactly as the hosts name it.")
    kind: HostSwitchKind = Field(
        description="What kind of switch or network the hypervisor has: a VMware standard vSwitch, a VMware "
        "distributed switch or a XenServer/XCP-ng network.")
    uplink: InterfaceName = Field(description="NIC or bond (of this profile) the switch or network is bound to.")
    port_groups: list[str] = Field(default_factory=list, description="VMware: port groups on the switch "
                                   "(CloudStack creates its own for guest and public traffic).")


class HostProfile(StrictModel):
    """Hardware and OS shared by many hosts."""

    hypervisor: Hypervisor = Field(
        description="Hypervisor of the hosts with this profile; must match the hypervisor of the clusters that "
        "use the profile.")
    os: HostOs = Field(
        description="Operating system installed on the hosts: picks the host configuration format (netplan, "
        "nmcli, xe, esxcli) and the runbook's install commands.")
    cpu_model: str = Field(default="", description="CPU model; hosts of a KVM cluster should share one.")
    cpu_cores: int = Field(ge=1,
        description="Physical CPU cores per host: the overview's capacity figures use it.")
    ram_gb: int = Field(ge=1,
        description="Memory per host in GB: the overview's capacity figures use it.")
    max_vms: int = Field(default=50, ge=1, description="Per-host VM limit you plan to enforce.")
    nics: list[Nic] = Field(
        min_length=1, json_schema_extra=ORDERED,
        description="The host's NICs. Order matters: NICs not in a bond take the switches of their fabric in "
        "turn, in this order.")
    bonds: list[Bond] = Field(default_factory=list,
        description="Bonds (link aggregations) built from the profile's NICs. An 802.3ad bond becomes a "
        "port-channel on the switch pair; physical networks and primary-storage interfaces may name a bond "
        "instead of a NIC.")
    rack_units: int = Field(default=1, ge=1, le=RACK_HEIGHT_MAX, description="Height of one host in rack units (U).")
    power_watts: int | None = power_field()
    primary_storage_interfaces: list[InterfaceName] = Field(
        default_factory=list, json_schema_extra=ORDERED,
        description="NICs or bonds that carry the pod's dedicated primary-storage networks. Order matters: "
        "the same order as the pod's 'primary_storage_networks' (two for iSCSI multipath).",
    )

    host_switches: list[HostSwitch] = Field(
        default_factory=list,
        description="VMware vSwitches and distributed switches, or XenServer networks, the hosts really have; when "
        "listed, the traffic labels of these hosts' hypervisor must name one of them, bound to the physical "
        "network's interface.",
    )

    def interface_names(self) -> list[str]:
        return [n.name for n in self.nics] + [b.name for b in self.bonds]

    def members_of(self, interface: str) -> list[Nic]:
        """The physical NICs behind an interface name (a NIC itself, or a bond's members)."""
        for bond in self.bonds:
            if bond.name == interface:
                return [n for n in self.nics if n.name in bond.members]
        return [n for n in self.nics if n.name == interface]

    def bond(self, interface: str) -> Bond | None:
        return next((b for b in self.bonds if b.name == interface), None)


ProfileName = Name
