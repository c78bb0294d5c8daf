"""Result types of the verification stage: the reachability pairs, the checks and the proof.

``ReachPair`` is the public contract other stages read (``stackplan lab`` replays each pair with
packets): keep its fields stable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ..diagnostics import Severity


class PairKind(StrEnum):
    """How a pair's answer is reached."""

    l2 = "l2"  # the same network: a path of switch ports that all carry its VLAN
    l3 = "l3"  # different networks: through the gateway owners and their routes
    isolated = "isolated"  # a network without a gateway: nothing routes into it


@dataclass(frozen=True, order=True)
class ReachPair:
    """One question the design answers: can ``source`` reach ``target``?

    ``networks`` holds the one shared network of an L2 pair, or the source's and the target's
    network of an L3 pair. ``path`` lists the devices a frame or packet crosses, source first and
    target last (for an L3 pair the gateway owner sits between the two networks' paths); it is
    empty when no path exists (expected for ``must_reach=False``).
    """

    source: str
    source_address: str
    target: str
    target_address: str
    networks: tuple[str, ...]
    must_reach: bool
    kind: PairKind
    path: tuple[str, ...] = ()
    why: str = ""  # the purpose of the pair, for the Proof page: "management server", "gateway" …

    @property
    def reached(self) -> bool:
        return bool(self.path)

    @property
    def holds(self) -> bool:
        """The plans give the answer the design expects."""
        return self.reached == self.must_reach


@dataclass(frozen=True)
class VerifyIssue:
    """A verification failure, reported as a finding at the design element responsible."""

    rule: str
    obj: object
    attr: str | int | None
    message: str
    fix: str
    severity: Severity = Severity.error


@dataclass(frozen=True)
class CheckResult:
    """One check of the Proof page: its rule, what it proves, how many cases it looked at, failures."""

    rule: str
    title: str
    cases: int
    failures: tuple[VerifyIssue, ...] = ()

    @property
    def passed(self) -> bool:
        return not any(f.severity is Severity.error for f in self.failures)


@dataclass(frozen=True)
class FailureCase:
    """What one failure (a switch, a cable, one member of every pair) leaves cut off."""

    removed: str  # "switch ams1-core1", "cable ams1-p01-sw1 Ethernet49 – ams1-core1 Ethernet1", …
    kind: str  # switch, cable, pair-members
    cut_off: tuple[str, ...]  # "host ams1-p01-kvm01: management", sorted

    @property
    def survives(self) -> bool:
        return not self.cut_off


@dataclass
class Proof:
    """Everything the verification stage worked out for one deployment."""

    pairs: list[ReachPair] = field(default_factory=list)
    failures: list[FailureCase] = field(default_factory=list)
    spofs: list[str] = field(default_factory=list)
    checks: list[CheckResult] = field(default_factory=list)
    redundant: bool = False

    @property
    def issues(self) -> list[VerifyIssue]:
        return [i for c in self.checks for i in c.failures]
