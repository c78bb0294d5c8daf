"""The lab plan: a deployment's planned network as Open vSwitch bridges, veth pairs and namespaces.

Pure: computed from the port plan, the address plan, the gateway owners and the host-config
model (``host_networks``, the model the netplan/nmcli/xe/esxcli renderers read), never from the
design again. The executor (``lab.run``) turns it into ``ip`` and ``ovs-vsctl`` commands.

How the design maps onto the lab:

* every switch is an OVS bridge (userspace datapath); the two switches of an MLAG/vPC/MC-LAG or
  StackWise Virtual pair are **one** bridge, because a pair presents one LACP partner to a bond
  spread over both, which two OVS bridges cannot do (each has its own LACP system id). Each member's
  ports stay separate veths, so a drill takes one member down by taking its ports down; the peer link
  lies inside the bridge and is not emulated;
* every cabled port is a veth whose switch end is an OVS port with the planned access VLAN, trunk
  VLANs and native VLAN; port-channels are OVS bonds with LACP (fast rate);
* inter-switch links are veths between the bridges, bonded as the port plan bonds them;
* every host and server is a namespace. The kernel has no bonding or 802.1Q, so the host side is
  OVS too: one small bridge per host interface (bond or NIC) with the bond as an OVS bond, and one
  veth per addressed device of the host config (``cloudbr0``, ``bond1.140``, ``vmk1``) into the
  namespace, an OVS access port in the device's VLAN; inside, the device keeps its design name;
* each group of gateway owners (a VRRP core pair, a firewall pair) is a namespace that forwards,
  with one veth per network it holds (its SVI or firewall interface), and routes to the networks
  of the other gateway namespaces it shares a transit network with.

Names: OVS bridges, ports and veth ends carry the run prefix (``sp`` + 4 hex digits) and a short
index, at most 15 characters; ``LabPlan.names`` maps each back to the design.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface, IPv4Network

from ..host_configs.view import HostNetwork
from ..inventory import Inventory
from ..model import Design, IsolationMethod
from ..plan.types import AddressPlan
from ..ports.gateways import gateway_owner
from ..ports.types import NATIVE_VLAN, LinkKind, PortMode, PortPlan, PortRow
from ..rules.traffic import VXLAN_OVERHEAD

FABRIC = ""  # the namespace key of the fabric (where ovs-vswitchd and every bridge live)
DEFAULT_MTU = 1500
IFNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,14}$")
SERVER_ROLES = ("management-server", "database", "load-balancer", "lb-vip", "storage-server")
UNTAGGED_INTERNAL = 4094  # on a device bridge: the VLAN untagged frames are carried in


@dataclass(frozen=True)
class LabBridge:
    name: str
    title: str  # what it emulates: "ams1-core1/ams1-core2", "ams1-p01-kvm01 bond0"
    switches: tuple[str, ...] = ()  # design switches (empty for a device bridge)
    rstp: bool = False


@dataclass(frozen=True)
class LabPort:
    """One OVS port: a single interface or a bond of several."""

    bridge: str
    name: str
    members: tuple[str, ...]
    tag: int | None = None  # access VLAN
    trunks: tuple[int, ...] = ()  # trunk VLANs (with ``tag`` None)
    native: int | None = None  # native VLAN of a trunk (sent untagged)
    lacp: bool = False
    bond_mode: str = ""  # "" (LACP default), active-backup
    title: str = ""  # design name: "ams1-p01-leaf1 port-channel11"

    @property
    def vlans(self) -> tuple[int, ...]:
        return tuple(sorted({*self.trunks, *([self.tag] if self.tag is not None else []),
                             *([self.native] if self.native is not None else [])}))


@dataclass(frozen=True)
class LabLink:
    """A veth pair: ``a`` in the fabric (a switch port or a device-bridge port) or in ``a_ns``, ``b`` in ``b_ns``."""

    a: str
    b: str  # its name in its namespace (the device's design name inside a device namespace)
    b_ns: str  # namespace key of the b end (FABRIC when both ends are bridge ports)
    title: str  # "ams1-p01-leaf1 Ethernet1/1 — ams1-p01-kvm01 ens1f0"
    switches: tuple[str, ...] = ()  # design switches owning an end (the a end, and b for an ISL)
    isl: bool = False
    a_ns: str = FABRIC  # a gateway namespace for the site-to-site link between two sites' firewalls
    mtu: int = 0  # MTU of the a end (0: the kernel's 1,500): the switch port's, the device's
    peer_mtu: int = 0  # MTU of the b end: the host NIC's, the device's in its namespace


@dataclass(frozen=True)
class LabInterface:
    """An addressed interface inside a device namespace."""

    namespace: str
    name: str  # its name in the namespace
    design_name: str  # the host config's device (cloudbr0, bond1.140, vmk1) or the server's NIC
    addresses: tuple[IPv4Interface, ...]
    vlan: int | None  # switch VLAN the device's traffic is in
    via: str  # how it reaches the fabric: "bond0 (VLAN 110 tagged) on ams1-p01-leaf1 Ethernet1/1, ..."


@dataclass(frozen=True)
class LabRoute:
    namespace: str
    destination: str  # "default" or a CIDR
    via: IPv4Address


@dataclass(frozen=True)
class LabNamespace:
    key: str  # short key: h3, s1, g2
    device: str  # design device(s)
    role: str  # host, server, gateway
    forwarding: bool = False


@dataclass(frozen=True, order=True)
class Endpoint:
    """An address a device holds in the lab: one side of a pair to prove."""

    network: str
    address: IPv4Address
    device: str
    namespace: str
    interface: str  # name in the namespace
    vlan: int | None
    role: str  # host, server, gateway
    pod: str = ""


@dataclass(frozen=True)
class StorageCheck:
    """Primary-storage traffic of a host must leave by the host config's storage device."""

    host: str
    namespace: str
    pool: str
    target: IPv4Address
    target_device: str
    interface: str  # expected egress interface (name in the namespace)


