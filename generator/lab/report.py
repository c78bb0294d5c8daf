"""The lab's results, and their text, JSON and Markdown forms (pure)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

from ..templating import cell
from .expect import Matrix, Pair, verify_text
from .plan import Drill, Endpoint, LabPlan, StorageCheck


def md_cell(value: object) -> str:
    return str(cell(value))


@dataclass(frozen=True)
class PairResult:
    pair: Pair
    replied: bool

    @property
    def ok(self) -> bool:
        return self.replied == self.pair.reach


@dataclass(frozen=True)
class StorageResult:
    check: StorageCheck
    egress: str

    @property
    def ok(self) -> bool:
        return self.egress == self.check.interface


@dataclass(frozen=True)
class DrillResult:
    drill: Drill
    pairs: tuple[PairResult, ...]

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.pairs)


@dataclass
class LabResult:
    plan: LabPlan
    pod: str | None
    matrix: Matrix = field(default_factory=Matrix)
    pairs: list[PairResult] = field(default_factory=list)
    storage: list[StorageResult] = field(default_factory=list)
    drills: list[DrillResult] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    neighbours: int = 0  # the kernel's neighbour entries (every namespace) at the fullest wave, lab's included
    table_fulls: int = 0  # "neighbor table overflow" events on the machine while the lab pinged
    leftovers: list[str] = field(default_factory=list)  # namespaces and processes of the run left after teardown

    @property
    def ok(self) -> bool:
        return (all(r.ok for r in self.pairs) and all(s.ok for s in self.storage)
                and all(d.ok for d in self.drills) and not self.leftovers)

    @property
    def failures(self) -> list[str]:
        out = [f"{describe(r, self.plan)}" for r in self.pairs if not r.ok]
        out += [storage_text(s, self.plan) for s in self.storage if not s.ok]
        for d in self.drills:
            out += [f"{d.drill.name}: {describe(r, self.plan)}" for r in d.pairs if not r.ok]
        if out and self.table_fulls:
            out.append(f"the machine's neighbour table (one for every namespace) overflowed {self.table_fulls} times "
                       "while the lab pinged: a process outside the lab's turns filled it, and a ping may have been "
                       "lost for that reason rather than the design's")
        out += [f"left after teardown: {x}" for x in self.leftovers]
        return out


def where(e: Endpoint, plan: LabPlan) -> str:
    """Device, interface and VLAN of an endpoint, and how it is cabled."""
    iface = next((i for i in plan.interfaces if i.namespace == e.namespace and i.name == e.interface), None)
    vlan = f"VLAN {e.vlan}" if e.vlan is not None else "no VLAN"
    via = f"; {iface.via}" if iface is not None else ""
    design_name = iface.design_name if iface is not None else e.interface
    return f"{e.device} {design_name} {e.address} ({e.network}, {vlan}{via})"


def describe(r: PairResult, plan: LabPlan) -> str:
    p = r.pair
    verdict = "pass" if r.ok else "FAIL"
    if p.reach:
        outcome = "reaches" if r.replied else "expected to reach, no reply"
    else:
        outcome = "stays apart" if not r.replied else "expected to stay apart, but replied"
    if r.ok:
        return (f"{verdict} {p.source.device} {p.source.address} → {p.target.device} {p.target.address}: {outcome} "
                f"({p.why})")
    return f"{verdict} {where(p.source, plan)} → {where(p.target, plan)}: {outcome} ({p.why}; {proves(p)})"


def proves(p: Pair) -> str:
    return f"proves verify pair {p.proves}" if p.proves else "lab extra, no verify pair"


def egress_proves(result: LabResult, s: StorageResult) -> str:
    label = result.matrix.egress.get(s.check, "")
    return f"proves verify pair {label}" if label else "lab extra, no verify pair"


def storage_text(s: StorageResult, plan: LabPlan) -> str:
    c = s.check
    verdict = "pass" if s.ok else "FAIL"
    got = s.egress or "no route"
    return (f"{verdict} {c.host}: primary storage {c.pool} ({c.target_device} {c.target}) leaves by {got}"
            + ("" if s.ok else f", expected {c.interface}"))


def text(result: LabResult) -> str:
    lines = [f"Lab of {result.plan.slug}" + (f", pod {result.pod}" if result.pod else "")]
    lines += [f"  note: {n}" for n in result.plan.notes]
    lines.append("Pairs (the verification stage's reachability matrix):")
    for r in result.pairs:
        lines.append(f"  {describe(r, result.plan)}")
        if r.ok:
            lines.append(f"    {proves(r.pair)}")
    if result.matrix.unproven:
        lines.append("Not proven in the lab:")
        lines += [f"  {verify_text(u.verify)}: {u.reason}" for u in result.matrix.unproven]
    lines.append("Primary storage egress:")
    lines += [f"  {storage_text(s, result.plan)} [{egress_proves(result, s)}]" for s in result.storage]
    if result.drills:
        lines.append("Drills:")
        for d in result.drills:
            bad = [r for r in d.pairs if not r.ok]
            lines.append(f"  {'pass' if d.ok else 'FAIL'} {d.drill.name}: {len(d.pairs) - len(bad)}/{len(d.pairs)} "
                         "management and storage pairs still reach")
            lines += [f"    {describe(r, result.plan)}" for r in bad]
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def summary(result: LabResult) -> str:
    good = sum(r.ok for r in result.pairs)
    egress = sum(s.ok for s in result.storage)
    drills = sum(d.ok for d in result.drills)
    times = ", ".join(f"{k} {v:.1f} s" for k, v in result.seconds.items())
    unproven = len(result.matrix.unproven)
    return (f"{'PASS' if result.ok else 'FAIL'}: {good}/{len(result.pairs)} pairs, {egress}/{len(result.storage)} "
            f"storage egress checks, {drills}/{len(result.drills)} drills, {unproven} verify pairs not proven in the "
            f"lab ({times})")


def _endpoint(e: Endpoint) -> dict[str, object]:
    return {"device": e.device, "interface": e.interface, "address": str(e.address), "network": e.network,
            "vlan": e.vlan, "namespace": e.namespace}


def _pair(r: PairResult, plan: LabPlan) -> dict[str, object]:
    return {"source": _endpoint(r.pair.source), "target": _endpoint(r.pair.target), "expect": "reach" if
            r.pair.reach else "apart", "why": r.pair.why, "proves": r.pair.proves or None, "ping_from": r.pair.bind,
            "replied": r.replied, "pass": r.ok, "detail": describe(r, plan)}


def as_json(result: LabResult) -> str:
    data = {
        "design": result.plan.slug, "pod": result.pod, "pass": result.ok, "notes": result.plan.notes,
        "seconds": {k: round(v, 2) for k, v in result.seconds.items()},
        "neighbour_entries": result.neighbours, "neighbour_table_fulls": result.table_fulls,
        "leftovers": result.leftovers,
        "pairs": [_pair(r, result.plan) for r in result.pairs],
        "not_proven": [{"verify": verify_text(u.verify), "reason": u.reason} for u in result.matrix.unproven],
        "storage": [{"host": s.check.host, "pool": s.check.pool, "target": str(s.check.target),
                     "expected": s.check.interface, "egress": s.egress, "pass": s.ok,
                     "proves": result.matrix.egress.get(s.check) or None} for s in result.storage],
        "drills": [{"drill": d.drill.name, "down": list(d.drill.down), "pass": d.ok,
                    "pairs": [_pair(r, result.plan) for r in d.pairs]} for d in result.drills],
        "failures": result.failures,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


DESIGN_LINE = "Design file sha256: "  # the site compares it with the design it builds (a report of another version)


def design_sha256(data: bytes) -> str:
    """The digest of a design file's bytes the report carries."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Published:
    """What the site reads back from a published report: its verdict and the design it proved."""

    passed: bool
    design_sha256: str


