"""The port plan: which switch port each host NIC is cabled to, and what every port carries.

Cabling is keyed on stable ids, so adding a host never moves another host's cables:

* a NIC on the ``access`` fabric goes to the pod's access switches, one on the ``storage``
  fabric to the pod's storage switches; bond members are spread over the switches of the
  fabric (member *j* → switch *j* mod *n*), other NICs take turns;
* on each switch, host *id* gets the block of ports
  ``first_host_port + (id − 1) × stride …``, where ``stride`` is the most NICs any host
  profile of the pod puts on that switch;
* an LACP bond becomes a port-channel numbered ``10 + (id − 1) × bonds + bond index + 1``
  (same number on both switches of a pair, which then run it as vPC/MLAG/MC-LAG);
  port-channel 1 is the peer link, 2 the uplink, 11 onwards on the core the downlinks;
* access and storage switches uplink to the site's core switches (else its firewalls),
  uplink *i* to core *i* mod *n*; a core numbers its downlinks from its first host port in
  pod order. Uplinks and peer links carry the union of every VLAN below them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..inventory import Host, Inventory
from ..model import (
    Design,
    Fabric,
    HostProfile,
    Hypervisor,
    Network,
    Pod,
    Speed,
    Switch,
    SwitchRole,
)
from ..model.hardware import BondMode
from ..plan.gateways import gateway_networks, site_cores
from ..plan.types import PlanIssue
from ..servers import server_links
from .platforms import platform
from .traffic import TRAFFIC_ORDER, Carried, InterfaceNeeds, carried_network, interface_needs
from .types import NATIVE_VLAN, Lag, LinkKind, PortMode, PortPlan, PortRow

LAG_PEER = 1
LAG_UPLINK = 2
LAG_BASE = 10
LINK_ORDER = (*TRAFFIC_ORDER, "switch", "gateway", "peer")
MLAG_PEER_VLAN = 4094  # EOS MLAG and Junos ICCP peer on their own VLAN, kept on the peer link
MLAG_PEER_NAME = "mlag-peer"
PEER_VLAN_PLATFORMS = ("mlag", "mc-lag")


def fabric_switches(design: Design, pod: Pod, fabric: Fabric) -> list[Switch]:
    """The switches a fabric's NICs are cabled to, in name order."""
    role = SwitchRole.access if fabric is Fabric.access else SwitchRole.storage
    return sorted((s for s in design.switches if s.role is role and s.pod == pod.name), key=lambda s: s.name)


def nic_switches(profile: HostProfile, fabric: Fabric, count: int) -> dict[str, int]:
    """NIC name → index of the switch (among ``count``) it is cabled to."""
    fabric_nics = [n.name for n in profile.nics if n.fabric is fabric]
    out: dict[str, int] = {}
    for bond in profile.bonds:
        members = [m for m in bond.members if m in fabric_nics]
        for j, member in enumerate(members):
            out.setdefault(member, j % count)
    for turn, name in enumerate(n for n in fabric_nics if n not in out):
        out[name] = turn % count
    return out


def slots(profile: HostProfile, fabric: Fabric, count: int) -> list[list[str]]:
    """Per switch, the profile's NICs cabled to it, in profile order."""
    where = nic_switches(profile, fabric, count)
    return [[n.name for n in profile.nics if n.fabric is fabric and where[n.name] == k] for k in range(count)]


def lacp_bonds(profile: HostProfile) -> list[str]:
    return [b.name for b in profile.bonds if b.mode is BondMode.lacp]


def _sorted_traffic(kinds: Iterable[str]) -> tuple[str, ...]:
    found = set(kinds)
    return tuple(k for k in LINK_ORDER if k in found)


