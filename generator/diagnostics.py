"""Findings: what the loader, the validator and the planners report, with where and how to fix it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    error = "error"
    warning = "warning"


@dataclass(frozen=True)
class PlanIssue:
    """A planning failure (e.g. a network too small), reported like a validation finding."""

    rule: str
    obj: object
    attr: str | int | None
    message: str
    fix: str


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in a design file. Ordered by position so reports are stable."""

    file: str
    line: int
    column: int
    severity: Severity
    rule: str
    message: str
    fix: str = ""

    def text(self) -> str:
        fix = f" Fix: {self.fix}" if self.fix else ""
        return f"{self.file}:{self.line}:{self.column}: {self.severity.value} {self.rule}: {self.message}{fix}"

    def github(self) -> str:
        level = "error" if self.severity is Severity.error else "warning"
        body = self.message + (f" Fix: {self.fix}" if self.fix else "")
        body = body.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{level} file={self.file},line={self.line},col={self.column},title={self.rule}::{body}"

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.error for f in findings)


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def sarif(findings: list[Finding], rules: dict[str, str] | None = None) -> dict[str, object]:
    """Findings as a SARIF 2.1.0 log (code-scanning tools: GitHub, GitLab, IDEs). ``rules`` maps a
    rule id to its one-line description."""
    ids = sorted({f.rule for f in findings})
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "stackplan",
                "informationUri": "https://cloudstack.apache.org/",
                "rules": [{"id": r, "shortDescription": {"text": (rules or {}).get(r, r)}} for r in ids],
            }},
            "results": [{
                "ruleId": f.rule,
                "ruleIndex": ids.index(f.rule),
                "level": "error" if f.severity is Severity.error else "warning",
                "message": {"text": f"{f.message}. Fix: {f.fix}" if f.fix else f.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": f.file},
                    "region": {"startLine": f.line, "startColumn": f.column},
                }}],
            } for f in findings],
        }],
    }


def render(findings: list[Finding], fmt: str) -> str:
    ordered = sorted(findings)
    if fmt == "json":
        return json.dumps([f.as_dict() for f in ordered], indent=2) + "\n"
    if fmt == "github":
        return "".join(f.github() + "\n" for f in ordered)
    if fmt == "sarif":
        return json.dumps(sarif(ordered), indent=2, sort_keys=True) + "\n"
    return "".join(f.text() + "\n" for f in ordered)
