"""The network of each hypervisor host: NICs, bonds, VLAN interfaces, label bridges, addresses.

One model per host, read by the per-hypervisor templates (``templates/host/<kind>/``) and by the
host-configs page:

* KVM: a bridge per traffic label (``cloudbr0``, ``cloudbr1``), on the physical network's NIC or
  bond. The management bridge carries the host's address; when the management network is
  tagged at the host it sits on a VLAN interface (``bond0.110``), the working pattern for a tagged
  KVM management network; one the hosts send untagged (``untagged: true`` or no ``vlan``) needs
  none. Other bridges sit on the untagged interface: CloudStack adds the guest, public and
  storage VLANs itself.
* XenServer / XCP-ng: networks named by the traffic labels; management on its PIF.
* VMware ESXi: a standard vSwitch per label, the management VMkernel port ``vmk0``.
* KVM with VXLAN guest isolation: the VTEP address on the pod's underlay network (``vtep_network``) sits
  on the bridge of the VXLAN physical network's guest label, which CloudStack's modifyvxlan.sh builds
  each VNI's interface on; a tagged underlay puts that bridge on a VLAN interface, like management.
* Every hypervisor: an address on each dedicated primary-storage network, on the profile's
  ``primary_storage_interfaces`` (a VLAN interface when the host tags it), so the host reaches
  primary storage through its own interface in its own subnet (seed 000).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from ipaddress import IPv4Address, IPv4Interface

from ..artefacts import SPLIT_ROWS, part_path
from ..deployment import Deployment
from ..inventory import Host, Inventory
from ..model import Design, HostOs, Hypervisor, Networking, TrafficType
from ..model.hardware import BondMode
from ..plan.interfaces import host_vtep
from ..plan.types import AddressPlan
from ..ports import PortPlan, interface_needs

KINDS = {
    HostOs.ubuntu_22_04: ("netplan", "yaml"), HostOs.ubuntu_24_04: ("netplan", "yaml"),
    HostOs.el8: ("nmcli", "sh"), HostOs.el9: ("nmcli", "sh"),
    HostOs.xenserver_8: ("xe", "sh"), HostOs.xcp_ng_8: ("xe", "sh"),
    HostOs.esxi_7: ("esxcli", "sh"), HostOs.esxi_8: ("esxcli", "sh"),
}
OS_TITLES = {
    HostOs.ubuntu_22_04: "Ubuntu 22.04", HostOs.ubuntu_24_04: "Ubuntu 24.04", HostOs.el8: "EL 8", HostOs.el9: "EL 9",
    HostOs.xenserver_8: "XenServer 8", HostOs.xcp_ng_8: "XCP-ng 8", HostOs.esxi_7: "ESXi 7", HostOs.esxi_8: "ESXi 8",
    HostOs.windows_2019: "Windows Server 2019",
}
DEFAULT_KVM_LABEL = "cloudbr0"  # an empty KVM management label means cloudbr0
DEFAULT_VSWITCH = "vSwitch0"
MANAGEMENT_PORTGROUP = "Management Network"  # vmware.management.portgroup default
MANAGEMENT_VMK = "vmk0"  # ESXi: the VMkernel port of the management port group (the installer's)
PRIMARY_STORAGE = "primary storage"
VTEP = "VXLAN VTEP"


@dataclass(frozen=True)
class StorageAddress:
    """The host's address on a dedicated primary-storage network."""

    network: str
    interface: str  # NIC or bond from ``primary_storage_interfaces``
    device: str  # where the address sits: the interface, its VLAN interface, or the bridge on it
    vlan: int | None
    address: IPv4Interface
    mtu: int | None
    uplinks: tuple[str, ...]
    vmk: str = ""  # ESXi VMkernel port
    portgroup: str = ""
    vswitch: str = ""
    purpose: str = "primary storage"  # PRIMARY_STORAGE, or VTEP: the comment beside the address


