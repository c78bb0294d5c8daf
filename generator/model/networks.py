"""Layer-3 networks (one namespace, referenced by name) and CloudStack physical networks."""

from __future__ import annotations

from enum import StrEnum
from ipaddress import IPv4Address, IPv4Network

from pydantic import Field

from .base import Name, StrictModel, VlanId, VlanRange


class Network(StrictModel):
    """An IPv4 subnet in the deployment. Pods, zones, servers and switches refer to it by name.

    ``vlan`` left out means the subnet is untagged (native/access) where it meets a host.
    """

    cidr: IPv4Network = Field(description="Subnet in CIDR notation, e.g. 10.10.0.0/24.")
    gateway: IPv4Address | None = Field(
        default=None, description="Default gateway inside the CIDR (none for a non-routed L2 segment)."
    )
    vlan: VlanId | None = Field(default=None, description="802.1Q tag; leave out for untagged.")
    site: Name | None = Field(default=None, description="Data centre (site) where this subnet lives.")
    description: str = ""
    mtu: int = Field(default=1500, ge=576, le=9216, description="IP MTU on this network.")
    gateway_on: Name | None = Field(
        default=None,
        description="Device that owns the gateway: a firewall or core switch name. Defaults to the "
        "site's core switches (VRRP) when the site has them, else the site's firewall.",
    )


class TrafficType(StrEnum):
    management = "management"
    guest = "guest"
    public = "public"
    storage = "storage"


class Hypervisor(StrEnum):
    kvm = "kvm"
    xenserver = "xenserver"
    vmware = "vmware"
    hyperv = "hyperv"
    lxc = "lxc"
    baremetal = "baremetal"


class IsolationMethod(StrEnum):
    vlan = "VLAN"
    vxlan = "VXLAN"
    gre = "GRE"
    l3 = "L3"
    stt = "STT"


class Traffic(StrictModel):
    """One CloudStack traffic type on a physical network, with its per-hypervisor labels."""

    type: TrafficType
    labels: dict[Hypervisor, str] = Field(
        default_factory=dict,
        description="Traffic label per hypervisor: the KVM bridge (cloudbr0), XenServer network "
        "name-label or VMware vSwitch name that carries this traffic on every host.",
    )


class PhysicalNetwork(StrictModel):
    """A CloudStack physical network: which host interface carries it and which traffic it holds."""

    name: Name
    interface: str = Field(
        description="Host NIC or bond (from the host profiles) that carries this physical network."
    )
    isolation: IsolationMethod = IsolationMethod.vlan
    traffic: list[Traffic] = Field(min_length=1)
    guest_vlans: list[VlanRange] = Field(
        default_factory=list,
        description="VLAN ranges reserved for CloudStack guest networks (advanced zones).",
    )
    tags: list[str] = Field(default_factory=list)
    mtu: int = Field(default=1500, ge=576, le=9216, description="Underlay MTU of this network.")

    def carries(self, kind: TrafficType) -> bool:
        return any(t.type == kind for t in self.traffic)

    def traffic_of(self, kind: TrafficType) -> Traffic | None:
        return next((t for t in self.traffic if t.type == kind), None)
