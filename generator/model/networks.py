"""Layer-3 networks (one namespace, referenced by name) and CloudStack physical networks."""

from __future__ import annotations

from enum import StrEnum
from ipaddress import IPv4Network

from pydantic import Field, field_validator

from .base import (
    Address,
    Cidr,
    InterfaceName,
    Label,
    Name,
    StrictModel,
    VlanId,
    VlanRange,
    VniRange,
    design_problem,
    explained,
)

DEFAULT_VLAN = 1
MAX_PREFIX = 30
"""The longest prefix of a network: a /30 holds a gateway and one device; a /31 or /32 holds neither."""
"""The switches' default VLAN, which exists on every platform and is native on every trunk."""


class Network(StrictModel):
    """An IPv4 subnet in the deployment. Pods, zones, servers and switches refer to it by name.

    How the network meets a host (or a server) and the switches:

    * ``vlan: 110``: tagged with 110 on the host, in VLAN 110 on the switches;
    * ``vlan: 110`` and ``untagged: true``: untagged on the host, in VLAN 110 on the switches (the
      host port's access VLAN, or the native VLAN of its trunk);
    * no ``vlan``: untagged on the host, in VLAN 1 (the default VLAN) on the switches, so a switch
      carries at most one such network.

    Between switches and towards firewalls a network travels tagged in its switch VLAN, except
    in VLAN 1, which trunks carry natively.
    """

    cidr: Cidr = Field(description="Subnet in CIDR notation, e.g. 10.10.0.0/24.")
    gateway: Address | None = Field(
        default=None, description="Default gateway inside the CIDR (none for a non-routed L2 segment)."
    )
    vlan: VlanId | None = Field(
        default=None,
        description="802.1Q VLAN id of the network on the switches; the hosts tag it too unless "
        "'untagged' is true. Left out: untagged on the hosts, in VLAN 1 (the default VLAN) on the switches.",
    )
    untagged: bool = Field(
        default=False,
        description="Hosts send and receive this network untagged: the switch port's access VLAN, or the "
        "trunk's native VLAN; 'vlan' is then the switch-side VLAN id.",
    )
    site: Name | None = Field(default=None, description="Data centre (site) where this subnet lives.")
    description: str = Field(
        default="",
        description="What the network is for, shown in the IP plan and the VLAN plan.")
    mtu: int = Field(default=1500, ge=576, le=9216, description="IP MTU on this network.")
    gateway_on: Name | None = Field(
        default=None,
        description="Device that owns the gateway: a firewall or core switch name. Defaults to the "
        "site's core switches (VRRP) when the site has them, else the site's firewall.",
    )

    @field_validator("cidr")
    @classmethod
    def _room_for_devices(cls, cidr: IPv4Network) -> IPv4Network:
        if cidr.prefixlen > MAX_PREFIX:
            raise design_problem(f"{cidr} has no room for a gateway and devices",
                                 f"give the network a prefix of /{MAX_PREFIX} or shorter, e.g. "
                                 f"{cidr.supernet(new_prefix=24)}")
        return cidr

    @property
    def host_vlan(self) -> int | None:
        """The tag hosts and servers put on this network's frames (None: they send it untagged)."""
        return None if self.untagged else self.vlan

    @property
    def switch_vlan(self) -> int:
        """The VLAN the switches put this network in."""
        return self.vlan if self.vlan is not None else DEFAULT_VLAN

    @property
    def vlan_text(self) -> str:
        """'VLAN 110', 'VLAN 110, untagged at the hosts' or 'untagged (VLAN 1)', for pages and labels."""
        if self.vlan is None:
            return f"untagged (VLAN {DEFAULT_VLAN})"
        return f"VLAN {self.vlan}, untagged at the hosts" if self.untagged else f"VLAN {self.vlan}"


@explained({
    "management": "hosts, system VMs and management servers talk to each other",
    "guest": "traffic of guest VMs",
    "public": "virtual routers and system VMs to the Internet",
    "storage": "secondary storage traffic of the system VMs (templates, snapshots)",
})
class TrafficType(StrEnum):
    management = "management"
    guest = "guest"
    public = "public"
    storage = "storage"


@explained({
    "kvm": "KVM on Linux (Ubuntu or Enterprise Linux)",
    "xenserver": "XenServer or XCP-ng",
    "vmware": "VMware vSphere (ESXi hosts through vCenter)",
    "hyperv": "Microsoft Hyper-V",
    "lxc": "Linux containers (LXC) on Linux hosts",
    "baremetal": "bare-metal servers, no hypervisor",
})
class Hypervisor(StrEnum):
    kvm = "kvm"
    xenserver = "xenserver"
    vmware = "vmware"
    hyperv = "hyperv"
    lxc = "lxc"
    baremetal = "baremetal"