@dataclass(frozen=True)
class NicView:
    name: str
    mtu: int | None
    controller: str  # the bond or bridge it is a port of ('' when it stands alone)
    cabled_to: str  # "switch port", for the comment beside it
    storage: tuple[StorageAddress, ...] = ()  # primary-storage addresses on this device
    controller_kind: str = ""  # bond or bridge

    @property
    def addresses(self) -> tuple[str, ...]:
        return tuple(str(s.address) for s in self.storage)


@dataclass(frozen=True)
class BondView:
    name: str
    members: tuple[str, ...]
    mode: str  # as the design says: 802.3ad, active-backup, balance-slb
    mtu: int | None
    controller: str  # the bridge it is a port of
    storage: tuple[StorageAddress, ...] = ()

    @property
    def addresses(self) -> tuple[str, ...]:
        return tuple(str(s.address) for s in self.storage)

    @property
    def lacp(self) -> bool:
        return self.mode == BondMode.lacp.value

    @property
    def nm_options(self) -> str:
        """NetworkManager's bond.options: the mode, link monitoring, LACP hashing or the primary NIC."""
        extra = ",lacp_rate=fast,xmit_hash_policy=layer3+4" if self.lacp else f",primary={self.members[0]}"
        return f"mode={self.mode},miimon=100{extra}"


@dataclass(frozen=True)
class VlanView:
    name: str  # parent.vlan
    parent: str
    vlan: int
    mtu: int | None
    controller: str
    storage: tuple[StorageAddress, ...] = ()

    @property
    def addresses(self) -> tuple[str, ...]:
        return tuple(str(s.address) for s in self.storage)


@dataclass(frozen=True)
class Label:
    """One traffic label: a KVM bridge, a XenServer network name, a VMware vSwitch."""

    name: str
    interface: str  # NIC or bond of the physical network
    port: str  # what the bridge is built on (the interface, or its management VLAN interface)
    uplinks: tuple[str, ...]  # physical NICs behind the interface
    traffic: tuple[str, ...]
    mtu: int | None
    address: IPv4Interface | None = None  # the management address lives on the management label
    vlan: int | None = None  # VLAN of the management network when it is tagged
    storage: tuple[StorageAddress, ...] = ()
    bond_mode: str = ""  # the mode of the bond the label sits on ('' for a single NIC)

    @property
    def addresses(self) -> tuple[str, ...]:
        return tuple(str(a) for a in (self.address, *(s.address for s in self.storage)) if a is not None)


@dataclass
class HostNetwork:
    host: str
    host_id: int
    cluster: str
    pod: str
    zone: str
    profile: str
    hypervisor: str
    os: str
    os_title: str
    kind: str  # netplan, nmcli, xe, esxcli
    extension: str
    management_network: str
    management_address: IPv4Interface | None
    gateway: IPv4Address | None
    dns: tuple[str, ...]
    domain: str
    nics: list[NicView] = field(default_factory=list)
    bonds: list[BondView] = field(default_factory=list)
    vlans: list[VlanView] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    storage: list[StorageAddress] = field(default_factory=list)
    pool_master: str = ""  # XenServer: the host whose pool the others join ('' on the master)
    pool_master_address: IPv4Address | None = None

    @property
    def file(self) -> str:
        return f"hosts/{self.host}.{self.extension}"

    @property
    def new_vswitches(self) -> list[StorageAddress]:
        """ESXi: storage VMkernel ports whose vSwitch is not one of the labels' (created for them)."""
        labels = {lbl.name for lbl in self.labels}
        seen: set[str] = set()
        out = []
        for s in self.storage:
            if s.vswitch and s.vswitch not in labels and s.vswitch not in seen:
                seen.add(s.vswitch)
                out.append(s)
        return out

    @property
    def primary_storage(self) -> list[StorageAddress]:
        """The addresses on dedicated primary-storage networks (``storage`` also holds the VXLAN VTEP)."""
        return [s for s in self.storage if s.purpose == PRIMARY_STORAGE]

    @property
    def management_label(self) -> Label | None:
        return next((lbl for lbl in self.labels if lbl.address is not None), None)

    @property
    def management_device(self) -> str:
        """The device holding the management address: ESXi's VMkernel port ``vmk0`` (in the management port group
        of the label's vSwitch), else the management label itself (the KVM bridge, the XenServer network)."""
        label = self.management_label
        if self.kind == "esxcli":
            return MANAGEMENT_VMK
        return label.name if label is not None else ""

    @property
    def devices(self) -> tuple[str, ...]:
        """Every interface the host configuration defines: NICs, bonds, VLAN interfaces, label bridges."""
        return tuple(dict.fromkeys([*(n.name for n in self.nics), *(b.name for b in self.bonds),
                                    *(v.name for v in self.vlans), *(lbl.name for lbl in self.labels)]))



