"""The address plan: every address and range of a deployment, worked out network by network.

On each network, in this order:

1. The gateway, the ranges handed to CloudStack and every address the design gives explicitly
   are taken first, as written (and checked).
2. Devices without an address get one from the network's pool (its free addresses in order),
   one block per device class — core VRRP addresses, firewalls, management servers, load
   balancers, databases, storage servers, switches (management and routed interfaces). A block
   holds 4, 8, 16 … slots. A device with an ``id`` takes slot ``id`` (so adding another device never
   moves it); the others fill the free slots in name order (switches in pod-id, then name order).
   A block exists only where its class has devices, and grows when they outgrow it: the first
   device of a class on a network, or one too many, moves the blocks after it.
3. Hosts come last. The host area starts after the infrastructure — the blocks, and every
   address the design gives another device in the lower half of the network — at the next
   address ending in 1 (offset 11, 21, 31 …) on networks of 64 addresses or more. Host id ``n``
   takes the ``n``-th address of the host area, skipping the CloudStack ranges and addresses
   given to other devices. A host's address depends only on its id and the infrastructure, so
   adding hosts, clusters or pods never renumbers an existing one.

A network that cannot hold what it must is reported once, with what it needs and why.
"""

from __future__ import annotations

from collections import defaultdict
from ipaddress import IPv4Address, IPv4Network

import netaddr

from ..diagnostics import PlanIssue
from ..inventory import Inventory
from ..model import Design
from ..ports.types import PortPlan
from .demands import KIND_LABELS, Claim, Demands, Kind, NetworkDemand, collect
from .pools import Pool, block_size, usable_bounds, usable_count
from .types import AddressPlan, Allocation, NetworkUsage
from .vlans import plan_vlans

EXHAUSTED = "PLAN-EXHAUSTED"
ADDRESS = "PLAN-ADDRESS"
RANGE = "PLAN-RANGE"
HOST_ID = "PLAN-HOST-ID"

HOST_AREA_ALIGN = 10  # host ids line up with the last digit: id 1 → .11, .21, …
HOST_AREA_MIN_NETWORK = 64  # smaller networks start the host area right after the blocks

# Roles that may share an address: one machine in two roles (the validator allows the same pairs).
_SAME_MACHINE = ({"database", "management-server"}, {"storage-server", "management-server"},
                 {"storage-server", "host"}, {"storage-server", "host-storage"})


def plan_addresses(design: Design, inventory: Inventory, ports: PortPlan | None = None) -> AddressPlan:
    """Every address and VLAN of the deployment. Pure: the same design gives the same plan. The port
    plan, when given, only names the interface of in-band switch management addresses."""
    demands = collect(design, inventory, ports)
    issues = list(demands.issues)
    allocations: list[Allocation] = []
    usage: list[NetworkUsage] = []
    for demand in _page_order(demands, inventory):
        rows, use = _plan_network(demand, issues)
        allocations.extend(rows)
        usage.append(use)
    return AddressPlan(allocations, usage, plan_vlans(design, inventory), issues)


def _page_order(demands: Demands, inventory: Inventory) -> list[NetworkDemand]:
    """Deployment-wide networks first, then each zone's, then each pod's (pods by id); by name within."""
    sections: list[tuple[str, str]] = [("", "")]
    for pref in inventory.pods():
        if (pref.zone.name, "") not in sections:
            sections.append((pref.zone.name, ""))
        sections.append((pref.zone.name, pref.pod.name))
    rank = {s: i for i, s in enumerate(sections)}
    return sorted(demands.networks.values(), key=lambda d: (rank.get((d.zone, d.pod), len(rank)), d.name))


class _Network:
    """The planning state of one network."""

    def __init__(self, demand: NetworkDemand, issues: list[PlanIssue]) -> None:
        self.demand = demand
        self.net = demand.net
        self.cidr: IPv4Network = demand.net.cidr
        self.issues = issues
        self.rows: list[Allocation] = []
        self.low, self.high = usable_bounds(self.cidr)

    def row(self, first: IPv4Address, last: IPv4Address, *, role: str, device: str, interface: str,
            zone: str, pod: str) -> Allocation:
        alloc = Allocation(zone, pod, self.demand.name, self.net.vlan, self.cidr, first, last, role, device, interface)
        self.rows.append(alloc)
        return alloc

    def claimed(self, address: IPv4Address, claim: Claim) -> None:
        self.row(address, address, role=claim.role, device=claim.device, interface=claim.interface,
                 zone=claim.zone, pod=claim.pod)

    def issue(self, rule: str, where: tuple[object, str | int | None], message: str, fix: str) -> None:
        self.issues.append(PlanIssue(rule, where[0], where[1], message, fix))


