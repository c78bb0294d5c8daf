"""Which pairs of lab endpoints must reach each other, and which must stay apart.

One function, ``expected_pairs``, so the reachability matrix of the verification stage can take
its place when it exists. Until then, from the address plan and the gateway owners:

* two holders of one network reach each other (every pair);
* holders of two networks whose gateways are held in the design, by one gateway group or by two
  routed to each other over a shared (transit) network, reach each other through them (every
  holder of one network towards one holder of the other, both ways);
* a network without a gateway in the design stays apart from every other network (one pair per
  two networks, the first holder of each);
* two networks with gateways the lab does not join (two sites linked by a WAN the design does not
  plan) give no pair: the lab proves neither that they reach nor that they stay apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Design
from .plan import Endpoint, LabPlan


@dataclass(frozen=True, order=True)
class Pair:
    source: Endpoint
    target: Endpoint
    reach: bool
    why: str

    @property
    def key(self) -> str:
        return f"{self.source.device} {self.source.address} → {self.target.device} {self.target.address}"


def _representative(endpoints: list[Endpoint]) -> Endpoint:
    """The first holder that is not a gateway (a route must be crossed to reach it), else the first."""
    return next((e for e in endpoints if e.role != "gateway"), endpoints[0])


def expected_pairs(plan: LabPlan) -> list[Pair]:
    by_network: dict[str, list[Endpoint]] = {}
    for e in plan.endpoints:
        by_network.setdefault(e.network, []).append(e)
    networks = sorted(by_network)
    out: list[Pair] = []
    for net in networks:
        holders = by_network[net]
        for i, a in enumerate(holders):
            for b in holders[i + 1:]:
                if a.namespace != b.namespace:
                    out.append(Pair(a, b, True, f"both on {net}"))
    for x in networks:
        for y in networks:
            if x >= y:
                continue
            gx, gy = plan.gateways.get(x), plan.gateways.get(y)
            routed = gx is not None and gy is not None and (gx == gy or frozenset((gx, gy)) in plan.routed)
            if routed:
                for src, dst_net in ((x, y), (y, x)):
                    target = _representative(by_network[dst_net])
                    for a in by_network[src]:
                        if a.namespace != target.namespace:
                            out.append(Pair(a, target, True, f"{src} and {dst_net} are routed by their gateways"))
                continue
            missing = [n for n, g in ((x, gx), (y, gy)) if g is None]
            if not missing:
                continue  # both routed, by gateways the lab does not join (a WAN, the Internet): not proven here
            a, b = _representative(by_network[x]), _representative(by_network[y])
            if a.namespace == b.namespace:
                continue
            why = f"{' and '.join(missing)} {'has' if len(missing) == 1 else 'have'} no gateway in the design"
            out.append(Pair(a, b, False, why))
    return sorted(set(out))


def drill_pairs(plan: LabPlan, design: Design) -> list[Pair]:
    """What a drill re-proves: every host reaches its management gateway, a management server, and each of its
    primary-storage targets from the interface its storage traffic leaves by."""
    managers = {s.name for s in design.management.servers} if design.management else set()
    servers = [e for e in plan.endpoints if e.device in managers]
    reachable = {(p.source.address, p.target.network) for p in expected_pairs(plan) if p.reach}
    out: list[Pair] = []
    for e in plan.endpoints:
        if e.role != "host":
            continue
        net = design.networks[e.network]
        gateway = plan.endpoint_at(net.gateway) if net.gateway is not None else None
        if gateway is not None and gateway.role == "gateway":
            out.append(Pair(e, gateway, True, f"management/storage gateway of {e.network}"))
    for check in plan.storage_checks:
        source = next((e for e in plan.endpoints if e.namespace == check.namespace and e.interface == check.interface
                       and e.role == "host"), None)
        target = plan.endpoint_at(check.target)
        if source is not None and target is not None:
            out.append(Pair(source, target, True, f"primary storage {check.pool}"))
    hosts_mgmt = {e.namespace: e for e in plan.endpoints if e.role == "host" and e.address in _mgmt(plan, design)}
    for source in hosts_mgmt.values():
        server = next((s for s in servers if (source.address, s.network) in reachable
                       or s.network == source.network), None)
        if server is not None:
            out.append(Pair(source, server, True, "management server"))
    return sorted(set(out))


def _mgmt(plan: LabPlan, design: Design) -> set[object]:
    """Addresses hosts hold on their pod's management network."""
    mgmt_nets = {p.management.network for r in design.regions for z in r.zones for p in z.pods}
    return {e.address for e in plan.endpoints if e.network in mgmt_nets}
