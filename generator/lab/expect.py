"""What the lab proves: the verification stage's reachability matrix, replayed on lab endpoints.

``lab_pairs(plan, verify_pairs)`` maps each ``ReachPair`` of ``verify.reachability.expected_pairs``
onto the lab: its source and target become the endpoints holding those addresses (the device's
namespace and interface), and the pair keeps its answer — ``must_reach`` pings, ``must_reach=False``
stays silent. A pair whose end the lab does not build (a switch on a separate out-of-band
network, a gateway no planned port reaches, the WAN between two sites) is kept as *not proven in
the lab* with the reason, never dropped.

How a pair is pinged: an L2 pair from the source address (``ping -I address``); an L3 or isolation
pair bound to the source interface (``ping -I device``), so the packet can only leave as the
design routes it from that network — a host whose storage interface sits on the target's network
cannot reach it sideways and pass an isolation pair by accident.

Lab extras, where the verification stage has no pair of its own: the drills (each switch and each
inter-switch link down in turn) re-prove every host's pairs of the matrix and, for every host (the
matrix takes one host per pod), each primary-storage target over the interface its traffic leaves by.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..verify.types import PairKind, ReachPair
from .plan import Endpoint, LabPlan, StorageCheck


def verify_text(p: ReachPair) -> str:
    """How the report names the verification pair a lab pair proves."""
    verdict = "reach" if p.must_reach else "apart"
    return (f"{p.kind.value} {'/'.join(p.networks)}: {p.source} {p.source_address} → {p.target} {p.target_address} "
            f"({verdict}, {p.why})")


@dataclass(frozen=True, order=True)
class Pair:
    """One ping: from ``source`` to ``target``, expected to answer (``reach``) or not."""

    source: Endpoint
    target: Endpoint
    reach: bool
    why: str
    proves: str = ""  # the verification pair it replays (``verify_text``), "" for a lab extra
    bind: str = "address"  # ping -I the source "address", or the source "interface" (L3 and isolation pairs)
    size: int = 0  # IP packet size, sent with "don't fragment" (0: ping's default 84 bytes)

    @property
    def key(self) -> str:
        size = f" ({self.size} bytes)" if self.size else ""
        return f"{self.source.device} {self.source.address} → {self.target.device} {self.target.address}{size}"

    @property
    def source_option(self) -> str:
        return self.source.interface if self.bind == "interface" else str(self.source.address)

    @property
    def ping_options(self) -> str:
        """ping's options for the packet size: the ICMP payload is the IP packet less 28 bytes of headers."""
        return f"-M do -s {self.size - 28}" if self.size else ""


@dataclass(frozen=True)
class Unproven:
    """A verification pair the lab cannot replay, and why."""

    verify: ReachPair
    reason: str


@dataclass
class Matrix:
    """The verification pairs mapped onto the lab, the ones it cannot replay, and the drills' pairs."""

    pairs: list[Pair] = field(default_factory=list)
    unproven: list[Unproven] = field(default_factory=list)
    drills: list[Pair] = field(default_factory=list)
    egress: dict[StorageCheck, str] = field(default_factory=dict)  # storage check → the verification pair


def _endpoint(plan: LabPlan, device: str, address: str, network: str) -> Endpoint | None:
    found = [e for e in plan.endpoints if str(e.address) == address and e.network == network]
    exact = [e for e in found if e.device == device or device in e.device.split("/") or e.device in device.split("/")]
    return next(iter(exact or found), None)


def _missing(plan: LabPlan, device: str, address: str, network: str) -> str:
    starts = (f"{device} ", f"{device}:", *(f"{d} " for d in device.split("/")))
    notes = [n for n in plan.notes if n.startswith(starts)
             and (network in n or address in n) and "not emulated" in n]
    if notes:
        return f"{device} {address} is not in the lab: {notes[0]}"
    return f"the lab builds no endpoint holding {device} {address} on {network}"


def _ends(plan: LabPlan, p: ReachPair) -> tuple[Endpoint | None, Endpoint | None, str]:
    source_net = p.networks[0]
    target_net = p.networks[-1]
    source = _endpoint(plan, p.source, p.source_address, source_net)
    target = _endpoint(plan, p.target, p.target_address, target_net)
    if source is None:
        return None, None, _missing(plan, p.source, p.source_address, source_net)
    if target is None:
        return None, None, _missing(plan, p.target, p.target_address, target_net)
    if source.namespace == target.namespace:
        return None, None, "both ends are one lab namespace (one device holds both addresses): nothing to ping"
    return source, target, ""


def _wan(p: ReachPair) -> bool:
    return any(step.startswith("(") for step in p.path)