def _plan_network(demand: NetworkDemand, issues: list[PlanIssue]) -> tuple[list[Allocation], NetworkUsage]:
    state = _Network(demand, issues)
    taken: list[IPv4Address | netaddr.IPRange] = []
    gateway = demand.gateway
    if gateway is not None:
        state.row(gateway.address, gateway.address, role="gateway", device=gateway.owner,
                  interface=gateway.interface, zone=demand.zone, pod=demand.pod)
        taken.append(gateway.address)
    reserved = _reserve(state, taken)
    owners = _explicit(state, reserved)
    others = [a for a, c in owners.items() if c.kind is not Kind.host]
    pool = Pool(state.cidr, [*taken, *owners])  # infrastructure: around every explicit address
    host_pool = Pool(state.cidr, [*taken, *others])  # hosts: a pinned host keeps the others in place
    placed, blocks, infra_end = _blocks(state, pool)
    gateway_at = [gateway.address] if gateway is not None else []
    host_base = _host_base(host_pool, state.cidr, infra_end, [*map(int, [*others, *gateway_at])])
    placed += _hosts(state, host_base)
    unplaced: list[tuple[Claim, int]] = []
    for claim, index in placed:
        address = (host_pool if claim.kind is Kind.host else pool).at(index)
        if address is None:
            unplaced.append((claim, index))
            continue
        holder = owners.get(address)
        if holder is not None and holder.device != claim.device:
            state.issue(ADDRESS, holder.where, f"address {address} of {holder.label} is where the planner puts "
                        f"{claim.label}; host addresses are keyed by host id",
                        f"give {claim.label} an explicit address too, or give {holder.device} another one")
            continue
        state.claimed(address, claim)
    servers = {r.device: r.first for r in state.rows if r.role == "management-server"}
    for claim in demand.claims:
        if claim.same_as and claim.same_as in servers:
            address = servers[claim.same_as]
            state.claimed(address, claim)
    if unplaced:
        _exhausted(state, (pool, host_pool), len(owners), blocks=blocks, host_base=host_base, unplaced=unplaced)
    rows = sorted(state.rows, key=lambda a: (int(a.first), int(a.last), a.role, a.device))
    return rows, _usage(state, rows)


def _reserve(state: _Network, taken: list[IPv4Address | netaddr.IPRange]) -> list[tuple[str, netaddr.IPRange]]:
    """Rows for the CloudStack ranges; each is checked against the CIDR, the gateway and the others."""
    demand, cidr = state.demand, state.cidr
    done: list[tuple[str, netaddr.IPRange]] = []
    for r in sorted(demand.reservations, key=lambda r: (r.range.first, r.range.last, r.role, r.zone, r.pod)):
        span = netaddr.IPRange(int(r.range.first), int(r.range.last))
        if not r.range.within(cidr):
            state.issue(RANGE, r.where, f"the {r.label} ({r.range}) is not inside network {demand.name} ({cidr})",
                        f"pick start and end addresses inside {cidr}")
        elif demand.gateway is not None and demand.gateway.address in r.range:
            state.issue(RANGE, r.where, f"the {r.label} ({r.range}) contains the gateway "
                        f"{demand.gateway.address} of network {demand.name}",
                        f"start or end the range so that it leaves out {demand.gateway.address}")
        else:
            other = next((label for label, o in done if o.first <= span.last and span.first <= o.last), None)
            if other is not None:
                state.issue(RANGE, r.where, f"the {r.label} ({r.range}) overlaps the {other} on network "
                            f"{demand.name}", "shrink or move one of the ranges so they share no address")
        state.row(r.range.first, r.range.last, role=r.role, device="", interface="", zone=r.zone, pod=r.pod)
        done.append((r.label, span))
        inside = netaddr.IPSet([span]) & netaddr.IPSet([netaddr.IPRange(state.low, state.high)])
        taken.extend(inside.iter_ipranges())
    return done


