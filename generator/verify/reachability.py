"""Which holder must reach which, and by which path: the questions the verification stage answers.

``expected_pairs(deployment)`` is the stable, pure API (``stackplan lab`` replays its pairs with
packets). It answers, from the plans alone:

* **L2**: on every network, each address holder reaches the network's anchor — its gateway
  owner when the design holds the gateway, else the first holder — over switch ports that all
  carry the network (reachability on one VLAN is transitive, so holder → anchor proves every pair);
* **L3**: from each pod's management network (its first host), the management servers, the
  load-balancer VIP, the zone's internal DNS and its secondary storage, through the gateway owner
  of each side and, between two owners, a network both sit on (the transit network);
* **isolation**: a dedicated primary-storage network without a gateway is reached over its own
  interface only, never routed from the management network (``must_reach=False``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from ipaddress import IPv4Address

from ..deployment import Deployment
from ..inventory import Host, Inventory
from ..model import Design, Pod, StorageServer, Zone
from ..ports.gateways import gateway_owner
from .graph import Holder, L2Graph, build_graph, first_reached, path_to
from .types import PairKind, ReachPair

_ANCHOR_ROLES = ("gateway", "vrrp")
WAN = "(site-to-site link)"  # a step of a path between the firewalls of two sites

Failure = tuple[frozenset[str], frozenset[int]]  # nodes removed, cables cut
INTACT: Failure = (frozenset(), frozenset())


@dataclass(frozen=True)
class Target:
    """A holder a source must (or must not) reach, and why."""

    holder: Holder
    why: str
    must_reach: bool = True


@dataclass
class Reach:
    """Answers reachability questions over one deployment's graph, with or without failures."""

    design: Design
    inventory: Inventory
    graph: L2Graph
    _spreads: dict[tuple[str, tuple[str, ...], Failure], dict[str, str]] = field(default_factory=dict)
    _holders: dict[tuple[str, str], Holder] = field(default_factory=dict)
    _targets: dict[tuple[str, str, str], list[Target]] = field(default_factory=dict)
    _at: dict[IPv4Address, list[Holder]] = field(default_factory=dict)  # holders by address, for holders_at
    _networks_of: dict[str, set[str]] = field(default_factory=dict)

    def spread(self, network: str, sources: Iterable[str], failure: Failure = INTACT) -> dict[str, str]:
        key = (network, tuple(sorted(sources)), failure)
        found = self._spreads.get(key)
        if found is None:
            found = self.graph.spread(network, key[1], *failure)
            self._spreads[key] = found
        return found

    def l2_path(self, network: str, source: Iterable[str], target: Iterable[str],
                failure: Failure = INTACT) -> tuple[str, ...]:
        """Path from one of the ``source`` nodes to one of the ``target`` nodes on ``network``."""
        parent = self.spread(network, target, failure)
        node = first_reached(parent, source)
        return path_to(parent, node) if node is not None else ()

    def anchor(self, network: str) -> Holder | None:
        holders = self.graph.holders_of.get(network, [])
        owned = [h for h in holders if h.role in _ANCHOR_ROLES]
        if owned:
            gateway = next((h for h in owned if h.role == "gateway"), None)
            if gateway is not None:
                return gateway
            return Holder("/".join(sorted({n for h in owned for n in h.nodes})),
                          tuple(sorted({n for h in owned for n in h.nodes})), network, owned[0].address, "vrrp", "")
        return min(holders, key=lambda h: (h.role, h.device, int(h.address)), default=None)

    def owners(self, network: str) -> tuple[str, ...]:
        owner = gateway_owner(self.design, network) if network in self.design.networks else None
        return owner.devices if owner is not None else ()

    def l3_path(self, source: Holder, target: Holder, failure: Failure = INTACT) -> tuple[str, ...]:
        """Source → its gateway owner → (a shared network) → the target's gateway owner → target."""
        if source.network == target.network:
            return self.l2_path(source.network, source.nodes, target.nodes, failure)
        first, last = self.owners(source.network), self.owners(target.network)
        if not first or not last:
            return ()
        up = self.l2_path(source.network, source.nodes, first, failure)
        if not up:
            return ()
        if up[-1] in last:  # one router holds both gateways
            down = self.l2_path(target.network, (up[-1],), target.nodes, failure)
            if down:
                return (*up, *down[1:])
        down = self.l2_path(target.network, last, target.nodes, failure)
        if not down:
            return ()
        middle = self.routed(up[-1], down[0], failure)
        if middle:
            return (*up, *middle[1:-1], *down)
        for edge_a, edge_b in self.site_edges(up[-1], down[0]):
            left = self.routed(up[-1], edge_a, failure) if edge_a != up[-1] else (edge_a,)
            right = self.routed(edge_b, down[0], failure) if edge_b != down[0] else (edge_b,)
            if left and right:
                return (*up, *left[1:], WAN, *right[:-1], *down)
        return ()

    def routed(self, a: str, b: str, failure: Failure) -> tuple[str, ...]:
        """Router ``a`` to router ``b`` over a network both have an address on (the transit network)."""
        for transit in self.transits((a,), (b,)):
            middle = self.l2_path(transit, (a,), (b,), failure)
            if middle:
                return middle
        return ()

    def site_edges(self, a: str, b: str) -> list[tuple[str, str]]:
        """Between two sites: the firewalls of each, joined by the site-to-site link (a WAN or VPN the
        design leaves out, as it leaves out the Internet)."""
        sites = {s.name: s.site for s in self.design.switches} | {f.name: f.site for f in self.design.firewalls}
        site_a, site_b = sites.get(a), sites.get(b)
        if site_a is None or site_b is None or site_a == site_b:
            return []
        edge = {f.name: f.site for f in self.design.firewalls}
        return [(x, y) for x in sorted(edge) if edge[x] == site_a for y in sorted(edge) if edge[y] == site_b]

    def transits(self, first: tuple[str, ...], last: tuple[str, ...]) -> list[str]:
        """Networks on which a device of each owner group has an address."""
        if not self._networks_of:
            for name, holders in self.graph.holders_of.items():
                for n in {n for h in holders for n in h.nodes}:
                    self._networks_of.setdefault(n, set()).add(name)
        a = set().union(*(self._networks_of.get(n, set()) for n in first))
        b = set().union(*(self._networks_of.get(n, set()) for n in last))
        return sorted(a & b)

    # the questions -----------------------------------------------------------------------------

    def out_of_band(self, network: str) -> bool:
        """A network only switches' out-of-band ports (and its router) sit on, cabled by no planned port:
        a separate management network the design declares, outside the planned switches."""
        holders = self.graph.holders_of.get(network, [])
        return not self.graph.by_network.get(network) and any(" " in n for h in holders for n in h.nodes)

    def l2_pairs(self, failure: Failure = INTACT) -> list[ReachPair]:
        out = []
        for network in sorted(self.graph.holders_of):
            if self.out_of_band(network):
                continue
            anchor = self.anchor(network)
            if anchor is None:
                continue
            seen = {anchor.device, *anchor.nodes}
            for holder in sorted(self.graph.holders_of[network], key=lambda h: (int(h.address), h.device)):
                if holder.device in seen or set(holder.nodes) <= set(anchor.nodes):
                    continue
                seen.add(holder.device)
                path = self.l2_path(network, holder.nodes, anchor.nodes, failure)
                out.append(ReachPair(holder.device, str(holder.address), anchor.device, str(anchor.address),
                                     (network,), True, PairKind.l2, path, anchor.role))
        return out

    def l3_pairs(self, failure: Failure = INTACT) -> list[ReachPair]:
        out = []
        for zone, pod, host in self.pod_sources():
            source = self.holder(host.name, pod.management.network)
            if source is None:
                continue
            for target in self.targets(zone, pod, host):
                t = target.holder
                if target.must_reach and (t.network == source.network or t.network in pod.primary_storage_networks):
                    continue  # the L2 and host pairs prove it
                kind = PairKind.l3 if target.must_reach else PairKind.isolated
                path = self.l3_path(source, t, failure)
                out.append(ReachPair(source.device, str(source.address), t.device, str(t.address),
                                     (source.network, t.network), target.must_reach, kind, path, target.why))
        return out

    def pod_sources(self) -> list[tuple[Zone, Pod, Host]]:
        out = []
        for pref in self.inventory.pods():
            hosts = self.inventory.hosts_in_pod(pref.pod)
            if hosts:
                out.append((pref.zone, pref.pod, min(hosts, key=lambda h: h.id)))
        return out

    @cached_property
    def _storage_servers(self) -> dict[str, StorageServer]:
        return {s.name: s for s in reversed(self.design.storage_servers)}  # the first of a name, as next() found

    def holder(self, device: str, network: str) -> Holder | None:
        if not self._holders:
            for h in reversed(self.graph.holders):  # the first holder of a device wins
                self._holders[(h.device, h.network)] = h
        return self._holders.get((device, network))

    def holders_at(self, address: IPv4Address) -> list[Holder]:
        """The holders of ``address``, in the graph's order (indexed once: it was a scan per pod's cluster)."""
        if not self._at:
            for h in self.graph.holders:
                self._at.setdefault(h.address, []).append(h)
        return list(self._at.get(address, []))

    def targets(self, zone: Zone, pod: Pod, host: Host) -> list[Target]:
        key = (zone.name, pod.name, host.cluster.name)
        found = self._targets.get(key)
        if found is None:
            found = self._targets[key] = self._find_targets(zone, pod, host)
        return found

    def _find_targets(self, zone: Zone, pod: Pod, host: Host) -> list[Target]:
        m = self.design.management
        out: list[Target] = []
        for ms in sorted(m.servers, key=lambda s: s.name):
            h = self.holder(ms.name, ms.network)
            if h is not None and not ms.standby:
                out.append(Target(h, "management server"))
        for h in self.graph.holders_by_role.get("lb-vip", []):
            out.append(Target(h, "API VIP"))
        for address in zone.dns.internal:
            found = self.holders_at(address)
            if found:
                out.append(Target(found[0], "internal DNS"))
        for sec in zone.secondary_storage:
            server = self._storage_servers.get(sec.server) if sec.server is not None else None
            if server is None:
                continue
            nets = [a.network for a in server.interfaces]
            preferred = pod.storage.network if pod.storage and pod.storage.network in nets else nets[0]
            h = self.holder(server.name, preferred)
            if h is not None:
                out.append(Target(h, "secondary storage"))
        out.extend(self.primary_targets(zone, pod, host))
        seen: set[tuple[str, str, bool]] = set()
        unique = []
        for t in out:
            key = (t.holder.device, t.holder.network, t.must_reach)
            if key not in seen:
                seen.add(key)
                unique.append(t)
        return unique

    def primary_targets(self, zone: Zone, pod: Pod, host: Host) -> list[Target]:
        """Primary storage: reached on the dedicated network when there is one (and never routed to it
        from management when that network has no gateway), else on the server's first network."""
        pools = [*host.cluster.primary_storage, *zone.primary_storage]
        servers = sorted({p.server for p in pools if p.server})
        out = []
        dedicated = list(pod.primary_storage_networks)
        for name in servers:
            server = next((s for s in self.design.storage_servers if s.name == name), None)
            if server is None:
                continue
            nets = [a.network for a in server.interfaces]
            on = [n for n in dedicated if n in nets]
            for network in on:
                h = self.holder(server.name, network)
                if h is None:
                    continue
                mine = self.holder(host.name, network)
                if mine is not None:
                    out.append(Target(h, "primary storage (dedicated interface)"))
                if self.design.networks[network].gateway is None:
                    out.append(Target(h, "primary storage, not over management", must_reach=False))
            if not on:
                h = self.holder(server.name, nets[0])
                if h is not None:
                    out.append(Target(h, "primary storage"))
        return out

    def host_pairs(self, failure: Failure = INTACT) -> list[ReachPair]:
        """Primary storage over the dedicated interface, host by host (the L3 pairs take one host per pod)."""
        out = []
        for zone, pod, host in self.pod_sources():
            for target in self.primary_targets(zone, pod, host):
                if not target.must_reach or target.holder.network not in pod.primary_storage_networks:
                    continue
                source = self.holder(host.name, target.holder.network)
                if source is None:
                    continue
                path = self.l2_path(source.network, source.nodes, target.holder.nodes, failure)
                out.append(ReachPair(source.device, str(source.address), target.holder.device,
                                     str(target.holder.address), (source.network,), True, PairKind.l2, path,
                                     target.why))
        return out

    def pairs(self, failure: Failure = INTACT) -> list[ReachPair]:
        return sorted(set(self.l2_pairs(failure) + self.host_pairs(failure) + self.l3_pairs(failure)),
                      key=_pair_order)


def _pair_order(p: ReachPair) -> tuple[str, ...]:
    return (p.kind.value, *p.networks, p.source, p.target)


def reach_of(design: Design, inventory: Inventory, graph: L2Graph) -> Reach:
    return Reach(design, inventory, graph)


def expected_pairs(deployment: Deployment) -> list[ReachPair]:
    """Every reachability question of a valid deployment and the plans' answer (``path``), in a stable
    order: L2 pairs by network, then L3 and isolation pairs. Pure."""
    graph = build_graph(deployment.design, deployment.port_plan, deployment.address_plan)
    return reach_of(deployment.design, deployment.inventory, graph).pairs()
