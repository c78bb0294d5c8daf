"""Server cabling: the NICs of management and storage servers, each on the next of its switch's
``server_ports``, carrying the networks the NIC lists.

A device that holds an address but whose design gives no NICs is cabled by default, from its role
and the switches: management servers, databases of their own, load balancers, storage servers
without ``nics``, and a switch managed on its out-of-band port while another switch carries its
management network. Its switch is the one that already carries most of its networks (storage
servers prefer storage switches), else the site's core, else the site's first access switch; a
paired switch gives the device a NIC on each member (``eno1``, ``eno2``), an out-of-band port one
cable. Defaults take a switch's ``server_ports`` from the end of the list, explicit NICs from the
start, so listing a NIC for one server moves no other server's cable.
"""

from __future__ import annotations

from dataclasses import replace as dataclass_replace

from ..model import Network, Switch, SwitchRole
from ..servers import server_links, server_networks
from .builder import PlanBuilder
from .platforms import in_band, management_port, second_member
from .traffic import carried_network
from .types import LinkKind


class ServerCabling(PlanBuilder):
    """Cables every server NIC that names a switch."""

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
        self.default_servers(used)
        for name in sorted(used):
            self.check_server_ports(self.by_name[name])

    def default_devices(self) -> list[tuple[str, str, list[str], str, object, bool]]:
        """(name, site, networks, traffic, design element, out-of-band port) of every device to cable by default."""
        m = self.design.management
        out: list[tuple[str, str, list[str], str, object, bool]] = []
        for ms in sorted(m.servers, key=lambda s: s.name):
            if not ms.nics:
                out.append((ms.name, ms.site, server_networks(self.design, ms), "management", ms, False))
        servers = {ms.name for ms in m.servers}
        for db in (m.database.primary, m.database.replica):
            if db is not None and db.name not in servers and not db.nics:
                out.append((db.name, db.site, [db.network], "management", db, False))
        if m.load_balancer is not None:
            lb = m.load_balancer
            out.extend((name, lb.site, [lb.network], "management", lb, False) for name in lb.names)
        for server in sorted(self.design.storage_servers, key=lambda s: s.name):
            if not server.nics:
                nets = list(dict.fromkeys(a.network for a in server.interfaces))
                out.append((server.name, server.site, nets, "storage", server, False))
        for sw in sorted(self.design.switches, key=lambda s: s.name):
            att = sw.management
            net = self.design.networks.get(att.network) if att is not None else None
            if att is None or net is None or second_member(sw, self.by_name.get(sw.peer or "")):
                continue
            here = any(c.network == att.network for r in self.by_switch.get(sw.name, []) for c in r.carried)
            if in_band(net, here) or sw.role is SwitchRole.core:
                continue
            others = [o for o in self.design.switches if o is not sw and o.site == sw.site
                      and any(c.network == att.network for r in self.by_switch.get(o.name, []) for c in r.carried)]
            if others:  # else its management network is out of band, beyond the planned switches
                out.append((sw.name, sw.site, [att.network], "switch", att, True))
        return out

    def default_target(self, site: str, networks: list[str], storage: bool, exclude: str) -> list[Switch]:
        """The switch (and its peer) a device without NICs is cabled to."""
        def carried(sw: Switch) -> int:  # host_networks: indexed as rows are added, not gathered for each device
            names = self.host_networks.get(sw.name, set())
            return sum(1 for n in networks if n in names)

        local = [s for s in self.design.switches if s.site == site and s.name != exclude]
        preferred = SwitchRole.storage if storage else SwitchRole.access
        ranked = sorted((s for s in local if carried(s)), key=lambda s: (-carried(s), s.role is not preferred, s.name))
        if not ranked:
            ranked = sorted((s for s in local if s.role is SwitchRole.core), key=lambda s: s.name)
        if not ranked:
            ranked = sorted((s for s in local if s.role is SwitchRole.access), key=lambda s: s.name)
        if not ranked:
            return []
        first = ranked[0]
        peer = self.by_name.get(first.peer or "")
        return [first, peer] if peer is not None and peer.peer == first.name else [first]

    def default_servers(self, used: dict[str, int]) -> None:
        defaults: dict[str, int] = {}
        explicit = dict(used)  # server ports the explicit NICs took, from the start of each list
        for name, site, networks, traffic, _, oob in self.default_devices():
            target = self.default_target(site, networks, traffic == "storage", name)
            if oob:
                target = target[:1]
                nic_names = [management_port(self.by_name[name])]
            else:
                nic_names = [f"eno{i + 1}" for i in range(len(target))]
            nets: list[tuple[str, Network]] = [(n, net) for n in networks
                                               if (net := self.design.networks.get(n)) is not None]
            carried = [carried_network(traffic if traffic != "switch" else "management", n, net) for n, net in nets]
            if oob:
                carried = [dataclass_replace(c, untagged=True) for c in carried]
            for sw, nic in zip(target, nic_names, strict=True):
                taken = defaults.get(sw.name, 0)
                defaults[sw.name] = taken + 1
                n = len(sw.server_ports) - 1 - taken  # from the end: explicit NICs added later move nothing
                used[sw.name] = used.get(sw.name, 0) + 1
                if n < explicit.get(sw.name, 0):
                    self.issue(("PORTS-SERVER-PORTS", sw.name), sw, "server_ports",
                               f"switch {sw.name} needs a server port for {name}, which holds an address on "
                               f"{', '.join(networks)} and is cabled here by default, but its "
                               f"{len(sw.server_ports)} server port(s) are taken",
                               f"list more ports under 'server_ports' of {sw.name}, or give {name} NICs cabled "
                               "elsewhere")
                    continue
                self.add(self.row(sw, sw.server_ports[n], sw.port_speed, LinkKind.server, carried=carried, lag=None,
                                  peer=(name, nic)))

    def check_server_ports(self, sw: Switch) -> None:
        last = sw.first_host_port + sw.host_ports - 1
        reserved = dict.fromkeys(sw.uplink_ports, "uplink") | dict.fromkeys(sw.peer_link_ports, "peer-link")
        clash = sorted(n for n in sw.server_ports if sw.first_host_port <= n <= last or n in reserved)
        if clash:
            self.issue(("PORTS-OVERLAP", sw.name, "server"), sw, "server_ports",
                       f"switch {sw.name}: server port(s) {', '.join(map(str, clash))} are also host ports "
                       f"({sw.first_host_port}-{last}), uplink or peer-link ports",
                       "pick server ports past the host ports, apart from the uplinks and the peer link")