@explained({
    "VLAN": "802.1Q VLANs from 'guest_vlans'",
    "VXLAN": "VXLAN VNIs from 'guest_vnis' over the underlay",
    "GRE": "GRE tunnels (Open vSwitch)",
    "L3": "layer-3 isolation by the network provider",
    "STT": "STT tunnels (Nicira NVP)",
})
class IsolationMethod(StrEnum):
    vlan = "VLAN"
    vxlan = "VXLAN"
    gre = "GRE"
    l3 = "L3"
    stt = "STT"


@explained({
    "multicast": "VTEPs find each other through a multicast group per VNI (the underlay routes multicast)",
    "evpn": "VTEPs learn each other over BGP EVPN (FRR on the hosts peers with the leaves)",
})
class VxlanControl(StrEnum):
    multicast = "multicast"
    evpn = "evpn"


class Vxlan(StrictModel):
    """How VTEPs find each other on a VXLAN physical network."""

    control: VxlanControl = Field(
        default=VxlanControl.multicast,
        description="multicast: CloudStack's modifyvxlan.sh joins one multicast group per VNI (239.x.y.z from the "
        "VNI), so the underlay needs IGMP (and PIM between subnets); evpn: BGP EVPN (FRR on every host, "
        "modifyvxlan-evpn.sh installed as modifyvxlan.sh) learns the VTEPs, no multicast needed.")
    asn: int | None = Field(
        default=None, ge=1, le=4_294_967_294,
        description="evpn: the BGP AS number of the fabric (iBGP). The core switches that route the pods' VTEP "
        "networks become the route reflectors of the hosts' FRR: their configurations get a BGP EVPN peer group "
        "that accepts every VTEP address of those networks (a listen range, no line per host). Left out: the "
        "switch configurations say the design names no route reflector.")


class Traffic(StrictModel):
    """One CloudStack traffic type on a physical network, with its per-hypervisor labels."""

    type: TrafficType = Field(
        description="The CloudStack traffic type carried: management, guest, public or storage (addTrafficType).")
    labels: dict[Hypervisor, Label] = Field(
        default_factory=dict,
        description="Traffic label per hypervisor: the KVM bridge (cloudbr0), XenServer network "
        "name-label or VMware vSwitch name that carries this traffic on every host.",
    )


class PhysicalNetwork(StrictModel):
    """A CloudStack physical network: which host interface carries it and which traffic it holds."""

    name: Name = Field(
        description="The physical network's name in CloudStack (createPhysicalNetwork), unique in its zone.")
    interface: InterfaceName = Field(
        description="Host NIC or bond (from the host profiles) that carries this physical network."
    )
    isolation: IsolationMethod = Field(
        default=IsolationMethod.vlan,
        description="How guest networks are isolated on this physical network (createPhysicalNetwork "
        "isolationmethods): VLAN needs 'guest_vlans', VXLAN needs 'guest_vnis'.")
    traffic: list[Traffic] = Field(min_length=1,
        description="The traffic types this physical network carries, each with its per-hypervisor traffic "
        "label. Decides which networks ride the host interface and which bridges the host configurations build. "
        'Example: [{"type": "management", "labels": {"kvm": "cloudbr0"}}]')
    guest_vlans: list[VlanRange] = Field(
        default_factory=list,
        description="VLAN ranges reserved for CloudStack guest networks (advanced zones, VLAN isolation).",
    )
    guest_vnis: list[VniRange] = Field(
        default_factory=list,
        description="VXLAN isolation: VNI ranges (1-16777214) reserved for guest networks, instead of guest_vlans. "
        "They ride the underlay between the hosts' VTEPs and are not trunked on the switches.",
    )
    vxlan: Vxlan | None = Field(default=None, description="VXLAN isolation: how the VTEPs learn each other "
                                "(multicast unless said); each pod names its underlay with 'vtep_network'.")
    tags: list[Name] = Field(default_factory=list,
        description="Tags of the physical network (createPhysicalNetwork tags): network offerings with the same "
        "tag use it.")
    mtu: int = Field(default=1500, ge=576, le=9216, description="Underlay MTU of this network (VXLAN: at least "
                     "the guest MTU + 50 for the VXLAN header).")
    guest_mtu: int = Field(default=1500, ge=576, le=9166, description="MTU guest VMs use on this network "
                           "(VXLAN: the underlay 'mtu' must be at least this + 50).")

    @property
    def guest_ranges(self) -> list[str]:
        """The guest range CloudStack is given (updatePhysicalNetwork vlan): VNIs with VXLAN, else VLANs."""
        return [str(v) for v in (self.guest_vnis if self.isolation is IsolationMethod.vxlan else self.guest_vlans)]

    def carries(self, kind: TrafficType) -> bool:
        return any(t.type == kind for t in self.traffic)

    def traffic_of(self, kind: TrafficType) -> Traffic | None:
        return next((t for t in self.traffic if t.type == kind), None)
