"""The validation report page of a deployment."""

from __future__ import annotations

from ..artefacts import Artefact, Kind
from ..deployment import Deployment
from ..diagnostics import Severity
from ..rules import RULES
from ..templating import render


def produce(deployment: Deployment) -> list[Artefact]:
    findings = sorted(deployment.findings)
    errors = [f for f in findings if f.severity is Severity.error]
    warnings = [f for f in findings if f.severity is Severity.warning]
    facts = {f.rule: RULES[f.rule].fact for f in findings if f.rule in RULES}
    text = render("site/validation.md.j2", title=deployment.title, path=deployment.loaded.path,
                  errors=errors, warnings=warnings, facts=facts, rule_count=len(RULES))
    return [Artefact("validation.md", text, Kind.page, "Validation report", order=90)]
