"""Bring a lab plan up, prove it, drill it, tear it down: the one sequence the command and the tests run."""

from __future__ import annotations

import secrets
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

from ..deployment import Deployment
from ..host_configs.view import host_networks
from ..verify.reachability import expected_pairs
from .expect import Matrix, Pair, lab_pairs
from .plan import LabPlan, lab_plan
from .report import DrillResult, LabResult, PairResult, StorageResult
from .run import NEIGHBOUR_BUDGET, Lab, leftovers, remove_stale


def prove_pairs(lab: Lab, pairs: list[Pair], budget: int = NEIGHBOUR_BUDGET) -> dict[Pair, bool]:
    """One packet per pair, in parallel, in waves of at most ``budget`` new neighbour entries (``Lab.ping_waves``:
    the kernel's neighbour table is shared by every namespace of the machine). No retry: a pair that must reach
    and does not answer within the ping's wait fails, and one reply of a pair that must stay apart fails it.
    (Retries used to cover the two causes of lost answers, both now removed at their source: a neighbour table
    overflowed by several labs' bursts at once, and a drill proven before its bonds had failed over.)

    Pairs of each packet size are pinged apart, ordinary ones first: Open vSwitch's userspace datapath sends a
    port's packets in batches and drops the rest of a batch when one is refused (a jumbo frame into a veth whose
    other end has a smaller MTU), so a jumbo ping that fails would take an ordinary ping beside it down with it,
    which a switch, dropping the one frame, would not (measured: an 84-byte ping sent together with a refused
    9,000-byte one was lost, alone it answered)."""
    replies: dict[Pair, bool] = {}
    for size in sorted({p.size for p in pairs}):
        replies.update(lab.ping_waves([p for p in pairs if p.size == size], budget))
    return replies


def new_prefix() -> str:
    """A run-specific prefix: ``sp`` and four hex digits."""
    return f"sp{secrets.token_hex(2)}"


def plan_of(deployment: Deployment, pod: str | None = None, prefix: str = "sp0000") -> LabPlan:
    d = deployment
    hosts = host_networks(d.design, d.inventory, d.port_plan, d.address_plan)
    return lab_plan(d.design, d.inventory, d.port_plan, d.address_plan, hosts, d.slug, prefix, pod)


class Interrupted(Exception):
    """SIGTERM arrived: torn down, then reported like Ctrl-C."""


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    def handler(signum: int, frame: FrameType | None) -> None:
        raise Interrupted(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_lab(plan: LabPlan,  # noqa: PLR0917
            matrix: Matrix, pod: str | None = None, keep: bool = False,
            progress: Callable[[str], None] | None = None, drills: int | None = None) -> LabResult:
    """Set up ``plan``, prove the matrix's pairs and the storage egress, run the plan's drills (the first
    ``drills`` of them when given) re-proving the matrix's drill pairs, tear down (unless ``keep``), whatever
    happens on the way (an error, Ctrl-C, SIGTERM)."""
    say = progress or (lambda _: None)
    pairs = matrix.pairs
    result = LabResult(plan, pod, matrix)
    drill_set = plan.drills if drills is None else plan.drills[:drills]
    lab = Lab(plan)
    with _sigterm_raises():
        stale = remove_stale()
        if stale:
            say(f"removed what earlier runs left: {', '.join(stale)}")
        start = time.monotonic()
        try:
            say(f"setting up {len(plan.bridges)} bridges, {len(plan.links)} veth pairs, "
                f"{len(plan.namespaces)} namespaces (run {plan.prefix[2:]})")
            lab.up()
            settle_pairs = [p for p in matrix.drills if p.reach] or [p for p in pairs if p.reach and not p.size][:50]
            lab.settle(settle_pairs)
            result.seconds["set-up"] = time.monotonic() - start
            start = time.monotonic()
            say(f"proving {len(pairs)} pairs and {len(plan.storage_checks)} storage egress checks")
            replies = prove_pairs(lab, pairs)
            result.pairs = [PairResult(p, replies[p]) for p in pairs]
            egress = lab.egress(plan.storage_checks)
            result.storage = [StorageResult(c, egress[c]) for c in plan.storage_checks]
            result.seconds["prove"] = time.monotonic() - start
            if drill_set:
                start = time.monotonic()
                for drill in drill_set:
                    say(f"drill: {drill.name}")
                    with lab.drill(drill):
                        got = prove_pairs(lab, matrix.drills)
                    result.drills.append(DrillResult(drill, tuple(PairResult(p, got[p]) for p in matrix.drills)))
                result.seconds["drills"] = time.monotonic() - start
            result.neighbours, result.table_fulls = lab.peak_neighbours, lab.table_fulls
        finally:
            start = time.monotonic()
            if keep:
                say(f"kept: namespaces splab-{plan.prefix[2:]}-*; the next run of stackplan lab removes them")
            else:
                lab.down()
                result.leftovers = leftovers(plan.prefix)
            result.seconds["teardown"] = time.monotonic() - start
    return result


def prove_deployment(deployment: Deployment, pod: str | None = None, keep: bool = False,
                     progress: Callable[[str], None] | None = None) -> LabResult:
    plan = plan_of(deployment, pod, new_prefix())
    return run_lab(plan, matrix_of(deployment, plan, pod), pod, keep, progress)


def matrix_of(deployment: Deployment, plan: LabPlan, pod: str | None = None) -> Matrix:
    """The verification stage's reachability matrix mapped onto ``plan``."""
    return lab_pairs(plan, expected_pairs(deployment), pod)
