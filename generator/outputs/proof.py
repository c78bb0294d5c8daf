"""The Proof page of a deployment: what the verification stage proved from the plans."""

from __future__ import annotations

from dataclasses import dataclass

from ..artefacts import Artefact, Kind
from ..deployment import Deployment
from ..rules import RULES
from ..templating import render
from ..verify import CheckResult, proved, proved_artefacts


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


def produce(deployment: Deployment, lab: LabLink | None = None,
            rendered: list[Artefact] | None = None) -> list[Artefact]:
    """The Proof page: the checks of the plans and, given the deployment's ``rendered`` outputs, the scan of
    every address and VLAN id they write (whose failures join the deployment's findings)."""
    proof = proved(deployment)
    scanned: list[CheckResult] = proved_artefacts(deployment, rendered) if rendered is not None else []
    checks = [*proof.checks, *scanned]
    titles = {c.rule: RULES[c.rule].title if c.rule in RULES else c.title for c in checks}
    text = render("site/proof.md.j2", title=deployment.title, proof=proof, checks=checks, titles=titles, lab=lab,
                  devices=deployment.device_names,
                  l2=[p for p in proof.pairs if p.kind.value == "l2"],
                  l3=[p for p in proof.pairs if p.kind.value != "l2"])
    return [Artefact("proof.md", text, Kind.page, "Proof", order=88)]
