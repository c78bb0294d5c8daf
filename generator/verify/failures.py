"""Failure domains: what one failure — a switch, an inter-switch cable, one member of every pair —
leaves cut off, and the single points of failure that follow.

For each host the stage asks the questions that keep it in the cloud: its management network
reaches the network's gateway (or anchor) and the management servers; its primary storage
servers are reached (over the dedicated interface when the pod has one). The answers come from the
same ``Reach`` engine as the reachability matrix, with the failed nodes removed or cables cut.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass

from ..diagnostics import Severity
from ..inventory import Host
from ..model import Design
from .graph import Cable, Holder
from .reachability import INTACT, Failure, Reach
from .types import CheckResult, FailureCase, VerifyIssue


@dataclass(frozen=True)
class Need:
    host: str
    what: str  # "management", "management server ms1", "storage nfs1"
    source: Holder
    target: Holder


def needs(reach: Reach) -> list[Need]:
    out = []
    for pref in reach.inventory.pods():
        for host in reach.inventory.hosts_in_pod(pref.pod):
            out.extend(_host_needs(reach, host))
    return out


def _host_needs(reach: Reach, host: Host) -> list[Need]:
    pod, zone = host.pod, host.zone
    source = reach.holder(host.name, pod.management.network)
    if source is None:
        return []
    out = []
    anchor = reach.anchor(pod.management.network)
    if anchor is not None and anchor.device != host.name:
        out.append(Need(host.name, "management", source, anchor))
    for target in reach.targets(zone, pod, host):
        if not target.must_reach:
            continue
        t = target.holder
        src = reach.holder(host.name, t.network) if t.network in pod.primary_storage_networks else source
        if src is None:
            continue
        kind = "storage" if "storage" in target.why else "management"
        out.append(Need(host.name, f"{kind} ({target.why} {t.device})", src, t))
    return out


def _reached(reach: Reach, need: Need, failure: Failure) -> bool:
    return bool(reach.l3_path(need.source, need.target, failure))


def _switch_cables(reach: Reach) -> list[Cable]:
    """Inter-switch cables with no parallel cable between the same two switches (a parallel one
    takes over when one fails)."""
    links = [c for c in reach.graph.cables if c.a in reach.graph.switches and c.b in reach.graph.switches]
    count = Counter(frozenset((c.a, c.b)) for c in links)
    return [c for c in links if count[frozenset((c.a, c.b))] == 1]


def _pair_members(design: Design, second: bool) -> frozenset[str]:
    out = set()
    for group in (design.switches, design.firewalls):
        names = {d.name for d in group}
        for d in group:
            if d.peer and d.peer in names:
                out.add(max(d.name, d.peer) if second else min(d.name, d.peer))
    return frozenset(out)


def failure_domains(reach: Reach) -> tuple[list[FailureCase], list[str], CheckResult]:
    design = reach.design
    wanted = needs(reach)
    intact = {id(n): reach.l3_path(n.source, n.target, INTACT) for n in wanted}
    base = [n for n in wanted if intact[id(n)]]  # what fails intact is reported elsewhere
    through: dict[str, list[Need]] = {}  # node or "a|b" step → the needs whose intact path uses it
    for n in base:
        path = intact[id(n)]
        for step in {*path, *(f"{a}|{b}" for a, b in itertools.pairwise(path)),
                     *(f"{b}|{a}" for a, b in itertools.pairwise(path))}:
            through.setdefault(step, []).append(n)
    scenarios: list[tuple[str, str, Failure, object, str]] = []
    for sw in sorted(design.switches, key=lambda s: s.name):
        scenarios.append((f"switch {sw.name}", "switch", (frozenset({sw.name}), frozenset()), sw, "name"))
    switches = {s.name: s for s in reversed(design.switches)}  # the first of a name, as a scan finds it
    for cable in _switch_cables(reach):
        sw = switches[cable.a]
        attr = "peer_link_ports" if cable.kind.value == "peer-link" else "uplink_ports"
        if cable.kind.value == "downlink":
            attr = "host_ports"
        scenarios.append((f"cable {cable.text}", "cable", (frozenset(), frozenset({cable.id})), sw, attr))
    for second in (False, True):
        members = _pair_members(design, second)
        if members:
            label = ("second" if second else "first") + " member of every pair (" + ", ".join(sorted(members)) + ")"
            first: object = next((s for s in design.switches if s.name in members), design.deployment)
            scenarios.append((label, "pair-members", (members, frozenset()), first, "peer"))
    by_id = {c.id: c for c in reach.graph.cables}  # cable ids are unique: a scenario's cut cables looked up
    cases: list[FailureCase] = []
    issues: list[VerifyIssue] = []
    spofs: list[str] = []
    severity = Severity.error if design.deployment.redundant else Severity.warning
    for text, kind, failure, obj, attr in scenarios:
        # a need whose intact path avoids the failed switches and cables still holds: only the others are asked again
        removed, cut = failure
        cables = [by_id[i] for i in sorted(cut) if i in by_id]
        touched = {id(n): n for step in [*removed, *(f"{c.a}|{c.b}" for c in cables)] for n in through.get(step, [])}
        lost = sorted({f"{n.host}: {n.what}" for n in touched.values() if not _reached(reach, n, failure)})
        cases.append(FailureCase(text, kind, tuple(lost)))
        if not lost:
            continue
        spofs.append(text)
        hosts = sorted({entry.split(":")[0] for entry in lost})
        shown = ", ".join(hosts[:4]) + (f" and {len(hosts) - 4} more" if len(hosts) > 4 else "")
        promise = ("the design says 'redundant: true'" if design.deployment.redundant
                   else "accepted: the design says 'redundant: false'")
        issues.append(VerifyIssue(
            "VERIFY-SPOF", obj, attr,
            f"single point of failure: without {text}, {len(hosts)} host(s) lose {_what(lost)} ({shown}); "
            f"{promise}",
            "pair the switch ('peer:'), bond host NICs over both switches of the pair, cable servers to both, "
            "and give every switch pair uplinks to both cores", severity))
    result = CheckResult("VERIFY-SPOF", "No single switch, inter-switch cable or pair member cuts a host off "
                         "management or storage", len(scenarios), tuple(issues))
    return cases, spofs, result


def _what(lost: list[str]) -> str:
    kinds = sorted({entry.split(": ", 1)[1].split(" ")[0] for entry in lost})
    return " and ".join(kinds)
