"""The Proof page of a deployment: what the verification stage proved from the plans."""

from __future__ import annotations

from dataclasses import dataclass

from ..artefacts import SPLIT_ROWS, Artefact, Kind, part_path
from ..deployment import Deployment
from ..rules import RULES
from ..templating import render
from ..verify import CheckResult, ReachPair, proved, proved_artefacts


@dataclass(frozen=True)
class LabLink:
    """A published ``stackplan lab`` report of this deployment (the site adds it as ``lab.md``)."""

    passed: bool
    current: bool  # proved the design file the site is built from (same sha256)

    @property
    def admonition(self) -> str:
        return "success" if self.passed and self.current else "warning"

    @property
    def verdict(self) -> str:
        return "passed" if self.passed else "failed"


@dataclass(frozen=True)
class ProofPart:
    """One page of a Proof page split per pod: the layer-2 pairs of the pod's networks."""

    title: str
    path: str
    networks: list[str]
    l2: list[ReachPair]


def proof_parts(deployment: Deployment, l2: list[ReachPair],
                rows: int) -> tuple[list[ProofPart], list[ReachPair]]:
    """The layer-2 pairs of each pod's networks on a page of their own when the page's tables would hold more
    than ``SPLIT_ROWS`` rows in all (else none), and the pairs that stay on the page: all of them, or those of
    deployment-wide and zone networks."""
    if rows <= SPLIT_ROWS:
        return [], l2
    pod_of = {u.network: u.pod for u in deployment.address_plan.usage if u.pod}
    by_pod: dict[str, list[ReachPair]] = {}
    stay: list[ReachPair] = []
    for p in l2:
        pod = pod_of.get(p.networks[0])
        (stay if pod is None else by_pod.setdefault(pod, [])).append(p)
    parts = [ProofPart(f"Pod {pod}", part_path("proof", "pod", pod), sorted({p.networks[0] for p in pairs}), pairs)
             for pod, pairs in sorted(by_pod.items())]
    return parts, stay


def produce(deployment: Deployment, lab: LabLink | None = None,
            rendered: list[Artefact] | None = None) -> list[Artefact]:
    """The Proof page: the checks of the plans and, given the deployment's ``rendered`` outputs, the scan of
    every address and VLAN id they write (whose failures join the deployment's findings)."""
    proof = proved(deployment)
    scanned: list[CheckResult] = proved_artefacts(deployment, rendered) if rendered is not None else []
    checks = [*proof.checks, *scanned]
    titles = {c.rule: RULES[c.rule].title if c.rule in RULES else c.title for c in checks}
    l2 = [p for p in proof.pairs if p.kind.value == "l2"]
    l3 = [p for p in proof.pairs if p.kind.value != "l2"]
    split, stay = proof_parts(deployment, l2, len(l2) + len(l3) + len(proof.failures))
    devices = deployment.device_names
    text = render("site/proof.md.j2", title=deployment.title, proof=proof, checks=checks, titles=titles, lab=lab,
                  devices=devices, l2=stay, l3=l3, parts=split)
    return [Artefact("proof.md", text, Kind.page, "Proof", order=88),
            *(Artefact(part.path, render("site/proof-part.md.j2", title=deployment.title, part=part,
                                         devices=devices), Kind.page, f"Proof: {part.title}", order=88, in_nav=False)
              for part in split)]