def lab_pairs(plan: LabPlan, verify_pairs: list[ReachPair], pod: str | None = None) -> Matrix:
    """Map every verification pair onto the lab (pure). With ``pod`` the lab holds that pod's hosts only: the
    pairs of devices it leaves out are not proven, with that reason."""
    out = Matrix()
    devices = {d for n in plan.namespaces for d in (n.device, *n.device.split("/"))}
    for p in verify_pairs:
        if _wan(p) and not any(link.a_ns for link in plan.links):
            out.unproven.append(Unproven(p, "the path crosses a site-to-site link (WAN) between sites without "
                                            "firewalls, which the lab does not emulate"))
            continue
        source, target, reason = _ends(plan, p)
        if source is None or target is None:
            if pod is not None and not {p.source, p.target} <= devices and "not emulated" not in reason:
                reason = f"outside pod {pod}, the only pod in this lab (--pod)"
            out.unproven.append(Unproven(p, reason))
            continue
        bind = "address" if p.kind is PairKind.l2 else "interface"
        out.pairs.append(Pair(source, target, p.must_reach, p.why, verify_text(p), bind))
    storage = {(p.source, p.target_address): p for p in verify_pairs if p.must_reach and p.why.startswith("primary")}
    for check in plan.storage_checks:
        proved = storage.get((check.host, str(check.target)))
        out.egress[check] = verify_text(proved) if proved is not None else ""
    out.drills = drill_pairs(plan, out.pairs)
    out.pairs += frame_pairs(plan, out.pairs)
    return out


def frame_pairs(plan: LabPlan, pairs: list[Pair]) -> list[Pair]:
    """Lab extras: on a network that must carry packets larger than 1,500 bytes (``LabPlan.frames``: a jumbo MTU,
    a VXLAN underlay), each host's pair of the matrix within it again with one packet of that size that may not
    be fragmented, so every interface, bond and switch port on the way must take it."""
    out = []
    for p in pairs:
        frame = plan.frames.get(p.source.network)
        if (frame is None or not p.reach or p.source.role != "host" or p.target.network != p.source.network
                or p.bind != "address"):
            continue
        size, why = frame
        out.append(Pair(p.source, p.target, True, f"{size}-byte packets unfragmented ({why})", "", "address", size))
    return out


def drill_pairs(plan: LabPlan, pairs: list[Pair]) -> list[Pair]:
    """What a drill re-proves: every pair of the matrix from a host that must reach (its gateways, and for the
    first host of a pod its management servers and storage), and, as lab extras, every host's primary storage
    from the interface its storage traffic leaves by (the matrix asks it of one host per pod)."""
    out = [p for p in pairs if p.reach and p.source.role == "host"]
    have = {(p.source.device, p.target.address) for p in out}
    for check in plan.storage_checks:
        source = next((e for e in plan.endpoints if e.namespace == check.namespace and e.interface == check.interface
                       and e.role == "host"), None)
        target = next((e for e in plan.endpoints if e.address == check.target and e.device == check.target_device),
                      None) or plan.endpoint_at(check.target)
        if source is None or target is None or (source.device, target.address) in have:
            continue
        have.add((source.device, target.address))
        out.append(Pair(source, target, True, f"primary storage {check.pool}"))
    return out


def neighbours(p: Pair) -> set[tuple[str, str]]:
    """The neighbour (ARP) entries a ping of ``p`` can create, at most: the source's entry for the target or its
    gateway, the target's for the source or its gateway, and a router's for each end of a routed pair."""
    if p.source.network == p.target.network:
        return {(p.source.namespace, str(p.target.address)), (p.target.namespace, str(p.source.address))}
    return {(p.source.namespace, f"gateway of {p.source.network}"),
            (p.target.namespace, f"gateway of {p.target.network}"),
            ("router", str(p.target.address)), ("router", str(p.source.address))}


def waves(pairs: list[Pair], budget: int) -> list[list[Pair]]:
    """``pairs`` in order, cut into waves each creating at most ``budget`` neighbour entries.

    Every network namespace of the machine shares one kernel neighbour table (``arp_tbl``), whose hard limit
    ``gc_thresh3`` (1,024 by default) only the machine's own namespace can raise, and an entry younger than 5 s
    cannot be collected: a burst of pings resolving more addresses than that fails with "neighbor table
    overflow". The lab flushes its own namespaces' entries between two waves."""
    out: list[list[Pair]] = []
    seen: set[tuple[str, str]] = set()
    for p in pairs:
        new = neighbours(p) - seen
        if not out or len(seen) + len(new) > budget:
            out.append([])
            seen = set()
            new = neighbours(p)
        out[-1].append(p)
        seen |= new
    return out