def _explicit(state: _Network, reserved: list[tuple[str, netaddr.IPRange]]) -> dict[IPv4Address, Claim]:
    """Rows for the addresses the design gives; returns each address with its (first) holder."""
    demand = state.demand
    owners: dict[IPv4Address, Claim] = {}
    claims = [c for c in demand.claims if c.explicit is not None]
    for claim in sorted(claims, key=lambda c: (c.kind, c.pod_id, c.host_id, c.order, c.device)):
        address = claim.explicit
        assert address is not None
        problem = ""
        if not state.low <= int(address) <= state.high:
            problem = (f"is outside network {demand.name} ({state.cidr})" if address not in state.cidr
                       else f"is the network or broadcast address of {state.cidr}")
        elif demand.gateway is not None and address == demand.gateway.address:
            owner = demand.gateway.owner or "the router outside this design"
            problem = f"is the gateway of network {demand.name}, held by {owner}"
        else:
            inside = next((label for label, span in reserved if span.first <= int(address) <= span.last), None)
            other = owners.get(address)
            if inside is not None:
                problem = f"is inside the {inside}"
            elif other is not None and other.device != claim.device and {other.role, claim.role} not in _SAME_MACHINE:
                problem = f"is also given to {other.label}"
        if problem:
            state.issue(ADDRESS, claim.where, f"address {address} of {claim.label} {problem}",
                        "give the device another address, or leave it out so the planner picks one")
            continue
        owners.setdefault(address, claim)
        state.claimed(address, claim)
    return owners


def _blocks(state: _Network, pool: Pool) -> tuple[list[tuple[Claim, int]], list[tuple[Kind, int, int]], int]:
    """Pool index of every infrastructure device without an address, one block per class.

    Returns the placements, the blocks (kind, devices, slots) and the last address of the
    last block as an integer (0 when there is none).
    """
    placed: list[tuple[Claim, int]] = []
    blocks: list[tuple[Kind, int, int]] = []
    index = 0
    for kind in Kind:
        mine = sorted((c for c in state.demand.claims if c.kind is kind and kind is not Kind.host
                       and c.explicit is None and not c.same_as), key=lambda c: c.order)
        if not mine:
            continue
        slots = _slots(mine)
        size = block_size(max(len(mine), max(slots.values()) + 1))
        placed.extend((claim, index + slots[id(claim)]) for claim in mine)
        blocks.append((kind, len(mine), size))
        index += size
    end = pool.at(min(index, pool.size) - 1) if index else None
    return placed, blocks, int(end) if end is not None else 0


def _slots(claims: list[Claim]) -> dict[int, int]:
    """Place of each claim (by object id) in its class block: the one its device's ``id`` pins, else
    the first free place in ``order`` (name order). A pinned place already taken on this network
    (one device, two interfaces) falls back to a free one."""
    taken: set[int] = set()
    out: dict[int, int] = {}
    for claim in claims:
        if claim.slot is not None and claim.slot not in taken:
            out[id(claim)] = claim.slot
            taken.add(claim.slot)
    free = (n for n in range(len(claims) + len(taken) + 1) if n not in taken)
    for claim in claims:
        if id(claim) not in out:
            out[id(claim)] = next(free)
    return out


def _host_base(pool: Pool, cidr: IPv4Network, blocks_end: int, given: list[int]) -> int:
    """Index in ``pool`` of the host area: after the planned blocks (wherever they end: the host pool
    does not skip them), and after the addresses given to other devices in the lower half."""
    first = int(cidr.network_address)
    middle = first + cidr.num_addresses // 2
    after = max([blocks_end, *(x for x in given if first <= x < middle)], default=first)
    after = max(after, first) + 1
    if cidr.num_addresses >= HOST_AREA_MIN_NETWORK:
        after = first + (after - first + HOST_AREA_ALIGN - 2) // HOST_AREA_ALIGN * HOST_AREA_ALIGN + 1
    return pool.index_from(after)


