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
from .expect import Pair, drill_pairs, expected_pairs
from .plan import LabPlan, lab_plan
from .report import DrillResult, LabResult, PairResult, StorageResult
from .run import Lab, remove_stale

ATTEMPTS = 3


def prove_pairs(lab: Lab, pairs: list[Pair]) -> dict[Pair, bool]:
    """One packet per pair, in parallel; a pair that must reach and did not answer is tried again, alone,
    up to ``ATTEMPTS`` times (the userspace datapath of a busy machine drops the odd packet of a burst; a
    wrong VLAN or cable drops them all). One reply of a pair that must stay apart is a failure."""
    replies = lab.ping(pairs)
    retry = [p for p in pairs if p.reach and not replies[p]]
    if retry:
        replies.update(lab.ping(retry, tries=ATTEMPTS, batch=1, workers=1))
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
            pairs: list[Pair], drills: list[Pair], pod: str | None = None, keep: bool = False,
            progress: Callable[[str], None] | None = None) -> LabResult:
    """Set up ``plan``, prove ``pairs`` and the storage egress, run the plan's drills re-proving ``drills``,
    tear down (unless ``keep``), whatever happens on the way (an error, Ctrl-C, SIGTERM)."""
    say = progress or (lambda _: None)
    result = LabResult(plan, pod)
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
            settle_pairs = [p for p in drills if p.reach] or [p for p in pairs if p.reach][:50]
            lab.settle(settle_pairs)
            result.seconds["set-up"] = time.monotonic() - start
            start = time.monotonic()
            say(f"proving {len(pairs)} pairs and {len(plan.storage_checks)} storage egress checks")
            replies = prove_pairs(lab, pairs)
            result.pairs = [PairResult(p, replies[p]) for p in pairs]
            egress = lab.egress(plan.storage_checks)
            result.storage = [StorageResult(c, egress[c]) for c in plan.storage_checks]
            result.seconds["prove"] = time.monotonic() - start
            if plan.drills:
                start = time.monotonic()
                for drill in plan.drills:
                    say(f"drill: {drill.name}")
                    with lab.drill(drill):
                        got = prove_pairs(lab, drills)
                    result.drills.append(DrillResult(drill, tuple(PairResult(p, got[p]) for p in drills)))
                result.seconds["drills"] = time.monotonic() - start
        finally:
            start = time.monotonic()
            if keep:
                say(f"kept: namespaces splab-{plan.prefix[2:]}-*; the next run of stackplan lab removes them")
            else:
                lab.down()
            result.seconds["teardown"] = time.monotonic() - start
    return result


def prove_deployment(deployment: Deployment, pod: str | None = None, keep: bool = False,
                     progress: Callable[[str], None] | None = None) -> LabResult:
    plan = plan_of(deployment, pod, new_prefix())
    return run_lab(plan, expected_pairs(plan), drill_pairs(plan, deployment.design), pod, keep, progress)