@lru_cache(maxsize=4096)
def _mode(items: tuple[Carried, ...], host: bool) -> tuple[PortMode, int | None, int | None, frozenset[int]]:
    """(mode, access VLAN, native VLAN, allowed VLANs) for a port carrying ``items``.

    A host port has the network the host sends untagged as its access VLAN (or its trunk's
    native VLAN). Between switches and towards firewalls every network is tagged in its switch
    VLAN, except the default VLAN, which trunks carry natively.
    """
    untagged = [c for c in items if (c.untagged if host else c.vlans == range(NATIVE_VLAN, NATIVE_VLAN + 1))]
    native = untagged[0].first if untagged else None
    tagged = frozenset[int]().union(*(c.vlans for c in items if c not in untagged))
    if not tagged:
        return PortMode.access, native if native is not None else NATIVE_VLAN, None, frozenset()
    if native is not None:
        return PortMode.trunk, None, native, tagged | {native}
    return PortMode.trunk, None, None, tagged


@dataclass(frozen=True)
class _Group:
    """An access or storage switch, or a pair of them: what uplinks as one."""

    switches: tuple[Switch, ...]
    pod_order: int


class _Planner:
    def __init__(self, design: Design, inventory: Inventory) -> None:
        self.design = design
        self.inventory = inventory
        self.by_name = {s.name: s for s in design.switches}
        self.rows: list[PortRow] = []
        self.by_switch: dict[str, list[PortRow]] = {}
        self.issues: list[PlanIssue] = []
        self._reported: set[tuple[object, ...]] = set()

    # helpers -----------------------------------------------------------------------------------

    def issue(self, key: tuple[object, ...], obj: object, attr: str | int | None, message: str, fix: str) -> None:
        if key in self._reported:
            return
        self._reported.add(key)
        self.issues.append(PlanIssue(str(key[0]), obj, attr, message, fix))

    def member(self, sw: Switch) -> int:
        """Member number of a StackWise Virtual pair (1 for the first name, 2 for its peer)."""
        return 2 if sw.peer and sw.peer < sw.name else 1

    def port_name(self, sw: Switch, number: int, speed: Speed) -> str:
        return platform(sw.platform).port(number, speed, self.member(sw), sw.model)

    def check_port(self, sw: Switch, number: int, speed: Speed, kind: LinkKind) -> None:
        """A port the switch's model does not have, or not at that speed, is a design error."""
        problem = platform(sw.platform).port_problem(sw.model, number, speed)
        if problem is None:
            return
        what, reason = problem
        if what == "speed":
            attr = "port_speed" if kind in (LinkKind.host, LinkKind.server) else "uplink_speed"
        else:
            attr = {LinkKind.host: "host_ports", LinkKind.downlink: "host_ports", LinkKind.uplink: "uplink_ports",
                    LinkKind.peer_link: "peer_link_ports", LinkKind.server: "server_ports"}[kind]
        self.issue(("PORTS-MODEL", sw.name, attr), sw, attr, f"switch {sw.name}: {reason}",
                   "use port numbers and speeds the model has ('first_host_port', 'host_ports', 'uplink_ports', "
                   "'peer_link_ports', 'server_ports', 'port_speed', 'uplink_speed'), or correct 'model'")

    def peer_of(self, sw: Switch) -> Switch | None:
        return self.by_name.get(sw.peer) if sw.peer else None

    def lag(self, sw: Switch, number: int, mlag: bool, description: str, lacp: bool = True) -> Lag:
        info = platform(sw.platform)
        if number > info.lag_max:
            self.issue(("PORTS-LAG-RANGE", sw.name), sw, "name",
                       f"switch {sw.name} needs port-channel {number}, but {info.title} numbers them up to "
                       f"{info.lag_max}", "lower the host ids of the pod (port-channels are keyed on host id) "
                       "or use fewer LACP bonds per host")
        return Lag(number, info.lag_name(number), mlag, lacp, description)

    def add(self, row: PortRow) -> None:
        self.rows.append(row)
        self.by_switch.setdefault(row.switch, []).append(row)

    def row(self, sw: Switch, number: int, speed: Speed, kind: LinkKind, *, carried: Iterable[Carried],
            lag: Lag | None, peer: tuple[str, str], host: Host | None = None, host_interface: str = "",
            traffic: Iterable[str] | None = None) -> PortRow:
        items = tuple(sorted(set(carried), key=lambda c: (c.first, c.network, c.traffic)))
        mode, access, native, allowed = _mode(items, kind in (LinkKind.host, LinkKind.server))
        self.check_port(sw, number, speed, kind)
        return PortRow(
            switch=sw.name, platform=sw.platform.value, number=number, port=self.port_name(sw, number, speed),
            kind=kind, mode=mode, access_vlan=access, native_vlan=native, allowed=allowed, lag=lag,
            peer_device=peer[0], peer_interface=peer[1],
            traffic=_sorted_traffic(traffic if traffic is not None else (c.traffic for c in items)),
            carried=items, mtu=max((c.mtu for c in items), default=1500),
            host_id=host.id if host else None, host_interface=host_interface, speed=speed.gbps,
        )

    # hosts -------------------------------------------------------------------------------------

    def pods(self) -> None:
        for pref in self.inventory.pods():
            hosts = [h for h in self.inventory.hosts_in_pod(pref.pod) if h.profile is not None]
            lag_stride = max((len(lacp_bonds(h.profile)) for h in hosts if h.profile), default=0)
            for fabric in Fabric:
                users = [h for h in hosts if h.profile and any(n.fabric is fabric for n in h.profile.nics)]
                if users:
                    self.fabric(pref.pod, fabric, users, lag_stride)

    def fabric(self, pod: Pod, fabric: Fabric, hosts: list[Host], lag_stride: int) -> None:
        switches = fabric_switches(self.design, pod, fabric)
        if not switches:
            for host in hosts:
                assert host.profile is not None
                nic = next(n for n in host.profile.nics if n.fabric is fabric)
                self.issue(("PORTS-NO-SWITCH", host.profile_name, pod.name, fabric.value), nic, "fabric",
                           f"NIC {nic.name} of profile {host.profile_name} is cabled to the {fabric.value} "
                           f"switches of pod {pod.name}, but the pod has none",
                           f"add switches with 'role: {fabric.value}' and 'pod: {pod.name}', or cable the NIC "
                           "to another fabric")
            return
        layout = {h.profile_name: slots(h.profile, fabric, len(switches)) for h in hosts if h.profile}
        stride = [max(len(per[k]) for per in layout.values()) for k in range(len(switches))]
        for host in hosts:
            self.host(host, switches, layout[host.profile_name], stride, lag_stride)
        for k, sw in enumerate(switches):
            self.check_capacity(sw, pod, hosts, stride[k])

    def host(self, host: Host, switches: list[Switch], layout: list[list[str]], stride: list[int],
             lag_stride: int) -> None:
        profile = host.profile
        assert profile is not None
        needs = interface_needs(self.design, host)
        bond_of = {m: b.name for b in profile.bonds for m in b.members}
        lags = self.host_lags(host, profile, switches, layout, lag_stride)
        self.check_bond_modes(host, profile)
        for k, sw in enumerate(switches):
            for index, nic in enumerate(layout[k]):
                iface = bond_of.get(nic, nic)
                need = needs.get(iface)
                if need is None:
                    continue  # a spare NIC keeps its port but carries nothing, so it is not cabled
                number = sw.first_host_port + (host.id - 1) * stride[k] + index
                speed = sw.port_speed
                self.add(self.row(sw, number, speed, LinkKind.host, carried=need.carried,
                                          lag=lags.get(iface), peer=(host.name, nic), host=host,
                                          host_interface=iface))
        self.check_untagged(host, profile, needs)

    def host_lags(self, host: Host, profile: HostProfile, switches: list[Switch], layout: list[list[str]],
                  lag_stride: int) -> dict[str, Lag]:
        where = {nic: k for k, names in enumerate(layout) for nic in names}
        out: dict[str, Lag] = {}
        for index, name in enumerate(lacp_bonds(profile)):
            bond = profile.bond(name)
            assert bond is not None
            used = sorted({where[m] for m in bond.members if m in where})
            if not used:
                continue
            if host.cluster.hypervisor is Hypervisor.vmware:
                self.issue(("PORTS-LACP-VSWITCH", host.profile_name, name), bond, "mode",
                           f"bond {name} of profile {host.profile_name} uses LACP, which an ESXi standard "
                           "vSwitch cannot run (management and storage must stay on a standard vSwitch)",
                           "set 'mode: active-backup' for ESXi hosts")
                continue
            members = [switches[k] for k in used]
            mlag = len(members) == 2 and members[0].peer == members[1].name
            if len(members) > 2 or (len(members) == 2 and not mlag):
                names = " and ".join(s.name for s in members)
                self.issue(("PORTS-LAG-SPLIT", host.profile_name, name), bond, "members",
                           f"LACP bond {name} of profile {host.profile_name} is spread over {names}, which "
                           "are not an MLAG/vPC pair, so the port-channel cannot form",
                           "pair the two switches ('peer:' on both) or set 'mode: active-backup'")
                continue
            number = LAG_BASE + (host.id - 1) * lag_stride + index + 1
            out[name] = self.lag(members[0], number, mlag, f"{host.name}:{name}")
        return out

    def check_bond_modes(self, host: Host, profile: HostProfile) -> None:
        if host.cluster.hypervisor not in (Hypervisor.kvm, Hypervisor.lxc):
            return
        for bond in profile.bonds:
            if bond.mode is BondMode.balance_slb:
                self.issue(("PORTS-BOND-MODE", host.profile_name, bond.name), bond, "mode",
                           f"bond {bond.name} of profile {host.profile_name} uses balance-slb, a XenServer and Open "
                           "vSwitch mode that Linux bonding on a KVM host does not have",
                           "use 'mode: 802.3ad' (LACP, with a switch pair) or 'mode: active-backup'")

    def check_untagged(self, host: Host, profile: HostProfile, needs: dict[str, InterfaceNeeds]) -> None:
        for iface, need in needs.items():
            nets = sorted({c.network for c in need.untagged})
            if len(nets) > 1:
                pnet = next((p for p in host.zone.physical_networks if p.interface == iface), None)
                self.issue(("PORTS-UNTAGGED", host.profile_name, iface), pnet or profile,
                           "interface" if pnet else "nics",
                           f"interface {iface} of profile {host.profile_name} carries {len(nets)} untagged "
                           f"networks ({', '.join(nets)}); a link carries only one untagged network",
                           "let the hosts tag all but one of them: a 'vlan' without 'untagged: true'")

    def check_capacity(self, sw: Switch, pod: Pod, hosts: list[Host], stride: int) -> None:
        numbers = [r.number for r in self.by_switch.get(sw.name, []) if r.kind is LinkKind.host]
        if not numbers:
            return
        last = sw.first_host_port + sw.host_ports - 1
        if max(numbers) > last:
            top = max(h.id for h in hosts)
            self.issue(("PORTS-EXHAUSTED", sw.name), sw, "host_ports",
                       f"switch {sw.name} has {sw.host_ports} host ports ({sw.first_host_port}-{last}) but pod "
                       f"{pod.name} needs {max(numbers) - sw.first_host_port + 1}: {stride} NIC(s) per host, "
                       f"ports keyed on host id (highest id {top})",
                       "use a switch with more ports and raise 'host_ports', or give the hosts lower ids "
                       "(each id reserves its block of ports)")
        reserved = dict.fromkeys(sw.uplink_ports, "uplink_ports") | dict.fromkeys(sw.peer_link_ports, "peer_link_ports")
        clash = sorted(n for n in reserved if sw.first_host_port <= n <= last)
        if clash:
            self.issue(("PORTS-OVERLAP", sw.name), sw, reserved[clash[0]],
                       f"switch {sw.name}: port(s) {', '.join(map(str, clash))} lie in the host ports "
                       f"{sw.first_host_port}-{last} and are also uplink or peer-link ports",
                       "move the uplinks or peer link past the host ports, or lower 'host_ports'")

    # servers -----------------------------------------------------------------------------------

    def servers(self) -> None:
        """Cable each server NIC to the next of its switch's ``server_ports``."""
        links = server_links(self.design)
        used: dict[str, int] = {}
        for link in links:
            sw = self.by_name.get(link.nic.cabled_to)
            if sw is None:
                continue  # the reference rules report an unknown switch
            n = used.get(sw.name, 0)
            used[sw.name] = n + 1
            if n >= len(sw.server_ports):
                count = sum(1 for other in links if other.nic.cabled_to == sw.name)
                self.issue(("PORTS-SERVER-PORTS", sw.name), sw, "server_ports",
                           f"switch {sw.name} has {count} server NIC(s) cabled to it but lists "
                           f"{len(sw.server_ports)} server port(s)",
                           "list a port for every server NIC under 'server_ports' of the switch")
                continue
            carried = [carried_network(link.traffic, name, net) for name in link.networks
                       if (net := self.design.networks.get(name)) is not None]
            untagged = sorted({c.network for c in carried if c.untagged})
            if len(untagged) > 1:
                self.issue(("PORTS-UNTAGGED", link.server.name, link.nic.name), link.nic, "networks",
                           f"NIC {link.nic.name} of server {link.server.name} carries {len(untagged)} untagged "
                           f"networks ({', '.join(untagged)}); a link carries only one untagged network",
                           "list the networks of each NIC under its 'networks', or let the server tag all but one")
            self.add(self.row(sw, sw.server_ports[n], link.nic.speed or sw.port_speed, LinkKind.server,
                              carried=carried, lag=None, peer=(link.server.name, link.nic.name)))
        for name in sorted(used):
            self.check_server_ports(self.by_name[name])

    def check_server_ports(self, sw: Switch) -> None:
        last = sw.first_host_port + sw.host_ports - 1
        reserved = dict.fromkeys(sw.uplink_ports, "uplink") | dict.fromkeys(sw.peer_link_ports, "peer-link")
        clash = sorted(n for n in sw.server_ports if sw.first_host_port <= n <= last or n in reserved)
        if clash:
            self.issue(("PORTS-OVERLAP", sw.name, "server"), sw, "server_ports",
                       f"switch {sw.name}: server port(s) {', '.join(map(str, clash))} are also host ports "
                       f"({sw.first_host_port}-{last}), uplink or peer-link ports",
                       "pick server ports past the host ports, apart from the uplinks and the peer link")

    # switch interconnects ----------------------------------------------------------------------

    def carried_on(self, switches: Iterable[Switch]) -> set[Carried]:
        out = {c for s in switches for r in self.by_switch.get(s.name, []) for c in r.carried}
        for sw in switches:
            out.update(self.management_carried(sw))
        return out

    def management_carried(self, sw: Switch) -> list[Carried]:
        """A tagged switch-management network travels in-band, so its VLAN is carried upwards.
        (One untagged at the hosts is in band only where the switch's ports carry it already.)"""
        if sw.management is None:
            return []
        net: Network | None = self.design.networks.get(sw.management.network)
        if net is None or net.host_vlan is None:
            return []
        return [carried_network("switch", sw.management.network, net)]

    def groups(self) -> list[_Group]:
        pod_index: dict[str, int] = {}
        for i, pref in enumerate(self.inventory.pods()):
            pod_index.setdefault(pref.pod.name, i)
        seen: set[str] = set()
        out = []
        role_order = {SwitchRole.access: 0, SwitchRole.storage: 1}
        members = sorted((s for s in self.design.switches if s.role is not SwitchRole.core),
                         key=lambda s: (pod_index.get(s.pod or "", 0), role_order[s.role], s.name))
        for sw in members:
            if sw.name in seen:
                continue
            peer = self.peer_of(sw)
            pair = (sw, peer) if peer is not None and peer.role is sw.role else (sw,)
            seen.update(s.name for s in pair)
            out.append(_Group(pair, pod_index.get(sw.pod or "", 0)))
        return out

    def interconnects(self) -> None:
        groups = self.groups()
        below = [self.carried_on(g.switches) for g in groups]
        cursors: dict[str, int] = {}
        singles: dict[str, int] = {}  # unpaired switches per site take turns in which core they start at
        for gi, group in enumerate(groups):
            carried = below[gi]
            self.peer_link(group.switches, carried)
            site = group.switches[0].site
            turn = singles.get(site, 0) if len(group.switches) == 1 else 0
            if len(group.switches) == 1:
                singles[site] = turn + 1
            self.uplinks(group, gi, carried, cursors, turn)
        for site in sorted({s.site for s in self.design.switches if s.role is SwitchRole.core}):
            cores = site_cores(self.design, site)
            carried = {c for sw in cores for r in self.by_switch.get(sw.name, []) for c in r.carried}
            for core in cores:
                carried.update(self.management_carried(core))
                carried.update(self.gateway_carried(core))
                carried.update(self.interface_carried(core))
            to_firewall = self.core_uplinks(cores, carried)
            for pair in self.pairs(cores):
                self.peer_link(pair, carried | to_firewall)

    def pairs(self, switches: list[Switch]) -> list[tuple[Switch, ...]]:
        out: list[tuple[Switch, ...]] = []
        seen: set[str] = set()
        for sw in switches:
            if sw.name in seen:
                continue
            peer = self.peer_of(sw)
            pair = (sw, peer) if peer is not None else (sw,)
            seen.update(s.name for s in pair)
            out.append(pair)
        return out

    def gateway_carried(self, core: Switch) -> list[Carried]:
        out = []
        for name in gateway_networks(self.design, core.name):
            out.append(carried_network("gateway", name, self.design.networks[name]))
        return out

    def interface_carried(self, core: Switch) -> list[Carried]:
        """Networks a core has a routed interface on (the transit network, say)."""
        return [carried_network("gateway", att.network, net) for att in core.interfaces
                if (net := self.design.networks.get(att.network)) is not None]

    def peer_link(self, pair: tuple[Switch, ...], carried: set[Carried]) -> None:
        if len(pair) != 2:
            return
        a, b = pair
        uses_mlag = any(r.lag and r.lag.mlag for s in (a, b) for r in self.by_switch.get(s.name, []))
        if not a.peer_link_ports or not b.peer_link_ports:
            if uses_mlag:
                sw = a if not a.peer_link_ports else b
                self.issue(("PORTS-PEER-LINK", sw.name), sw, "peer",
                           f"switches {a.name} and {b.name} share port-channels as a pair but {sw.name} lists "
                           "no peer-link ports", "list the ports cabled to the peer in 'peer_link_ports'")
            return
        if len(a.peer_link_ports) != len(b.peer_link_ports):
            self.issue(("PORTS-PEER-LINK", a.name), a, "peer_link_ports",
                       f"{a.name} lists {len(a.peer_link_ports)} peer-link port(s) but its peer {b.name} lists "
                       f"{len(b.peer_link_ports)}; each peer-link cable has one port on each switch",
                       "list the same number of 'peer_link_ports' on both switches")
            return
        svl = platform(a.platform).mlag == "stackwise-virtual"
        if platform(a.platform).mlag in PEER_VLAN_PLATFORMS:
            carried = carried | {Carried("peer", MLAG_PEER_NAME, MLAG_PEER_VLAN, MLAG_PEER_VLAN, 1500)}
        for sw, other in ((a, b), (b, a)):
            lag = None if svl else self.lag(sw, LAG_PEER, False, f"peer-link {other.name}")
            for number, far in zip(sw.peer_link_ports, other.peer_link_ports, strict=True):
                self.add(self.row(sw, number, sw.uplink_speed, LinkKind.peer_link, carried=carried,
                                          lag=lag, peer=(other.name, self.port_name(other, far, other.uplink_speed))))

    def uplink_targets(self, site: str) -> list[tuple[str, Switch | None]]:
        cores = site_cores(self.design, site)
        if cores:
            return [(c.name, c) for c in cores]
        firewalls = sorted(f.name for f in self.design.firewalls if f.site == site)
        return [(name, None) for name in firewalls]

    def firewall_carried(self, names: Iterable[str], carried: set[Carried], from_core: bool) -> set[Carried]:
        """What a link to firewalls carries: the networks they are attached to that are present
        below; from a core also their other networks with a VLAN (a transit VLAN, say), which
        reach the core only this way. A firewall network without a VLAN not present below is
        taken to be cabled elsewhere (out of band)."""
        wanted = set(names)
        attached = sorted({a.network for f in self.design.firewalls if f.name in wanted for a in f.interfaces})
        if not attached:
            return carried
        out = {c for c in carried if c.network in attached}
        present = {c.network for c in out}
        for name in attached if from_core else ():
            net = self.design.networks.get(name)
            if net is not None and net.vlan is not None and name not in present:
                out.add(carried_network("gateway", name, net))
        return out

    def uplinks(self, group: _Group, index: int, carried: set[Carried], cursors: dict[str, int],
                turn: int) -> None:
        total = sum(len(s.uplink_ports) for s in group.switches)
        if total == 0:
            return
        targets = self.uplink_targets(group.switches[0].site)
        to_core = bool(targets) and targets[0][1] is not None
        bundled = total >= 2 and (to_core or len(targets) <= 1)
        mlag = sum(1 for s in group.switches if s.uplink_ports) == 2
        link_carried = carried if to_core else self.firewall_carried((t[0] for t in targets), carried, False)
        downlinks: list[tuple[Switch, int, Switch, str]] = []
        for sw in group.switches:
            lag = self.lag(sw, LAG_UPLINK, mlag, "uplink") if bundled else None
            for i, number in enumerate(sw.uplink_ports):
                far_name, core = targets[(i + turn) % len(targets)] if targets else ("", None)
                far_port = ""
                if core is not None:
                    core_number = cursors.get(core.name, core.first_host_port)
                    cursors[core.name] = core_number + 1
                    far_port = self.port_name(core, core_number, sw.uplink_speed)
                    downlinks.append((core, core_number, sw, self.port_name(sw, number, sw.uplink_speed)))
                self.add(self.row(sw, number, sw.uplink_speed, LinkKind.uplink, carried=link_carried,
                                          lag=lag, peer=(far_name, far_port)))
        core_mlag = len({core.name for core, *_ in downlinks}) == 2
        for core, number, sw, port in downlinks:
            lag = None
            if len(downlinks) >= 2:
                desc = "downlink " + "/".join(s.name for s in group.switches)
                lag = self.lag(core, LAG_BASE + index + 1, core_mlag, desc)
            self.add(self.row(core, number, sw.uplink_speed, LinkKind.downlink, carried=carried, lag=lag,
                                      peer=(sw.name, port)))
            self.check_core_capacity(core, number)

    def check_core_capacity(self, core: Switch, number: int) -> None:
        last = core.first_host_port + core.host_ports - 1
        if number > last:
            count = sum(1 for r in self.by_switch.get(core.name, []) if r.kind is LinkKind.downlink)
            self.issue(("PORTS-EXHAUSTED", core.name), core, "host_ports",
                       f"core switch {core.name} has {core.host_ports} downlink ports "
                       f"({core.first_host_port}-{last}) but the access and storage switches of its site "
                       f"need {count}", "raise 'host_ports' on the core or use fewer uplinks per switch")
        reserved = set(core.uplink_ports) | set(core.peer_link_ports)
        if number in reserved:
            self.issue(("PORTS-OVERLAP", core.name), core, "host_ports",
                       f"core switch {core.name}: downlink port {number} is also an uplink or peer-link port",
                       "set 'first_host_port' past the uplink and peer-link ports, or move them")

    def core_uplinks(self, cores: list[Switch], carried: set[Carried]) -> set[Carried]:
        """Cable the cores' uplinks to the site's firewalls; returns what they carry."""
        firewalls = sorted(f.name for f in self.design.firewalls if cores and f.site == cores[0].site)
        total = sum(len(c.uplink_ports) for c in cores)
        with_uplinks = [c for c in cores if c.uplink_ports]
        mlag = len(with_uplinks) == 2 and with_uplinks[0].peer == with_uplinks[1].name
        bundled = total >= 2 and len(firewalls) <= 1
        link_carried = self.firewall_carried(firewalls, carried, True)
        for core in cores:
            lag = self.lag(core, LAG_UPLINK, mlag, "uplink") if bundled else None
            for i, number in enumerate(core.uplink_ports):
                far = firewalls[i % len(firewalls)] if firewalls else ""
                self.add(self.row(core, number, core.uplink_speed, LinkKind.uplink, carried=link_carried,
                                          lag=lag, peer=(far, "")))
        return link_carried if total else set()

    # checks over the whole plan ----------------------------------------------------------------

    def check_vlan_clash(self) -> None:
        """One VLAN id, two networks on one switch: their layer 2 would merge. Networks without a
        ``vlan`` all land in the default VLAN, so a switch can hold only one of them."""
        for sw in sorted(self.design.switches, key=lambda s: (s.role is SwitchRole.core, s.name)):
            users: dict[int, set[str]] = {}
            default: set[str] = set()  # untagged networks without a 'vlan'
            for c in {c for r in self.by_switch.get(sw.name, []) for c in r.carried}:
                net = self.design.networks.get(c.network)
                if net is not None and net.vlan is None:
                    default.add(c.network)
                for vlan in c.vlans:
                    users.setdefault(vlan, set()).add(c.network)
            for vlan in sorted(users):
                if len(users[vlan]) < 2:
                    continue
                names = sorted(users[vlan])
                if vlan == NATIVE_VLAN and default & users[vlan]:
                    self.issue(("PORTS-UNTAGGED-SWITCH", frozenset(names)), sw, "name",
                               f"switch {sw.name} would put {len(names)} networks ({', '.join(names)}) into VLAN "
                               f"{NATIVE_VLAN}, joining their layer 2: a network without a 'vlan' is in the default "
                               "VLAN", "give each network a 'vlan' of its own; with 'untagged: true' the hosts still "
                               "send it untagged (the switch port's access or native VLAN)")
                    continue
                self.issue(("PORTS-VLAN-CLASH", vlan, frozenset(names)), sw, "name",
                           f"switch {sw.name} carries VLAN {vlan} for {' and '.join(names)}"
                           + (" (VLAN 4094 is the MLAG peer VLAN of the pair)" if MLAG_PEER_NAME in names
                              else ""), "give each network its own VLAN id")


def plan_ports(design: Design, inventory: Inventory) -> PortPlan:
    """Cable every host NIC and every switch interconnect. Pure: same design, same plan."""
    planner = _Planner(design, inventory)
    if design.switches:
        planner.pods()
        planner.servers()
        planner.interconnects()
        planner.check_vlan_clash()
    rows = sorted(planner.rows, key=lambda r: (r.switch, r.number, r.kind.value))
    return PortPlan(rows=rows, issues=planner.issues)