def _mtu(value: int) -> int | None:
    return value if value > 1500 else None


def _labels(host: Host) -> list[tuple[str, str, list[str]]]:
    """(label, interface, traffic kinds) per traffic label of the host's hypervisor, in zone order.

    A label given to traffic on two interfaces is built on the interface of its management traffic
    (where the host's own address is), else of the first traffic in zone order: the verification
    stage then names the other traffic, whatever order the design lists the networks in."""
    hv = host.cluster.hypervisor
    found: list[tuple[str, str, str]] = []  # (label, interface, traffic kind) in zone order
    for pnet in host.zone.physical_networks:
        for t in pnet.traffic:
            label = t.labels.get(hv, "")
            if not label and t.type is TrafficType.management:
                label = DEFAULT_KVM_LABEL if hv in (Hypervisor.kvm, Hypervisor.lxc) else ""
            if not label:
                continue  # no label: CloudStack puts the traffic on the management label's device
            if hv is Hypervisor.vmware:
                label = label.split(",")[0] or DEFAULT_VSWITCH
            found.append((label, pnet.interface, t.type.value))
    where: dict[str, str] = {}
    for label, iface, _kind in sorted(found, key=lambda f: f[2] != TrafficType.management.value):
        where.setdefault(label, iface)
    out: dict[str, list[str]] = {}
    for label, _, kind in found:
        kinds = out.setdefault(label, [])
        if kind not in kinds:
            kinds.append(kind)
    return [(name, where[name], kinds) for name, kinds in out.items()]


