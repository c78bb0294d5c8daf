"""Server cabling: the NICs of management and storage servers, each on the next of its switch's
``server_ports``, carrying the networks the NIC lists.
"""

from __future__ import annotations

from ..model import Switch
from ..servers import server_links
from .builder import PlanBuilder
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
