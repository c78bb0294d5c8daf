"""The structured configuration of a switch, as data: ports, port-channels, VLANs, SVIs with
their VRRP groups, the MLAG/vPC domain, routes and the management interface.

``view.py`` builds it from the port plan and the address plan; the configuration templates
(``templates/switch/<platform>/``) and the switch pages read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface, IPv4Network

from ..model import SwitchRole
from ..ports.interconnects import MLAG_PEER_NAME, MLAG_PEER_VLAN
from ..ports.platforms import PlatformInfo


@dataclass(frozen=True)
class VlanEntry:
    first: int
    last: int
    name: str  # as the platform accepts it (cut to its length limit)
    network: str  # full network name, or the physical network of a guest range
    traffic: str
    named: bool = True  # the config gives it a name (Cisco and Arista name single VLANs only)

    @property
    def peer(self) -> bool:
        """The MLAG/ICCP peer VLAN, kept to the peer link."""
        return self.network == MLAG_PEER_NAME

    @property
    def text(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"

    @property
    def is_range(self) -> bool:
        return self.first != self.last


@dataclass(frozen=True)
class Switchport:
    """Layer-2 settings of a port or port-channel."""

    mode: str
    access_vlan: int | None
    native_vlan: int | None
    allowed: str  # compact VLAN list, '' on access ports
    allowed_list: tuple[str, ...]  # the same, one item per VLAN or range (Junos members)


@dataclass(frozen=True)
class EthernetPort:
    name: str
    number: int
    description: str
    kind: str
    switchport: Switchport
    edge: bool  # faces a host: spanning-tree edge port
    mtu: int | None
    channel_group: int | None
    lacp: bool
    svl_link: bool  # a StackWise Virtual link (IOS-XE pairs)


@dataclass(frozen=True)
class McAe:
    """Junos MC-LAG settings of one aggregated interface."""

    chassis_id: int
    status_control: str
    system_id: str
    admin_key: int


@dataclass(frozen=True)
class PortChannel:
    number: int
    name: str
    description: str
    kind: str
    switchport: Switchport
    edge: bool
    mtu: int | None
    mlag_id: int | None
    peer_link: bool
    members: tuple[str, ...]
    mc_ae: McAe | None = None


@dataclass(frozen=True)
class Vrrp:
    group: int
    virtual_address: IPv4Address
    priority: int


@dataclass(frozen=True)
class Svi:
    vlan: int
    name: str  # Vlan110, irb.110
    vlan_name: str  # the VLAN's name in the switch's database (Junos binds the irb unit to it)
    network: str
    address: IPv4Interface
    description: str
    vrrp: Vrrp | None = None
    mtu: int | None = None  # IP MTU, when the network's is above 1500

    @property
    def netmask(self) -> str:
        return str(self.address.netmask)


@dataclass(frozen=True)
class Mlag:
    kind: str  # vpc, mlag, stackwise-virtual, mc-lag
    domain_id: int
    domain_name: str
    peer: str
    peer_link: str  # the peer link's port-channel name ('' for StackWise Virtual)
    first: bool  # this switch sorts first in the pair
    role_priority: int
    member: int  # StackWise Virtual member number
    keepalive_source: IPv4Address | None
    keepalive_destination: IPv4Address | None
    keepalive_vrf: str
    peer_vlan: int
    local_address: IPv4Interface
    peer_address: IPv4Address


@dataclass(frozen=True)
class Route:
    """A static default route: in the global table (``vrf`` '') or in the management VRF."""

    next_hop: IPv4Address
    vrf: str
    purpose: str  # for the page: "management", "towards ams1-fw1/ams1-fw2 on ams1-transit"


@dataclass(frozen=True)
class Management:
    interface: str  # mgmt0 / Management1 / em0, or the SVI name for in-band management
    in_band: bool
    vrf: str
    network: str
    address: IPv4Interface | None
    gateway: IPv4Address | None

    @property
    def netmask(self) -> str:
        return str(self.address.netmask) if self.address else ""


@dataclass(frozen=True)
class VtepSegment:
    """A pod's VXLAN underlay network as one switch carries it: the VTEPs are the hosts (CloudStack's
    modifyvxlan.sh), the switch carries and routes their network at the underlay MTU."""

    network: str
    vlan: int
    cidr: IPv4Network
    mtu: int  # the physical network's underlay MTU: guest MTU + 50 or more
    physical_network: str
    vnis: str  # the guest VNI ranges riding it, "10000-19999"
    control: str  # evpn or multicast


@dataclass(frozen=True)
class EvpnReflector:
    """BGP EVPN on a core that routes VTEP networks: the route reflector of the hosts' FRR (iBGP), accepting
    every VTEP address of its VTEP networks through a listen range."""

    asn: int
    router_id: IPv4Address  # the switch's own address on its first VTEP network
    listen: tuple[IPv4Network, ...]
    peer_group: str = "VTEPS"


@dataclass(frozen=True)
class VxlanUnderlay:
    segments: tuple[VtepSegment, ...]
    evpn: EvpnReflector | None = None
    pim_svis: tuple[str, ...] = ()  # multicast control: PIM sparse mode on the VTEP SVIs this core routes


STP_REGION = "cloudstack"  # one MST region (this name, revision 1) on every switch of the fabric, any platform


@dataclass
class SwitchConfig:
    name: str
    platform: PlatformInfo
    role: str
    site: str
    pod: str
    model: str
    vlans: list[VlanEntry] = field(default_factory=list)
    ports: list[EthernetPort] = field(default_factory=list)
    port_channels: list[PortChannel] = field(default_factory=list)
    svis: list[Svi] = field(default_factory=list)
    mlag: Mlag | None = None
    management: Management | None = None
    routes: list[Route] = field(default_factory=list)
    system_mtu: int | None = None
    lag_count: int = 0
    untagged_networks: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)
    sets_hostname: bool = True  # not the second member of a StackWise Virtual pair (one switch, one name)
    stp_priority: int | None = None  # the core pair is the spanning-tree root (4096) and its backup (8192)
    vxlan: VxlanUnderlay | None = None  # the VXLAN underlay this switch carries (VTEP networks, EVPN, PIM)

    @property
    def routed(self) -> bool:
        return self.role == SwitchRole.core.value

    @property
    def default_route(self) -> IPv4Address | None:
        """Next hop of the default route in the global table."""
        return next((r.next_hop for r in self.routes if not r.vrf), None)

    @property
    def jumbo_svis(self) -> bool:
        return any(s.mtu for s in self.svis)

    @property
    def has_vrrp(self) -> bool:
        return any(s.vrrp for s in self.svis)

    @property
    def mlag_svi(self) -> str:
        return f"irb.{MLAG_PEER_VLAN}" if self.platform.key == "juniper_junos" else f"Vlan{MLAG_PEER_VLAN}"

    @property
    def mlag_ports(self) -> list[PortChannel]:
        return [pc for pc in self.port_channels if pc.mlag_id is not None]
