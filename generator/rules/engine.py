"""Run the rule catalogue over a loaded design, phase by phase."""

from __future__ import annotations

from ..diagnostics import Finding, has_errors
from ..inventory import expand
from ..loader import LoadedDesign
from .catalogue import Phase, rules_in
from .context import Context


def validate(loaded: LoadedDesign) -> list[Finding]:
    """All findings for a design: the loader's, then each rule phase until one has errors."""
    findings = list(loaded.findings)
    if loaded.design is None:
        return sorted(findings)
    ctx = Context(loaded, loaded.design, expand(loaded.design))
    for phase in (Phase.references, Phase.design):  # Phase.proof: the verification stage
        phase_findings: list[Finding] = []
        for rule in rules_in(phase):
            for issue in rule.check(ctx):
                mark = loaded.where(issue.obj, issue.attr)
                phase_findings.append(Finding(loaded.path, mark.line, mark.column, issue.severity or rule.severity,
                                              rule.id, issue.message, issue.fix))
        findings.extend(phase_findings)
        if has_errors(phase_findings):
            break
    return sorted(set(findings))