@dataclass(frozen=True)
class Drill:
    """Take interfaces down, re-prove management and storage reachability, bring them back."""

    name: str
    kind: str  # switch, link
    down: tuple[str, ...]  # fabric interface names


@dataclass
class LabPlan:
    slug: str
    prefix: str
    bridges: list[LabBridge] = field(default_factory=list)
    ports: list[LabPort] = field(default_factory=list)
    links: list[LabLink] = field(default_factory=list)
    namespaces: list[LabNamespace] = field(default_factory=list)
    interfaces: list[LabInterface] = field(default_factory=list)
    routes: list[LabRoute] = field(default_factory=list)
    endpoints: list[Endpoint] = field(default_factory=list)
    storage_checks: list[StorageCheck] = field(default_factory=list)
    drills: list[Drill] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    gateways: dict[str, str] = field(default_factory=dict)  # network → gateway namespace key
    routed: set[frozenset[str]] = field(default_factory=set)  # pairs of gateway namespaces routed to each other
    names: dict[str, str] = field(default_factory=dict)  # lab name → what it stands for in the design
    # network → (IP packet size it must carry, why) where that is more than 1,500 bytes: a jumbo MTU, or a VXLAN
    # underlay carrying the guests' packets plus the encapsulation
    frames: dict[str, tuple[int, str]] = field(default_factory=dict)

    def namespace_name(self, key: str) -> str:
        """The namespace's name on the machine: ``splab-<run>-<key>``; the fabric's is ``…-fabric``."""
        return f"splab-{self.prefix[2:]}-{key or 'fabric'}"

    def endpoint_at(self, address: IPv4Address) -> Endpoint | None:
        return next((e for e in self.endpoints if e.address == address), None)


def switch_vlan(design: Design, network: str) -> int:
    vlan = design.networks[network].vlan
    return vlan if vlan is not None else NATIVE_VLAN