def _hosts(state: _Network, base: int) -> list[tuple[Claim, int]]:
    """Pool index of every host without an address: host id n at the n-th place of the host area."""
    hosts = sorted((c for c in state.demand.claims if c.kind is Kind.host and c.explicit is None),
                   key=lambda c: (c.pod_id, c.host_id))
    placed: list[tuple[Claim, int]] = []
    owner: dict[int, Claim] = {}
    clashes: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in hosts:
        other = owner.setdefault(claim.host_id, claim)
        if other is not claim:
            clashes[(other.pod, claim.pod)].append(claim)
            continue
        placed.append((claim, base + claim.host_id - 1))
    for (first_pod, pod), claims in clashes.items():
        ids = _id_ranges([c.host_id for c in claims])
        state.issue(HOST_ID, claims[0].where,
                    f"pods {first_pod} and {pod} share network {state.demand.name} and both use host id(s) {ids}; "
                    f"host addresses there are keyed by id, so {len(claims)} host(s) of {pod} have none",
                    f"give the hosts of pod {pod} ids that pod {first_pod} does not use (e.g. start them at "
                    f"{_next_hundred(max(c.host_id for c in hosts))}), or give each pod its own network")
    return placed


def _next_hundred(n: int) -> int:
    return (n // 100 + 1) * 100 + 1


def _id_ranges(ids: list[int]) -> str:
    ordered = sorted(set(ids))
    parts: list[str] = []
    start = prev = ordered[0]
    for n in [*ordered[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)


def _exhausted(state: _Network, pools: tuple[Pool, Pool], explicit: int, *, blocks: list[tuple[Kind, int, int]],
               host_base: int, unplaced: list[tuple[Claim, int]]) -> None:
    demand, cidr = state.demand, state.cidr
    usable = usable_count(cidr)
    infra_pool, pool = pools
    total = max(usable - (pool if c.kind is Kind.host else infra_pool).size + i + 1 for c, i in unplaced)
    parts: list[str] = []
    if demand.gateway is not None:
        parts.append("1 gateway")
    if explicit:
        parts.append(f"{explicit} given in the design")
    ranges = [r for r in state.rows if r.is_range]
    if ranges:
        parts.append(f"{sum(r.size for r in ranges)} in CloudStack ranges ("
                     + ", ".join(f"{r.role} {r.address_text}" for r in ranges) + ")")
    parts += [f"{KIND_LABELS[kind]}: {count} (a block of {size})" for kind, count, size in blocks]
    listed = (demand.gateway is not None) + explicit + sum(r.size for r in ranges) + sum(size for _, _, size in blocks)
    hosts = [c for c in demand.claims if c.kind is Kind.host and c.explicit is None]
    if hosts:
        start = pool.at(host_base)
        ids = [c.host_id for c in hosts]
        parts.append(f"{len(hosts)} host address(es) keyed by host id {min(ids)}-{max(ids)}, from "
                     f"{start if start else 'pool position ' + str(host_base + 1)}")
        listed += len(hosts)
    # the count said is the sum of the parts listed: what keying hosts by id leaves unused is one of them
    if total > listed:
        parts.append(f"{total - listed} left unused where host ids key the addresses (gaps in the ids, "
                     "and before the host area)")
    total = max(total, listed)
    names = [c.label for c, _ in sorted(unplaced, key=lambda u: u[1])]
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    prefix = cidr.prefixlen
    while prefix > 0 and usable_count(cidr.supernet(new_prefix=prefix)) < total:
        prefix -= 1
    wider = cidr.supernet(new_prefix=prefix)
    state.issue(EXHAUSTED, (demand.net, "cidr"),
                f"network {demand.name} ({cidr}) has {usable} usable addresses but needs about {total}: "
                + "; ".join(parts) + f". No address is left for {shown}.",
                f"grow the cidr of {demand.name} to /{prefix} (e.g. {wider}), or put fewer devices or smaller "
                "CloudStack ranges on it")


def _usage(state: _Network, rows: list[Allocation]) -> NetworkUsage:
    singles = {a.first for a in rows if not a.is_range}
    spans = netaddr.IPSet([netaddr.IPRange(int(a.first), int(a.last)) for a in rows if a.is_range])
    spans &= netaddr.IPSet([netaddr.IPRange(state.low, state.high)])
    usable = usable_count(state.cidr)
    reserved = int(spans.size)
    assigned = len(singles)
    return NetworkUsage(state.demand.name, state.cidr, state.net.vlan, usable, assigned, reserved,
                        max(0, usable - assigned - reserved), zone=state.demand.zone, pod=state.demand.pod)
