"""The Proof page of a deployment: what the verification stage proved from the plans."""

from __future__ import annotations

from ..artefacts import Artefact, Kind
from ..deployment import Deployment
from ..rules import RULES
from ..templating import render
from ..verify import prove


def produce(deployment: Deployment) -> list[Artefact]:
    proof = prove(deployment)
    titles = {c.rule: RULES[c.rule].title if c.rule in RULES else c.title for c in proof.checks}
    text = render("site/proof.md.j2", title=deployment.title, proof=proof, titles=titles,
                  l2=[p for p in proof.pairs if p.kind.value == "l2"],
                  l3=[p for p in proof.pairs if p.kind.value != "l2"])
    return [Artefact("proof.md", text, Kind.page, "Proof", order=88)]