class _Builder:
    def __init__(self, design: Design, inventory: Inventory, ports: PortPlan, addresses: AddressPlan,  # noqa: PLR0917
                 hosts: list[HostNetwork], slug: str, prefix: str, pod: str | None) -> None:
        self.design = design
        self.inventory = inventory
        self.ports = ports
        self.addresses = addresses
        self.hosts = hosts
        self.pod = pod
        self.plan = LabPlan(slug, prefix)
        self.count: dict[str, int] = {}
        self.bridge_of: dict[str, str] = {}  # design switch → lab bridge
        self.switch_names = {s.name for s in design.switches}
        self.firewall_names = {f.name for f in design.firewalls}

    def name(self, kind: str, meaning: str) -> str:
        n = self.count.get(kind, 0) + 1
        self.count[kind] = n
        out = f"{self.plan.prefix}{kind}{n}"
        self.plan.names[out] = meaning
        return out

    # Switches -----------------------------------------------------------------------------------------

    def switches(self) -> None:
        by_name = {s.name: s for s in self.design.switches}
        groups: list[tuple[str, ...]] = []
        seen: set[str] = set()
        for sw in sorted(self.design.switches, key=lambda s: s.name):
            if sw.name in seen:
                continue
            group: tuple[str, ...] = (sw.name,)
            if sw.peer and sw.peer in by_name and by_name[sw.peer].peer == sw.name:
                group = tuple(sorted((sw.name, sw.peer)))
            seen.update(group)
            groups.append(group)
        for group in groups:
            title = "/".join(group)
            bridge = self.name("s", f"switch {title}")
            self.plan.bridges.append(LabBridge(bridge, title, group))
            for member in group:
                self.bridge_of[member] = bridge
            if len(group) > 1:
                self.plan.notes.append(f"{title}: one bridge for the pair (one LACP partner, as MLAG/vPC presents); "
                                       "the peer link lies inside it")

    def switch_port(self, bridge: str, rows: list[PortRow], members: tuple[str, ...], title: str) -> None:
        row = rows[0]
        lag = row.lag
        name = members[0] if len(members) == 1 else self.name("k", title)
        if row.mode is PortMode.access:
            port = LabPort(bridge, name, members, tag=row.access_vlan, title=title)
        else:
            allowed = sorted(set().union(*(r.allowed for r in rows)))
            port = LabPort(bridge, name, members, trunks=tuple(allowed), native=row.native_vlan, title=title)
        if lag is not None and lag.lacp:
            port = LabPort(port.bridge, port.name, port.members, port.tag, port.trunks, port.native, True, "", title)
        self.plan.ports.append(port)

    # Devices ------------------------------------------------------------------------------------------

    def device_bridge(self, ns: str, device: str, interface: str, cabling: list[tuple[PortRow, str]],  # noqa: PLR0917
                      bond_mode: str, endpoints: list[tuple[str, int | None, int | None, list[IPv4Interface],
                                                          str, str]], mtus: dict[str, int] | None = None) -> None:
        """A host or server interface: its NICs cabled to switch ports, bonded as the host config bonds them,
        and one veth per addressed device into the namespace.

        ``cabling``: (switch port row, NIC name); ``endpoints``: (name in the namespace, host VLAN or None for
        untagged, switch VLAN, addresses, design name, network); ``mtus``: the MTU of each NIC and addressed device
        (by NIC name and name in the namespace) the host config sets, 1,500 where it sets none. A switch port's
        veth end has the port plan's MTU; a server's NIC (no host config) its port's."""
        mtus = mtus or {}
        bridge = self.name("d", f"{device} {interface}")
        self.plan.bridges.append(LabBridge(bridge, f"{device} {interface}"))
        members = []
        where = []
        for row, nic in cabling:
            a = self.name("l", f"{row.switch} {row.port}")
            b = self.name("n", f"{device} {nic}")
            self.plan.links.append(LabLink(a, b, FABRIC, f"{row.switch} {row.port} — {device} {nic}",
                                           (row.switch,), mtu=row.mtu, peer_mtu=mtus.get(nic, row.mtu)))
            self.host_rows.setdefault((self.bridge_of[row.switch], row.lag.name if row.lag else a), []).append(
                (row, a))
            members.append(b)
            where.append(f"{row.switch} {row.port}")
        tagged = {vlan for _, vlan, _, _, _, _ in endpoints if vlan is not None}
        internal = max(v for v in range(1, UNTAGGED_INTERNAL + 1) if v not in tagged)
        lacp = bond_mode == "802.3ad"
        port_name = members[0] if len(members) == 1 else self.name("k", f"{device} {interface}")
        self.plan.ports.append(LabPort(bridge, port_name, tuple(members), native=internal,
                                       lacp=lacp and len(members) > 1, bond_mode="" if lacp else "active-backup",
                                       title=f"{device} {interface}"))
        for inside, host_vlan, vlan, addrs, design_name, network in endpoints:
            a = self.name("e", f"{device} {design_name}")
            mtu = mtus.get(inside, self.network_mtu(network))
            self.plan.links.append(LabLink(a, inside, ns, f"{device} {design_name}", mtu=mtu, peer_mtu=mtu))
            self.plan.ports.append(LabPort(bridge, a, (a,), tag=host_vlan if host_vlan is not None else internal,
                                           title=f"{device} {design_name}"))
            tag_text = f"VLAN {host_vlan} tagged" if host_vlan is not None else f"untagged, VLAN {vlan} at the switch"
            via = f"{interface} ({tag_text}) on {', '.join(where)}"
            self.plan.interfaces.append(LabInterface(ns, inside, design_name, tuple(addrs), vlan, via))
            role = "host" if ns.startswith("h") else "server"
            for addr in addrs:
                self.plan.endpoints.append(Endpoint(network, addr.ip, device, ns, inside, vlan, role,
                                                    self.pod_of.get(device, "")))

    def hosts_side(self) -> None:
        self.pod_of: dict[str, str] = {}
        for index, net in enumerate(self.hosts, start=1):
            if self.pod and net.pod != self.pod:
                continue
            self.pod_of[net.host] = net.pod
            ns = f"h{index}"
            self.plan.namespaces.append(LabNamespace(ns, net.host, "host"))
            rows = {r.peer_interface: r for r in self.ports.of_host(net.host)}
            bonds = {b.name: b for b in net.bonds}
            # addressed devices: (device, parent interface, host VLAN, addresses, networks)
            devices: dict[str, tuple[str, int | None, list[IPv4Interface], str]] = {}
            label = net.management_label
            if label is not None and label.address is not None:  # ESXi: vmk0, in the label vSwitch's port group
                devices[net.management_device] = (label.interface, label.vlan, [label.address],
                                                  net.management_network)
            # MTUs the host config sets (the kernel's 1,500 where it sets none): NICs, and each addressed device
            mtus = {n.name: n.mtu or DEFAULT_MTU for n in net.nics}
            device_mtu = {net.management_device: label.mtu or DEFAULT_MTU} if label is not None else {}
            for s in net.storage:
                entry = devices.setdefault(s.device, (s.interface, s.vlan, [], s.network))
                device_mtu[s.device] = s.mtu or DEFAULT_MTU
                if s.address not in entry[2]:
                    entry[2].append(s.address)
            by_parent: dict[str, list[tuple[str, int | None, int | None, list[IPv4Interface], str, str]]] = {}
            for design_name, (parent, host_vlan, addrs, network) in devices.items():
                inside = design_name if IFNAME.match(design_name) else f"dev{len(by_parent)}"
                mtus[inside] = device_mtu.get(design_name, DEFAULT_MTU)
                by_parent.setdefault(parent, []).append(
                    (inside, host_vlan, switch_vlan(self.design, network), addrs, design_name, network))
            for parent, endpoints in by_parent.items():
                bond = bonds.get(parent)
                nics = bond.members if bond else (parent,)
                cabling = [(rows[n], n) for n in nics if n in rows]
                if not cabling:
                    self.plan.notes.append(f"{net.host} {parent}: no NIC cabled in the port plan; not emulated")
                    continue
                self.device_bridge(ns, net.host, parent, cabling, bond.mode if bond else "", endpoints, mtus)
            if label is not None and label.address is not None and net.gateway is not None:
                self.plan.routes.append(LabRoute(ns, "default", net.gateway))

    def servers_side(self) -> None:
        holders: dict[str, list[tuple[str, IPv4Address]]] = {}  # server → (network, address)
        shared: set[IPv4Address] = set()  # addresses a pair shares (a load balancer VIP)
        for a in self.addresses.allocations:
            if a.is_range or a.role not in SERVER_ROLES:
                continue
            device = a.device.split("/")[0]  # a VIP of a pair goes on its first member
            holders.setdefault(device, []).append((a.network, a.first))
            if "/" in a.device:
                shared.add(a.first)
        for held in holders.values():  # on each network the server's own address first, a shared VIP after it
            held.sort(key=lambda h: h[1] in shared)
        pods = {p.name for _, z in self.inventory.zones() for p in z.pods}
        index = 0
        for device in sorted(holders):
            held = holders[device]
            if self.pod and not self.server_in_scope(held, pods):
                continue
            index += 1
            ns = f"v{index}"
            self.plan.namespaces.append(LabNamespace(ns, device, "server"))
            rows = [r for r in self.ports.rows if r.kind is LinkKind.server and r.peer_device == device]
            groups: dict[frozenset[str], list[PortRow]] = {}
            for r in rows:
                groups.setdefault(frozenset(c.network for c in r.carried), []).append(r)
            placed: set[str] = set()
            for n, (networks, group) in enumerate(sorted(groups.items(), key=lambda g: sorted(g[0]))):
                endpoints: list[tuple[str, int | None, int | None, list[IPv4Interface], str, str]] = []
                for network, _ in held:
                    if network not in networks or network in placed:
                        continue
                    placed.add(network)
                    carried = next(c for r in group for c in r.carried if c.network == network)
                    inside = f"eth{n}" if len(endpoints) == 0 else f"eth{n}.{carried.first}"
                    prefix = self.design.networks[network].cidr.prefixlen
                    # every address the server holds there: its own, then a VIP of its pair (the first member
                    # holds it, as the active member of the pair would)
                    addrs = list(dict.fromkeys(IPv4Interface(f"{x}/{prefix}") for net, x in held if net == network))
                    endpoints.append((inside, None if carried.untagged else carried.first, carried.first,
                                      addrs, inside, network))
                if endpoints:
                    nics = [(r, r.peer_interface or f"nic{i}") for i, r in enumerate(group)]
                    lacp = all(r.lag is not None and r.lag.lacp for r in group) and len(group) > 1
                    self.device_bridge(ns, device, "+".join(sorted({nic for _, nic in nics})), nics,
                                       "802.3ad" if lacp else "active-backup", endpoints)
            for network, address in held:
                if network in placed:
                    continue
                placed.add(network)
                self.assumed_cable(ns, device, network, address)
            first = held[0][0]
            gw = self.design.networks[first].gateway
            if gw is not None:
                self.plan.routes.append(LabRoute(ns, "default", gw))

    def server_in_scope(self, held: list[tuple[str, IPv4Address]], pods: set[str]) -> bool:
        """With --pod: servers on the pod's networks, or on a network of no pod (shared by every pod)."""
        pod_nets = {a.network for a in self.addresses.allocations if a.pod == self.pod}
        other = {a.network for a in self.addresses.allocations if a.pod and a.pod != self.pod} - pod_nets
        return any(net in pod_nets or net not in other for net, _ in held)

    def assumed_cable(self, ns: str, device: str, network: str, address: IPv4Address) -> None:
        """A server the port plan does not cable: an access port on the switch that holds its network's
        gateway (else the first switch carrying the network), reported as assumed."""
        owner = gateway_owner(self.design, network)
        candidates = [s for s in (owner.devices if owner else ()) if s in self.bridge_of]
        candidates += sorted(s.name for s in self.design.switches if self.ports.carries(s.name, network))
        if not candidates:
            self.plan.notes.append(f"{device} on {network}: not cabled in the port plan and no switch carries "
                                   "the network; not emulated")
            return
        switch = candidates[0]
        vlan = switch_vlan(self.design, network)
        a = self.name("l", f"{switch} (assumed port for {device})")
        inside = f"eth{sum(1 for i in self.plan.interfaces if i.namespace == ns)}"
        mtu = self.network_mtu(network)
        self.plan.links.append(LabLink(a, inside, ns, f"{switch} assumed port — {device}", (), mtu=mtu, peer_mtu=mtu))
        self.plan.ports.append(LabPort(self.bridge_of[switch], a, (a,), tag=vlan, title=f"{device} (assumed cable)"))
        prefix = self.design.networks[network].cidr.prefixlen
        self.plan.interfaces.append(LabInterface(ns, inside, inside, (IPv4Interface(f"{address}/{prefix}"),), vlan,
                                                 f"assumed access port on {switch}, VLAN {vlan}"))
        self.plan.endpoints.append(Endpoint(network, address, device, ns, inside, vlan, "server"))
        self.plan.notes.append(f"{device} on {network}: the port plan does not cable it; assumed on an access port "
                               f"of {switch} in VLAN {vlan}")

    def switch_management(self) -> None:
        """A switch's own address (its management interface) as a small namespace: on the switch port its
        out-of-band port is cabled to (in that port's VLAN), else in-band, an access port of its own bridge in
        the network's VLAN (an SVI). A switch whose management network no planned port carries (a separate
        out-of-band network) is not emulated."""
        index = 0
        for a in self.addresses.allocations:
            if a.is_range or a.role != "switch" or a.device not in self.bridge_of:
                continue
            if self.pod and not self.server_in_scope([(a.network, a.first)], set()):
                continue
            oob = next((r for r in self.ports.rows if r.peer_device == a.device and r.kind is LinkKind.server
                        and r.switch in self.bridge_of), None)
            vlan = switch_vlan(self.design, a.network)
            if oob is not None:
                bridge, tag = self.bridge_of[oob.switch], oob.access_vlan if oob.access_vlan is not None else vlan
                inside = oob.peer_interface if IFNAME.match(oob.peer_interface) else "mgmt0"
                owners: tuple[str, ...] = (oob.switch,)
                via = f"{a.device} {oob.peer_interface} on {oob.switch} {oob.port} (access VLAN {tag})"
            elif self.ports.carries(a.device, a.network):
                bridge, tag, inside, owners = self.bridge_of[a.device], vlan, f"vlan{vlan}", (a.device,)
                via = f"in-band, VLAN {vlan} on {a.device}"
            else:
                self.plan.notes.append(f"{a.device} {a.first} on {a.network}: no planned port carries its management "
                                       "network (a separate out-of-band network); not emulated")
                continue
            index += 1
            ns = f"m{index}"
            self.plan.namespaces.append(LabNamespace(ns, a.device, "switch"))
            link = self.name("l", f"{oob.switch} {oob.port}" if oob is not None else f"{a.device} management (in-band)")
            self.plan.links.append(LabLink(link, inside, ns, f"{a.device} management — {via}", owners))
            self.plan.ports.append(LabPort(bridge, link, (link,), tag=tag, title=f"{a.device} management"))
            prefix = self.design.networks[a.network].cidr.prefixlen
            self.plan.interfaces.append(LabInterface(ns, inside, inside, (IPv4Interface(f"{a.first}/{prefix}"),),
                                                     tag, via))
            self.plan.endpoints.append(Endpoint(a.network, a.first, a.device, ns, inside, tag, "switch"))
            gw = self.design.networks[a.network].gateway
            if gw is not None:
                self.plan.routes.append(LabRoute(ns, "default", gw))

    # Links between switches -----------------------------------------------------------------------------

    def interswitch(self) -> None:
        rows = {(r.switch, r.port): r for r in self.ports.rows}
        done: set[tuple[tuple[str, str], tuple[str, str]]] = set()
        for r in self.ports.rows:
            if r.kind not in (LinkKind.uplink, LinkKind.downlink, LinkKind.peer_link):
                continue
            if r.peer_device not in self.switch_names:
                continue
            if self.bridge_of[r.switch] == self.bridge_of[r.peer_device]:
                continue  # a peer link inside a pair's bridge
            other = rows.get((r.peer_device, r.peer_interface))
            if other is None:
                continue
            key = tuple(sorted(((r.switch, r.port), (other.switch, other.port))))
            if key in done:
                continue
            done.add(key)  # type: ignore[arg-type]
            a = self.name("l", f"{r.switch} {r.port}")
            b = self.name("l", f"{other.switch} {other.port}")
            self.plan.links.append(LabLink(a, b, FABRIC, f"{r.switch} {r.port} — {other.switch} {other.port}",
                                           (r.switch, other.switch), isl=True, mtu=r.mtu, peer_mtu=other.mtu))
            self.isl_rows.setdefault((self.bridge_of[r.switch], r.lag.name if r.lag else a), []).append((r, a))
            self.isl_rows.setdefault((self.bridge_of[other.switch], other.lag.name if other.lag else b), []).append(
                (other, b))

    def fabric_ports(self) -> None:
        for table in (self.isl_rows, self.host_rows):
            for (bridge, _), entries in sorted(table.items(), key=lambda kv: kv[1][0][1]):
                rows = [r for r, _ in entries]
                members = tuple(a for _, a in entries)
                first = rows[0]
                title = f"{'/'.join(sorted({r.switch for r in rows}))} {first.lag.name if first.lag else first.port}"
                self.switch_port(bridge, rows, members, title)

    # Gateways -------------------------------------------------------------------------------------------

    def gateways(self) -> None:
        groups: dict[tuple[str, ...], list[str]] = {}
        for network in sorted(self.design.networks):
            owner = gateway_owner(self.design, network)
            if owner is None or not owner.devices:
                continue
            groups.setdefault(owner.devices, []).append(network)
        # a switch group also holds its own interfaces (the core's address on the transit network)
        own: dict[tuple[str, ...], list[tuple[str, IPv4Address]]] = {}
        for a in self.addresses.allocations:
            if a.is_range or a.role not in ("gateway", "vrrp", "firewall", "switch-interface"):
                continue
            for devices in groups:
                if a.device in devices or a.device == "/".join(devices):
                    own.setdefault(devices, []).append((a.network, a.first))
        self.connected: dict[str, list[tuple[str, IPv4Address]]] = {}
        for index, devices in enumerate(sorted(groups), start=1):
            ns = f"g{index}"
            self.plan.namespaces.append(LabNamespace(ns, "/".join(devices), "gateway", forwarding=True))
            addrs: dict[str, list[IPv4Address]] = {}
            for network, address in own.get(devices, []):
                addrs.setdefault(network, [])
                if address not in addrs[network]:
                    addrs[network].append(address)
            attached: list[tuple[str, IPv4Address]] = []
            for network in sorted(addrs):
                bridge = self.gateway_bridge(devices, network)
                if bridge is None:
                    self.plan.notes.append(f"{'/'.join(devices)} on {network}: no switch port carries the network "
                                           "to it; not emulated")
                    continue
                vlan = switch_vlan(self.design, network)
                svi = self.name("g", f"{'/'.join(devices)} on {network}")
                inside = f"vlan{vlan}"
                while any(i.namespace == ns and i.name == inside for i in self.plan.interfaces):
                    inside += "x"
                prefix = self.design.networks[network].cidr.prefixlen
                ifaces = tuple(IPv4Interface(f"{x}/{prefix}") for x in addrs[network])
                mtu = self.network_mtu(network)
                self.plan.links.append(LabLink(svi, inside, ns, f"{'/'.join(devices)} {network}", mtu=mtu,
                                               peer_mtu=mtu))
                self.plan.ports.append(LabPort(bridge, svi, (svi,), tag=vlan, title=f"{'/'.join(devices)} {network}"))
                self.plan.interfaces.append(LabInterface(ns, inside, inside, ifaces, vlan,
                                                         f"VLAN {vlan} on {self.bridge_title(bridge)}"))
                gw = self.design.networks[network].gateway
                if network in groups[devices]:
                    self.plan.gateways[network] = ns
                for x in addrs[network]:
                    self.plan.endpoints.append(Endpoint(network, x, "/".join(devices) if x == gw else self.holder(x),
                                                        ns, inside, vlan, "gateway"))
                    attached.append((network, x))
            self.connected[ns] = attached
        self.routes_between_gateways()
        self.site_links()

    def holder(self, address: IPv4Address) -> str:
        return next((a.device for a in self.addresses.allocations if not a.is_range and a.first == address), "")

    def bridge_title(self, bridge: str) -> str:
        return next(b.title for b in self.plan.bridges if b.name == bridge)

    def gateway_bridge(self, devices: tuple[str, ...], network: str) -> str | None:
        """The bridge a gateway group's interface on ``network`` sits on: its own (a switch group), or the
        bridge of a switch whose port towards it carries the network's VLAN (a firewall)."""
        for d in devices:
            if d in self.bridge_of and self.ports.carries(d, network):
                return self.bridge_of[d]
        for d in devices:
            if d in self.bridge_of:
                return self.bridge_of[d]
        vlan = switch_vlan(self.design, network)
        for r in self.ports.rows:
            if r.peer_device in devices and vlan in r.vlans and r.switch in self.bridge_of:
                return self.bridge_of[r.switch]
        return None

    def routes_between_gateways(self) -> None:
        """Two gateway namespaces on a shared network route each other's networks through it."""
        gws = sorted(self.connected)
        for x in gws:
            for y in gws:
                if x == y:
                    continue
                shared = {n for n, _ in self.connected[x]} & {n for n, _ in self.connected[y]}
                if not shared:
                    continue
                net = sorted(shared)[0]
                via = sorted(a for n, a in self.connected[y] if n == net)
                gateway = self.design.networks[net].gateway
                hop = gateway if gateway in via else via[0]  # a VRRP/firewall shared address first
                self.plan.routed.add(frozenset((x, y)))
                mine = {n for n, _ in self.connected[x]}
                for n in sorted({n for n, _ in self.connected[y]} - mine):
                    self.plan.routes.append(LabRoute(x, str(self.design.networks[n].cidr), hop))

    def network_mtu(self, network: str) -> int:
        """A network's MTU (its gateway's interface, a server's on it: they are not in the host configs)."""
        return self.design.networks[network].mtu or DEFAULT_MTU

    def frames(self) -> None:
        """The packet size each network must carry beyond 1,500 bytes: its MTU, and on a pod's VXLAN underlay the
        guests' MTU plus the encapsulation (the verification stage's VERIFY-MTU reckoning)."""
        for name, network in sorted(self.design.networks.items()):
            if network.mtu and network.mtu > DEFAULT_MTU:
                self.plan.frames[name] = (network.mtu, f"network MTU {network.mtu}")
        for _, zone in self.inventory.zones():
            vxlan = [p for p in zone.physical_networks if p.isolation is IsolationMethod.vxlan]
            for pod in zone.pods:
                if pod.vtep_network is None or not vxlan:
                    continue
                guest = max(p.guest_mtu for p in vxlan)
                need = guest + VXLAN_OVERHEAD
                if need > self.plan.frames.get(pod.vtep_network, (DEFAULT_MTU, ""))[0]:
                    self.plan.frames[pod.vtep_network] = (need, f"VXLAN underlay: guest MTU {guest} + "
                                                          f"{VXLAN_OVERHEAD} bytes of encapsulation")

    def device_of(self, ns: str) -> str:
        return next(n.device for n in self.plan.namespaces if n.key == ns)

    def site_of(self, ns: str) -> str | None:
        devices = next(n.device for n in self.plan.namespaces if n.key == ns).split("/")
        sites = {s.name: s.site for s in self.design.switches} | {f.name: f.site for f in self.design.firewalls}
        found = {sites.get(d) for d in devices}
        return found.pop() if len(found) == 1 else None

    def site_links(self) -> None:
        """Between two sites, the site-to-site link the design leaves out (a WAN or VPN, as the verification
        stage takes it): a veth between the first firewall namespace of each site, with link-local addresses
        (169.254.<n>.0/30, outside every design), and routes to the other site's networks through it."""
        firewalls = {f.name for f in self.design.firewalls}
        edges: dict[str, str] = {}
        for ns in sorted(self.connected, key=lambda k: int(k[1:])):
            devices = set(next(n.device for n in self.plan.namespaces if n.key == ns).split("/"))
            site = self.site_of(ns)
            if site is not None and devices <= firewalls:
                edges.setdefault(site, ns)
        sites = sorted(edges)
        index = 0
        for i, site_a in enumerate(sites):
            for site_b in sites[i + 1:]:
                index += 1
                if index > 255:
                    return
                x, y = edges[site_a], edges[site_b]
                net = IPv4Network(f"169.254.{index}.0/30")
                ax, ay = IPv4Interface(f"{net[1]}/30"), IPv4Interface(f"{net[2]}/30")
                a, b = f"wan{index}a", f"wan{index}b"
                self.plan.links.append(LabLink(a, b, y, f"site-to-site link {site_a} — {site_b} (not in the design)",
                                               a_ns=x))
                self.plan.interfaces.append(LabInterface(x, a, a, (ax,), None, f"site-to-site link to {site_b}"))
                self.plan.interfaces.append(LabInterface(y, b, b, (ay,), None, f"site-to-site link to {site_a}"))
                self.plan.notes.append(f"{site_a} — {site_b}: the site-to-site link the design leaves out is a veth "
                                       f"between {self.device_of(x)} and {self.device_of(y)} "
                                       f"({net}, link-local)")
                self.route_site(x, ay.ip, site_b)
                self.route_site(y, ax.ip, site_a)

    def route_site(self, edge: str, peer: IPv4Address, far_site: str) -> None:
        """Routes to ``far_site``'s networks: the edge via its WAN peer, the gateway namespaces of its own site
        that share a network with the edge via the edge's address on it."""
        far = sorted({n for ns, held in self.connected.items() if self.site_of(ns) == far_site for n, _ in held})
        near = self.site_of(edge)
        for ns in sorted(self.connected):
            if self.site_of(ns) != near:
                continue
            if ns == edge:
                hop: IPv4Address | None = peer
            else:
                shared = sorted({n for n, _ in self.connected[ns]} & {n for n, _ in self.connected[edge]})
                hop = min((a for n, a in self.connected[edge] if shared and n == shared[0]), default=None)
            if hop is None:
                continue
            mine = {n for n, _ in self.connected[ns]}
            have = {r.destination for r in self.plan.routes if r.namespace == ns}
            for n in far:
                dest = str(self.design.networks[n].cidr)
                if n not in mine and dest not in have:
                    self.plan.routes.append(LabRoute(ns, dest, hop))

    # Checks --------------------------------------------------------------------------------------------

    def ceph_monitors(self) -> None:
        """A Ceph cluster's monitors hold addresses of the plan, but the design gives them no NIC and no cable (the
        model has none for them: the Ceph cluster's network is its own design), so the lab builds no endpoint for
        them and says why; hosts' storage egress towards them is still checked (``storage_checks``)."""
        for a in self.addresses.allocations:
            if not a.is_range and a.role == "ceph-monitor":
                self.plan.notes.append(f"{a.device} {a.first} on {a.network}: a Ceph monitor, which the design "
                                       "does not cable (Ceph monitors have no NICs in the design model); not emulated")

    def storage_targets(self, pool_server: str | None, ceph: str | None) -> list[tuple[str, IPv4Address]]:
        """(device, address) a host's primary-storage traffic goes to: the storage server's endpoints in the lab,
        or an RBD pool's Ceph monitors (not in the lab: the route alone is checked)."""
        if pool_server is not None:
            return sorted(((e.device, e.address) for e in self.plan.endpoints if e.device == pool_server),
                          key=lambda t: t[1])
        cluster = next((c for c in self.design.ceph_clusters if c.name == ceph), None)
        return sorted(((m.name, m.address) for m in (cluster.monitors if cluster else [])),
                      key=lambda t: t[1])

    def storage_checks(self) -> None:
        for host in self.inventory.hosts:
            ns = next((n.key for n in self.plan.namespaces if n.device == host.name), None)
            if ns is None:
                continue
            pools = [*host.cluster.primary_storage, *(p for p in host.zone.primary_storage)]
            mine = [i for i in self.plan.interfaces if i.namespace == ns]
            for pool in pools:
                for device, address in self.storage_targets(pool.server, pool.ceph):
                    iface = next((i for i in mine for a in i.addresses if address in a.network), None)
                    if iface is None:
                        continue
                    self.plan.storage_checks.append(StorageCheck(host.name, ns, pool.name, address, device,
                                                                 iface.name))

    def drills(self) -> None:
        if not self.design.deployment.redundant:
            return
        for sw in sorted(self.switch_names):
            down = tuple(sorted(
                (link.a if sw == link.switches[0] else link.b)
                for link in self.plan.links if sw in link.switches))
            if down:
                self.plan.drills.append(Drill(f"switch {sw} down", "switch", down))
        for link in self.plan.links:
            if link.isl:
                self.plan.drills.append(Drill(f"link {link.title} down", "link", (link.a,)))

    def onlink_routes(self) -> None:
        """Keep the routes whose next hop is in a subnet of the namespace (a server whose network is not
        emulated has no gateway to use)."""
        kept = []
        for r in self.plan.routes:
            subnets = [a.network for i in self.plan.interfaces if i.namespace == r.namespace for a in i.addresses]
            if any(r.via in n for n in subnets):
                kept.append(r)
            else:
                device = next(n.device for n in self.plan.namespaces if n.key == r.namespace)
                self.plan.notes.append(f"{device}: no route to {r.destination} via {r.via} (not on a network it has "
                                       "in the lab)")
        self.plan.routes = kept

    def build(self) -> LabPlan:
        self.host_rows: dict[tuple[str, str], list[tuple[PortRow, str]]] = {}
        self.isl_rows: dict[tuple[str, str], list[tuple[PortRow, str]]] = {}
        self.switches()
        self.hosts_side()
        self.servers_side()
        self.switch_management()
        self.interswitch()
        self.fabric_ports()
        self.gateways()
        self.ceph_monitors()
        self.frames()
        self.storage_checks()
        self.drills()
        self.onlink_routes()
        self.plan.endpoints.sort()
        return self.plan


def lab_plan(design: Design, inventory: Inventory, ports: PortPlan, addresses: AddressPlan,  # noqa: PLR0917
             hosts: list[HostNetwork], slug: str, prefix: str = "sp0000", pod: str | None = None) -> LabPlan:
    """The lab of a deployment (of one pod with ``pod``)."""
    return _Builder(design, inventory, ports, addresses, hosts, slug, prefix, pod).build()


def check_names(plan: LabPlan) -> list[str]:
    """Interface names longer than the kernel allows (none, when the plan is right)."""
    names = [*(b.name for b in plan.bridges), *(p.name for p in plan.ports),
             *(x for link in plan.links for x in (link.a, link.b)), *(i.name for i in plan.interfaces)]
    return sorted({n for n in names if not IFNAME.match(n)})


def networks_of(plan: LabPlan) -> dict[str, IPv4Network]:
    out: dict[str, IPv4Network] = {}
    for i in plan.interfaces:
        for a in i.addresses:
            out.setdefault(str(a.network), a.network)
    return out
