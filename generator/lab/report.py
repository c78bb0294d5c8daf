"""The lab's results, and their text, JSON and Markdown forms (pure)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..templating import cell
from .expect import Pair
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
    pairs: list[PairResult] = field(default_factory=list)
    storage: list[StorageResult] = field(default_factory=list)
    drills: list[DrillResult] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return (all(r.ok for r in self.pairs) and all(s.ok for s in self.storage)
                and all(d.ok for d in self.drills))

    @property
    def failures(self) -> list[str]:
        out = [f"{describe(r, self.plan)}" for r in self.pairs if not r.ok]
        out += [storage_text(s, self.plan) for s in self.storage if not s.ok]
        for d in self.drills:
            out += [f"{d.drill.name}: {describe(r, self.plan)}" for r in d.pairs if not r.ok]
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
    return f"{verdict} {where(p.source, plan)} → {where(p.target, plan)}: {outcome} ({p.why})"


def storage_text(s: StorageResult, plan: LabPlan) -> str:
    c = s.check
    verdict = "pass" if s.ok else "FAIL"
    got = s.egress or "no route"
    return (f"{verdict} {c.host}: primary storage {c.pool} ({c.target_device} {c.target}) leaves by {got}"
            + ("" if s.ok else f", expected {c.interface}"))


def text(result: LabResult) -> str:
    lines = [f"Lab of {result.plan.slug}" + (f", pod {result.pod}" if result.pod else "")]
    lines += [f"  note: {n}" for n in result.plan.notes]
    lines.append("Pairs:")
    lines += [f"  {describe(r, result.plan)}" for r in result.pairs]
    lines.append("Primary storage egress:")
    lines += [f"  {storage_text(s, result.plan)}" for s in result.storage]
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
    return (f"{'PASS' if result.ok else 'FAIL'}: {good}/{len(result.pairs)} pairs, {egress}/{len(result.storage)} "
            f"storage egress checks, {drills}/{len(result.drills)} drills ({times})")


def _endpoint(e: Endpoint) -> dict[str, object]:
    return {"device": e.device, "interface": e.interface, "address": str(e.address), "network": e.network,
            "vlan": e.vlan, "namespace": e.namespace}


def _pair(r: PairResult, plan: LabPlan) -> dict[str, object]:
    return {"source": _endpoint(r.pair.source), "target": _endpoint(r.pair.target), "expect": "reach" if
            r.pair.reach else "apart", "why": r.pair.why, "replied": r.replied, "pass": r.ok,
            "detail": describe(r, plan)}


def as_json(result: LabResult) -> str:
    data = {
        "design": result.plan.slug, "pod": result.pod, "pass": result.ok, "notes": result.plan.notes,
        "seconds": {k: round(v, 2) for k, v in result.seconds.items()},
        "pairs": [_pair(r, result.plan) for r in result.pairs],
        "storage": [{"host": s.check.host, "pool": s.check.pool, "target": str(s.check.target),
                     "expected": s.check.interface, "egress": s.egress, "pass": s.ok} for s in result.storage],
        "drills": [{"drill": d.drill.name, "down": list(d.drill.down), "pass": d.ok,
                    "pairs": [_pair(r, result.plan) for r in d.pairs]} for d in result.drills],
        "failures": result.failures,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def markdown(result: LabResult) -> str:
    plan = result.plan
    out = [f"# Lab proof: {md_cell(plan.slug)}", ""]
    out.append(f"**{'Passed' if result.ok else 'Failed'}.** {md_cell(summary(result))}")
    out.append("")
    if result.pod:
        out += [f"Pod {md_cell(result.pod)} only.", ""]
    if plan.notes:
        out += ["## How the lab differs from the plan", ""]
        out += [f"- {md_cell(n)}" for n in plan.notes]
        out.append("")
    out += ["## Pairs", "", "| Result | From | To | Expected | Why |", "|---|---|---|---|---|"]
    for r in result.pairs:
        p = r.pair
        out.append(f"| {'pass' if r.ok else '**FAIL**'} | {md_cell(f'{p.source.device} {p.source.address}')} | "
                   f"{md_cell(f'{p.target.device} {p.target.address}')} | {'reach' if p.reach else 'apart'} | "
                   f"{md_cell(p.why)} |")
    out += ["", "## Primary-storage egress", "", "| Result | Host | Pool | Target | Leaves by | Expected |",
            "|---|---|---|---|---|---|"]
    for s in result.storage:
        c = s.check
        out.append(f"| {'pass' if s.ok else '**FAIL**'} | {md_cell(c.host)} | {md_cell(c.pool)} | "
                   f"{md_cell(f'{c.target_device} {c.target}')} | {md_cell(s.egress or 'no route')} | "
                   f"{md_cell(c.interface)} |")
    if result.drills:
        out += ["", "## Drills", "", "| Result | Drill | Pairs still reaching |", "|---|---|---|"]
        for d in result.drills:
            good = sum(r.ok for r in d.pairs)
            out.append(f"| {'pass' if d.ok else '**FAIL**'} | {md_cell(d.drill.name)} | {good}/{len(d.pairs)} |")
    if result.failures:
        out += ["", "## Failures", ""]
        out += [f"- {md_cell(f)}" for f in result.failures]
    return "\n".join(out) + "\n"
