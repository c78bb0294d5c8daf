"""The rule catalogue: each rule has a stable id, a severity, a title and the fact it rests on."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import IntEnum

from ..diagnostics import Severity
from .context import Context, Issue

Check = Callable[[Context], Iterable[Issue]]


class Phase(IntEnum):
    """Rules of a later phase run only when the earlier phases found no errors."""

    references = 1
    design = 2
    proof = 3  # run by the verification stage (generator/verify/) on the plans, not on the design alone


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    fact: str
    phase: Phase
    check: Check


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str, severity: Severity, title: str, fact: str, phase: Phase = Phase.design
) -> Callable[[Check], Check]:
    """Register a check under a stable id. The id never changes once published."""

    def register(check: Check) -> Check:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} registered twice")
        RULES[rule_id] = Rule(rule_id, severity, title, fact, phase, check)
        return check

    return register


def rules_in(phase: Phase) -> Iterator[Rule]:
    for rule_id in sorted(RULES):
        if RULES[rule_id].phase == phase:
            yield RULES[rule_id]


ERROR = Severity.error
WARNING = Severity.warning
