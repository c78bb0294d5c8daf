"""The validation report page of a deployment."""

from __future__ import annotations

from ..artefacts import Artefact, Kind
from ..deployment import Deployment
from ..diagnostics import Severity
from ..rules import RULES
from ..templating import render

PAGE = "validation.md"


def report(deployment: Deployment, heading: str = "", to_site: str = "../../") -> str:
    """The report as Markdown, under ``heading`` (else "Validation report: <title>"), for a page that
    reaches the site's root by ``to_site`` (the rule catalogue is linked from there)."""
    findings = sorted(deployment.findings)
    errors = [f for f in findings if f.severity is Severity.error]
    warnings = [f for f in findings if f.severity is Severity.warning]
    facts = {f.rule: RULES[f.rule].fact for f in findings if f.rule in RULES}
    return render("site/validation.md.j2", title=deployment.title, heading=heading, path=deployment.loaded.path,
                  errors=errors, warnings=warnings, facts=facts, rule_count=len(RULES), rules=f"{to_site}rules.md")


def produce(deployment: Deployment) -> list[Artefact]:
    return [Artefact(PAGE, report(deployment), Kind.page, "Validation report", order=90)]