class _Builder:
    def __init__(self, design: Design, inventory: Inventory, ports: PortPlan, addresses: AddressPlan) -> None:
        self.design = design
        self.inventory = inventory
        self.ports = ports
        self.addresses = addresses

    def interface(self, host: Host, network: str) -> IPv4Interface | None:
        address = self.addresses.address(host.name, network)
        if address is None:
            return None
        return IPv4Interface(f"{address}/{self.design.networks[network].cidr.prefixlen}")

    def build(self, host: Host) -> HostNetwork | None:
        profile = host.profile
        if profile is None or profile.os not in KINDS:
            return None
        kind, ext = KINDS[profile.os]
        zone, pod = host.zone, host.pod
        mgmt_name = pod.management.network
        mgmt = self.design.networks[mgmt_name]
        net = HostNetwork(
            host=host.name, host_id=host.id, cluster=host.cluster.name, pod=pod.name, zone=zone.name,
            profile=host.profile_name, hypervisor=host.cluster.hypervisor.value, os=profile.os.value,
            os_title=OS_TITLES[profile.os], kind=kind, extension=ext, management_network=mgmt_name,
            management_address=self.interface(host, mgmt_name),
            gateway=mgmt.gateway, dns=tuple(str(a) for a in zone.dns.internal), domain=zone.domain,
        )
        needs = interface_needs(self.design, host)
        members = {b.name: tuple(b.members) for b in profile.bonds}
        controller: dict[str, str] = {}  # interface → the bridge it is a port of
        vlans: dict[str, VlanView] = {}
        basic_guest = self.basic_guest_vlan(host)
        vtep_label = self.vtep_label(host)
        vtep_net = self.design.networks.get(pod.vtep_network or "")
        vtep_address = self.interface(host, pod.vtep_network) if pod.vtep_network and kind in ("netplan", "nmcli") \
            else None
        for name, iface, kinds in _labels(host):
            port, address, vlan = iface, None, None
            if "management" in kinds:
                address, vlan = net.management_address, mgmt.host_vlan
            elif "guest" in kinds and basic_guest is not None:
                vlan = basic_guest  # a basic zone's guest range is untagged for CloudStack: the host tags it
            elif name == vtep_label and vtep_net is not None and vtep_address is not None:
                vlan = vtep_net.host_vlan  # the VTEP bridge sits on the underlay's VLAN interface when tagged
            if kind in ("netplan", "nmcli") and vlan is not None:
                port = f"{iface}.{vlan}"
                vlan_mtu = mgmt.mtu if address else max(needs[iface].mtu if iface in needs else 1500, 1500)
                vlans[port] = VlanView(port, iface, vlan, _mtu(vlan_mtu), name)
            if kind in ("netplan", "nmcli"):
                if port in controller:
                    continue  # an interface joins one bridge: the first label that claims it keeps it
                controller[port] = name
            mtu = _mtu(needs[iface].mtu) if iface in needs else None
            if name == vtep_label and vtep_net is not None and vtep_address is not None and pod.vtep_network:
                net.storage.append(StorageAddress(pod.vtep_network, iface, name, vtep_net.host_vlan, vtep_address,
                                                  mtu, members.get(iface, (iface,)), purpose=VTEP))
            bond = profile.bond(iface)
            net.labels.append(Label(name, iface, port, members.get(iface, (iface,)), tuple(kinds), mtu, address,
                                    vlan, bond_mode=bond.mode.value if bond else ""))
        self.primary_storage(host, net, controller, vlans, members)
        net.vlans = sorted(vlans.values(), key=lambda v: v.name)

        def mtu_of(iface: str) -> int | None:
            carried = needs[iface].mtu if iface in needs else 0
            return _mtu(max([carried, *(s.mtu or 0 for s in net.storage if s.interface == iface)]))

        used = set(needs) | {s.interface for s in net.storage}
        bonded = {m: b for b, ms in members.items() for m in ms}
        net.bonds = [BondView(b.name, tuple(b.members), b.mode.value, mtu_of(b.name), controller.get(b.name, ""))
                     for b in profile.bonds if b.name in used]
        cabling = {r.peer_interface: f"{r.switch} {r.port}" for r in self.ports.of_host(host.name)}
        for nic in profile.nics:
            owner = bonded.get(nic.name, "")
            if (owner or nic.name) not in used:
                continue
            parent = owner or controller.get(nic.name, "")
            net.nics.append(NicView(nic.name, mtu_of(owner or nic.name), parent, cabling.get(nic.name, ""),
                                    controller_kind="bond" if owner else "bridge" if parent else ""))
        if kind == "esxcli":
            self.vmware(net)
        else:
            self.attach_storage(net)
        return net

    def attach_storage(self, net: HostNetwork) -> None:
        """Hand each primary-storage address to the device it sits on."""
        def on(device: str) -> tuple[StorageAddress, ...]:
            return tuple(s for s in net.storage if s.device == device)

        net.nics = [replace(n, storage=on(n.name)) for n in net.nics]
        net.bonds = [replace(b, storage=on(b.name)) for b in net.bonds]
        net.vlans = [replace(v, storage=on(v.name)) for v in net.vlans]
        net.labels = [replace(lbl, storage=on(lbl.name)) for lbl in net.labels]

    def vtep_label(self, host: Host) -> str:
        """The KVM bridge that holds the host's VTEP address ('' without VXLAN or an underlay)."""
        if not host.pod.vtep_network or host.cluster.hypervisor not in (Hypervisor.kvm, Hypervisor.lxc):
            return ""
        return host_vtep(host.zone, host.cluster.hypervisor)

    def basic_guest_vlan(self, host: Host) -> int | None:
        """The VLAN of a basic-zone pod's guest subnet, when it has one (and only one)."""
        if host.zone.networking is not Networking.basic:
            return None
        networks = self.design.networks
        vlans = {networks[g.network].host_vlan for g in host.pod.guest_ranges if g.network in networks}
        return next(iter(vlans)) if len(vlans) == 1 else None

    def primary_storage(self, host: Host, net: HostNetwork, controller: dict[str, str], vlans: dict[str, VlanView],
                        members: dict[str, tuple[str, ...]]) -> None:
        assert host.profile is not None
        pairs = zip(host.pod.primary_storage_networks, host.profile.primary_storage_interfaces, strict=False)
        for index, (name, iface) in enumerate(pairs):
            network = self.design.networks.get(name)
            address = self.interface(host, name)
            if network is None or address is None:
                continue
            mtu = _mtu(network.mtu)
            device = iface
            vlan = network.host_vlan
            if vlan is not None and net.kind in ("netplan", "nmcli"):
                device = f"{iface}.{vlan}"
                vlans.setdefault(device, VlanView(device, iface, vlan, mtu, ""))
            elif device in controller:
                device = controller[device]  # the interface is a bridge port: the address goes on the bridge
            net.storage.append(StorageAddress(name, iface, device, vlan, address, mtu,
                                              members.get(iface, (iface,)), vmk=f"vmk{index + 1}", portgroup=name))

    def vmware(self, net: HostNetwork) -> None:
        """ESXi: a storage VMkernel port goes on the vSwitch whose uplinks are its interface's NICs."""
        by_uplinks = {lbl.uplinks: lbl.name for lbl in net.labels}
        storage = []
        for s in net.storage:
            vswitch = by_uplinks.get(s.uplinks, f"vSwitch-{s.interface}")
            storage.append(StorageAddress(s.network, s.interface, s.vmk, s.vlan, s.address, s.mtu, s.uplinks,
                                          s.vmk, s.portgroup, vswitch))
        net.storage = storage


