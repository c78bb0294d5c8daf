"""Switch interconnects: peer links, uplinks to the site's cores (or firewalls), the cores'
downlinks, and the cores' uplinks to the firewalls.

Port-channel 1 is the peer link, 2 the uplink, 11 onwards on the core the downlinks. Access and
storage switches uplink to the site's core switches (else its firewalls), uplink *i* to core
*i* mod *n*; a core numbers its downlinks from its first host port in pod order. Uplinks and
peer links carry the union of every VLAN below them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Network, Switch, SwitchRole
from .builder import LAG_BASE, LAG_PEER, LAG_UPLINK, PlanBuilder
from .gateways import gateway_networks, site_cores
from .platforms import platform
from .traffic import Carried, carried_network
from .types import LinkKind

MLAG_PEER_VLAN = 4094  # EOS MLAG and Junos ICCP peer on their own VLAN, kept on the peer link
MLAG_PEER_NAME = "mlag-peer"
PEER_VLAN_PLATFORMS = ("mlag", "mc-lag")


@dataclass(frozen=True)
class _Group:
    """An access or storage switch, or a pair of them: what uplinks as one."""

    switches: tuple[Switch, ...]
    pod_order: int



class Interconnects(PlanBuilder):
    """Cables the switches to each other, once the hosts and servers are cabled."""

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
        taken to be cabled elsewhere (out of band). A network whose gateway a firewall holds counts as
        attached to it."""
        wanted = set(names)
        attached = sorted({a.network for f in self.design.firewalls if f.name in wanted for a in f.interfaces}
                          | {n for name in wanted for n in gateway_networks(self.design, name)})  # it routes them
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
        for j, sw in enumerate(group.switches):
            lag = self.lag(sw, LAG_UPLINK, mlag, "uplink") if bundled else None
            start = turn if to_core else turn + j  # towards a firewall pair, each switch starts at its own
            for i, number in enumerate(sw.uplink_ports):
                far_name, core = targets[(i + start) % len(targets)] if targets else ("", None)
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
        for k, core in enumerate(cores):
            lag = self.lag(core, LAG_UPLINK, mlag, "uplink") if bundled else None
            for i, number in enumerate(core.uplink_ports):
                # core k starts at firewall k, so each firewall of a pair gets a link from a core
                far = firewalls[(i + k) % len(firewalls)] if firewalls else ""
                self.add(self.row(core, number, core.uplink_speed, LinkKind.uplink, carried=link_carried,
                                          lag=lag, peer=(far, "")))
        return link_carried if total else set()
