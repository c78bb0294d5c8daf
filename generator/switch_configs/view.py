"""The structured configuration of each switch (``config.py``), built from the port plan and the
address plan.

Both the configuration templates (``templates/switch/<platform>/``) and the switch pages read
this one model, so what the page says and what the config does cannot disagree (the AVD idea:
design → structured config → config and docs).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from ipaddress import IPv4Address, IPv4Interface

from ..inventory import Inventory
from ..model import Design, Network, Speed, Switch, SwitchRole
from ..plan.types import AddressPlan, Allocation
from ..ports.interconnects import MLAG_PEER_VLAN
from ..ports.platforms import PlatformInfo, in_band, platform, second_member
from ..ports.types import NATIVE_VLAN, LinkKind, PortMode, PortPlan, PortRow
from .config import (
    EthernetPort,
    Management,
    McAe,
    Mlag,
    PortChannel,
    Route,
    Svi,
    SwitchConfig,
    Switchport,
    VlanEntry,
    Vrrp,
)
from .vxlan import underlay

MLAG_PEER_NETWORK = IPv4Interface("169.254.0.0/31")  # link-local, only on the peer link's own VLAN
VRRP_GROUP = 1
STP_ROOT, STP_BACKUP_ROOT = 4096, 8192  # MST instance 0 bridge priorities of the core pair
VRRP_PRIORITY = (110, 100)  # first switch of the pair, its peer


def lacp_system_id(sw: Switch, number: int) -> str:
    """The LACP system id an MC-LAG pair presents on port-channel ``number``: the same on both members,
    and different for every pair (two bytes from the pair's names), so a device cabled to two pairs
    never takes their links for one bundle. Locally administered (02:...)."""
    pair = "/".join(sorted({sw.name, *([sw.peer] if sw.peer else [])}))
    digest = hashlib.sha256(pair.encode()).digest()
    return f"02:{digest[0]:02x}:{digest[1]:02x}:00:{number // 256:02x}:{number % 256:02x}"


def _switchport(row: PortRow) -> Switchport:
    if row.mode is PortMode.access:
        return Switchport("access", row.access_vlan, None, "", ())
    text = row.allowed_text
    return Switchport("trunk", None, row.native_vlan, text, tuple(text.split(",")) if text else ())


def _svi_name(info: PlatformInfo, vlan: int) -> str:
    return f"irb.{vlan}" if info.key == "juniper_junos" else f"Vlan{vlan}"


class _Builder:
    def __init__(self, design: Design, inventory: Inventory, ports: PortPlan, addresses: AddressPlan) -> None:
        self.design = design
        self.inventory = inventory
        self.ports = ports
        self.addresses = addresses
        self.by_name = {s.name: s for s in design.switches}
        self.gateways: dict[str, list[Allocation]] = defaultdict(list)  # device → gateways it holds
        self.gateway_of: dict[str, Allocation] = {}  # network → its gateway row
        self.firewall_on: dict[str, IPv4Address] = {}  # network → the first firewall address on it
        for a in addresses.allocations:
            if a.role == "gateway":
                self.gateway_of.setdefault(a.network, a)
                for owner in a.device.split("/"):
                    self.gateways[owner].append(a)
            elif a.role == "firewall":
                self.firewall_on.setdefault(a.network, a.first)

    def stp_priority(self, sw: Switch) -> int | None:
        """One spanning-tree (MST) across the fabric, rooted at the site's core pair: the first core by name
        is the root, the other its backup; every other switch keeps the default priority."""
        if sw.role is not SwitchRole.core:
            return None
        cores = sorted(s.name for s in self.by_name.values() if s.role is SwitchRole.core and s.site == sw.site)
        return STP_ROOT if cores.index(sw.name) == 0 else STP_BACKUP_ROOT

    def build(self, sw: Switch) -> SwitchConfig:
        info = platform(sw.platform)
        rows = self.ports.of_switch(sw.name)
        config = SwitchConfig(sw.name, info, sw.role.value, sw.site, sw.pod or "", sw.model)
        config.ports = [self.port(info, row) for row in rows]
        config.port_channels = self.port_channels(sw, info, rows)
        config.lag_count = max((pc.number for pc in config.port_channels), default=-1) + 1
        config.svis = sorted(self.gateway_svis(sw, info) + self.interface_svis(sw, info), key=lambda s: s.vlan)
        config.management = self.management(sw, info, config)
        self.uplink_route(sw, config)
        config.vlans = self.vlans(sw, info, rows, config.svis)
        config.untagged_networks = tuple(f"{name} (VLAN {vlan})" for vlan, name in sorted(
            {(r.untagged_vlan or 0, name) for r in rows for name in r.untagged_networks}))
        config.mlag = self.mlag(sw, info, config)
        config.stp_priority = self.stp_priority(sw)
        if config.mlag and second_member(sw, self.by_name.get(sw.peer or "")):
            self.second_member(config)
        if config.routed and config.default_route is None:
            config.notes.append("No default route: the design gives this core no interface on a network that "
                                "another router (the firewall) serves. Give it one on the transit network "
                                "('interfaces:' of the switch), or add the route towards the firewall by hand.")
        if any(r.mtu > 1500 for r in rows) and info.mtu_scope == "system":
            config.system_mtu = info.jumbo_mtu
        config.notes.extend(port_notes(sw, info, rows))
        config.vxlan, notes = underlay(self.design, rows, config.svis)
        config.notes.extend(notes)
        return config

    # ports -------------------------------------------------------------------------------------

    def port(self, info: PlatformInfo, row: PortRow) -> EthernetPort:
        svl = row.kind is LinkKind.peer_link and info.mlag == "stackwise-virtual"
        return EthernetPort(
            name=row.port, number=row.number, description=row.description, kind=row.kind.value,
            switchport=_switchport(row), edge=row.edge, mtu=self.mtu(info, row.mtu),
            channel_group=row.lag.number if row.lag else None, lacp=bool(row.lag and row.lag.lacp), svl_link=svl,
        )

    def mtu(self, info: PlatformInfo, mtu: int) -> int | None:
        return info.jumbo_mtu if mtu > 1500 and info.mtu_scope == "interface" else None

    def port_channels(self, sw: Switch, info: PlatformInfo, rows: list[PortRow]) -> list[PortChannel]:
        groups: dict[int, list[PortRow]] = defaultdict(list)
        for row in rows:
            if row.lag is not None:
                groups[row.lag.number].append(row)
        first = not (sw.peer and sw.peer < sw.name)
        out = []
        for number in sorted(groups):
            members = groups[number]
            lag = members[0].lag
            assert lag is not None
            peer_link = members[0].kind is LinkKind.peer_link
            mlag_id = number if lag.mlag and not peer_link else None
            mc_ae = None
            if mlag_id is not None and info.mlag == "mc-lag":
                mc_ae = McAe(0 if first else 1, "active" if first else "standby",
                             lacp_system_id(sw, number), number)
            out.append(PortChannel(
                number=number, name=lag.name, description=lag.description, kind=members[0].kind.value,
                switchport=_switchport(members[0]), edge=members[0].edge,
                mtu=self.mtu(info, max(r.mtu for r in members)), mlag_id=mlag_id, peer_link=peer_link,
                members=tuple(r.port for r in members), mc_ae=mc_ae,
            ))
        return out

    # layer 3 -----------------------------------------------------------------------------------

    def gateway_svis(self, sw: Switch, info: PlatformInfo) -> list[Svi]:
        """Gateways this switch holds, with VRRP when it shares them with its pair."""
        out = []
        for alloc in self.gateways.get(sw.name, []):
            owners = alloc.device.split("/")
            net = self.design.networks[alloc.network]
            vlan = net.switch_vlan
            own = self.addresses.address(sw.name, alloc.network, "vrrp")
            shared = len(owners) > 1 and info.mlag != "stackwise-virtual"
            if shared and own is not None:
                priority = VRRP_PRIORITY[0] if owners.index(sw.name) == 0 else VRRP_PRIORITY[1]
                address = IPv4Interface(f"{own}/{net.cidr.prefixlen}")
                vrrp: Vrrp | None = Vrrp(VRRP_GROUP, alloc.first, priority)
            else:
                address = IPv4Interface(f"{alloc.first}/{net.cidr.prefixlen}")
                vrrp = None
            out.append(Svi(vlan, _svi_name(info, vlan), self.vlan_name(info, vlan, alloc.network), alloc.network,
                           address, f"gateway {alloc.network}", vrrp, net.mtu if net.mtu > 1500 else None))
        return out

    def interface_svis(self, sw: Switch, info: PlatformInfo) -> list[Svi]:
        """The core's routed interfaces on networks another device routes (the transit network)."""
        out = []
        for att in sw.interfaces:
            address = self.addresses.address(sw.name, att.network, "switch-interface")
            net = self.design.networks.get(att.network)
            if address is None or net is None:
                continue  # the switch routes this network (its gateway SVI is the interface), or no address
            vlan = net.switch_vlan
            gateway = self.gateway_of.get(att.network)
            towards = f" to {gateway.device}" if gateway is not None and gateway.device else ""
            out.append(Svi(vlan, _svi_name(info, vlan), self.vlan_name(info, vlan, att.network), att.network,
                           IPv4Interface(f"{address}/{net.cidr.prefixlen}"), f"{att.network}{towards}", None,
                           net.mtu if net.mtu > 1500 else None))
        return out

    def uplink_route(self, sw: Switch, config: SwitchConfig) -> None:
        """Default route of a core: via the router of its first interface network that another device
        routes (the firewall on the transit network). It replaces a global management route, since
        one table holds one default route."""
        for att in sw.interfaces:
            if self.addresses.address(sw.name, att.network, "switch-interface") is None:
                continue
            gateway = self.gateway_of.get(att.network)
            if gateway is not None and sw.name not in gateway.device.split("/"):
                hop, owner = gateway.first, gateway.device or "the gateway"
            elif gateway is None and att.network in self.firewall_on:
                hop, owner = self.firewall_on[att.network], "the firewall"
            else:
                continue
            dropped = [r for r in config.routes if not r.vrf]
            config.routes = [r for r in config.routes if r.vrf] + [Route(hop, "", f"towards {owner} on {att.network}")]
            if dropped and config.management is not None and not config.management.in_band:
                config.notes.append(f"{config.management.interface} is in the global routing table, whose default "
                                    f"route now points at {owner}: reach the switch from network "
                                    f"{config.management.network} or add a route towards your management "
                                    f"stations via {dropped[0].next_hop}.")
            return

    def management(self, sw: Switch, info: PlatformInfo, config: SwitchConfig) -> Management | None:
        if sw.management is None:
            return None
        name = sw.management.network
        net: Network = self.design.networks[name]
        routed = next((s for s in config.svis if s.network == name), None)
        if routed is not None:  # the switch routes this network: manage it on that SVI
            return Management(routed.name, True, "", name, routed.address, None)
        address = self.addresses.address(sw.name, name, "switch")
        iface = IPv4Interface(f"{address}/{net.cidr.prefixlen}") if address else None
        gateway_row = self.gateway_of.get(name)
        gateway = gateway_row.first if gateway_row is not None else None
        if in_band(net, self.ports.carries(sw.name, name)):
            vlan = net.switch_vlan
            if iface is not None:
                config.svis.append(Svi(vlan, _svi_name(info, vlan), self.vlan_name(info, vlan, name), name, iface,
                                       "management"))
                config.svis.sort(key=lambda s: s.vlan)
            if gateway is not None:
                config.routes.append(Route(gateway, "", "management"))
            return Management(_svi_name(info, vlan), True, "", name, iface, gateway)
        if gateway is not None:
            config.routes.append(Route(gateway, info.management_vrf, "management"))
        return Management(info.management_interface, False, info.management_vrf, name, iface, gateway)

    def vlan_name(self, info: PlatformInfo, vlan: int, network: str) -> str:
        return "default" if vlan == NATIVE_VLAN else info.vlan_name(network, vlan)

    def vlans(self, sw: Switch, info: PlatformInfo, rows: list[PortRow], svis: list[Svi]) -> list[VlanEntry]:
        found: dict[tuple[int, int], tuple[str, set[str]]] = {}
        for row in rows:
            for c in row.carried:
                if c.first == c.last == NATIVE_VLAN:
                    continue  # the default VLAN exists already
                name = f"{c.network}-{c.first}-{c.last}" if c.first != c.last else c.network
                entry = found.setdefault((c.first, c.last), (name, set()))
                entry[1].add(c.traffic)
        for svi in svis:
            if svi.vlan != NATIVE_VLAN:
                found.setdefault((svi.vlan, svi.vlan), (svi.network, {"gateway"}))
        named_ranges = info.key == "juniper_junos"
        return [VlanEntry(first, last, info.vlan_name(name, first), name, ", ".join(sorted(traffic)),
                          first == last or named_ranges)
                for (first, last), (name, traffic) in sorted(found.items())]

    def second_member(self, config: SwitchConfig) -> None:
        """Under StackWise Virtual the pair is one switch: its name, management address, routed
        interfaces and routes are member 1's (the planner gives member 2 no address)."""
        assert config.mlag is not None
        config.svis = []
        config.management = None
        config.routes = []
        config.sets_hostname = False
        peer = config.mlag.peer
        config.notes.append(f"With {peer} this switch runs as one under StackWise Virtual (member 2): the host "
                            f"name, management address, routed interfaces and routes are in {peer}'s "
                            "configuration. This one brings the switch into the pair, then adds member 2's ports "
                            "on the pair's console: follow its steps 1 to 3.")

    def mlag(self, sw: Switch, info: PlatformInfo, config: SwitchConfig) -> Mlag | None:
        peer = self.by_name.get(sw.peer) if sw.peer else None
        if peer is None or not sw.peer_link_ports:
            return None
        first = sw.name < peer.name
        peer_link = next((pc.name for pc in config.port_channels if pc.peer_link), "")
        mine, theirs = self.management_address(sw), self.management_address(peer)
        vrf = config.management.vrf if config.management else ""
        local = MLAG_PEER_NETWORK if first else IPv4Interface(f"{MLAG_PEER_NETWORK.ip + 1}/31")
        remote = MLAG_PEER_NETWORK.ip + 1 if first else MLAG_PEER_NETWORK.ip
        return Mlag(
            kind=info.mlag, domain_id=self.domain_id(sw), domain_name=self.domain_name(sw, peer), peer=peer.name,
            peer_link=peer_link, first=first, role_priority=100 if first else 200, member=1 if first else 2,
            keepalive_source=mine, keepalive_destination=theirs, keepalive_vrf=vrf, peer_vlan=MLAG_PEER_VLAN,
            local_address=local, peer_address=remote,
        )

    def management_address(self, sw: Switch) -> IPv4Address | None:
        """The switch's one address on its management network (its own, VRRP or gateway row)."""
        if sw.management is None:
            return None
        return self.addresses.address(sw.name, sw.management.network)

    def domain_id(self, sw: Switch) -> int:
        """vPC/SVL domain: 2 × pod id − 1 for an access pair, 2 × pod id for a storage pair,
        1000 − site index for a core pair (distinct across the pairs one core connects)."""
        if sw.role is SwitchRole.core:
            sites = sorted({s.name for s in self.design.sites})
            return 1000 - sites.index(sw.site) if sw.site in sites else 1000
        pod_id = next((p.pod.id for p in self.inventory.pods() if p.pod.name == sw.pod), 0)
        return 2 * pod_id - (1 if sw.role is SwitchRole.access else 0)

    def domain_name(self, sw: Switch, peer: Switch) -> str:
        return "-".join(sorted((sw.name, peer.name)))


def port_notes(sw: Switch, info: PlatformInfo, rows: list[PortRow]) -> list[str]:
    """What the installer must know about the port names: they are guessed for a model stackplan does
    not know, and ports named after a speed they do not run at by default need that speed set first."""
    model = info.models.get(sw.model)
    if model is None:
        what = f"model {sw.model}" if sw.model else "a switch without a 'model'"
        return [f"stackplan has no port table for {what}: the port names follow the usual {info.title} "
                "naming by speed. Check them against the switch (its interface list) before pasting."]
    quads: dict[int, set[int]] = defaultdict(set)  # speed → first port (from 0) of each group of four
    for row in rows:
        group = model.group(row.number)
        if group is not None and group.default_mbps and row.speed * 1000 != group.default_mbps:
            quads[row.speed].add((row.number - 1) // 4 * 4)
    notes = []
    for speed in sorted(quads):
        group = next(g for g in model.groups if g.default_mbps)
        default = round(group.default_mbps / 1000)
        named = {gbps: info.interface.get(str(gbps), info.interface["default"]).format(n="n", index="n", member=1)
                 for gbps in (default, speed)}
        steps = "; ".join(f"set chassis fpc 0 pic 0 port {n} speed {speed}g ({info.port(n + 1, Speed(speed))} to "
                          f"{info.port(n + 4, Speed(speed))})" for n in sorted(quads[speed]))
        notes.append(f"A {model.name} runs ports {group.first}-{group.last} at {default}G, named {named[default]}, "
                     f"until their speed is set; this configuration runs some at {speed}G, named {named[speed]}. "
                     f"Before pasting it, set their speed, four ports at a time, and commit: {steps}")
    return notes


def switch_configs(design: Design, inventory: Inventory, ports: PortPlan, addresses: AddressPlan) -> list[SwitchConfig]:
    """The structured configuration of every switch, in name order."""
    builder = _Builder(design, inventory, ports, addresses)
    return [builder.build(sw) for sw in sorted(design.switches, key=lambda s: s.name)]


__all__ = ["SwitchConfig", "switch_configs"]