def read_published(report: str) -> Published:
    found = re.search(re.escape(DESIGN_LINE) + r"`([0-9a-f]{64})`", report)
    return Published("\n**Passed.**" in f"\n{report}", found.group(1) if found else "")


def markdown(result: LabResult, design_sha256: str = "") -> str:
    """The report the site publishes beside the Proof page (``lab/<slug>.md``, see the README)."""
    plan = result.plan
    out = [f"# Lab proof: {md_cell(plan.slug)}", ""]
    out.append(f"**{'Passed' if result.ok else 'Failed'}.** {md_cell(summary(result))}")
    out.append("")
    if design_sha256:
        out += [f"{DESIGN_LINE}`{design_sha256}`", ""]
    if result.pod:
        out += [f"Pod {md_cell(result.pod)} only.", ""]
    if plan.notes:
        out += ["## How the lab differs from the plan", ""]
        out += [f"- {md_cell(n)}" for n in plan.notes]
        out.append("")
    out += ["## Pairs", "", "Each pair of the verification stage's reachability matrix (the Proof page), pinged "
            "between the lab namespaces of its two ends.", "",
            "| Result | From | To | Expected | Why | Verify pair it proves |", "|---|---|---|---|---|---|"]
    for r in result.pairs:
        p = r.pair
        out.append(f"| {'pass' if r.ok else '**FAIL**'} | {md_cell(f'{p.source.device} {p.source.address}')} | "
                   f"{md_cell(f'{p.target.device} {p.target.address}')} | {'reach' if p.reach else 'apart'} | "
                   f"{md_cell(p.why)} | {md_cell(p.proves or 'lab extra')} |")
    if result.matrix.unproven:
        out += ["", "## Not proven in the lab", "", "| Verify pair | Why not |", "|---|---|"]
        out += [f"| {md_cell(verify_text(u.verify))} | {md_cell(u.reason)} |" for u in result.matrix.unproven]
    out += ["", "## Primary-storage egress", "",
            "| Result | Host | Pool | Target | Leaves by | Expected | Verify pair it proves |",
            "|---|---|---|---|---|---|---|"]
    for s in result.storage:
        c = s.check
        out.append(f"| {'pass' if s.ok else '**FAIL**'} | {md_cell(c.host)} | {md_cell(c.pool)} | "
                   f"{md_cell(f'{c.target_device} {c.target}')} | {md_cell(s.egress or 'no route')} | "
                   f"{md_cell(c.interface)} | {md_cell(result.matrix.egress.get(c) or 'lab extra (every host)')} |")
    if result.drills:
        out += ["", "## Drills", "", "| Result | Drill | Pairs still reaching |", "|---|---|---|"]
        for d in result.drills:
            good = sum(r.ok for r in d.pairs)
            out.append(f"| {'pass' if d.ok else '**FAIL**'} | {md_cell(d.drill.name)} | {good}/{len(d.pairs)} |")
    if result.failures:
        out += ["", "## Failures", ""]
        out += [f"- {md_cell(f)}" for f in result.failures]
    return "\n".join(out) + "\n"