def deployment_host_networks(deployment: Deployment) -> list[HostNetwork]:
    """``host_networks`` of a deployment, computed once for the outputs, the runbook and the proof."""
    return deployment.once("host_networks", lambda: host_networks(
        deployment.design, deployment.inventory, deployment.port_plan, deployment.address_plan))


def host_networks(design: Design, inventory: Inventory, ports: PortPlan, addresses: AddressPlan) -> list[HostNetwork]:
    """The network configuration of every host whose OS stackplan writes one for, in inventory order."""
    builder = _Builder(design, inventory, ports, addresses)
    out = []
    masters: dict[str, HostNetwork] = {}
    for host in inventory.hosts:
        net = builder.build(host)
        if net is None:
            continue
        if net.kind == "xe":
            master = masters.setdefault(f"{net.zone}/{net.pod}/{net.cluster}", net)
            if master is not net:
                net.pool_master = master.host
                net.pool_master_address = master.management_address.ip if master.management_address else None
        out.append(net)
    return out


PAGE = "host-configs.md"


def config_pages(networks: list[HostNetwork]) -> dict[str, str]:
    """The site page that shows each host's configuration: ``host-configs.md``, or, when that page would
    list more than ``SPLIT_ROWS`` hosts, its pod's part ``host-configs/pod-<pod>.md``."""
    if len(networks) <= SPLIT_ROWS:
        return {n.host: PAGE for n in networks}
    return {n.host: part_path(PAGE.removesuffix(".md"), "pod", n.pod) for n in networks}
