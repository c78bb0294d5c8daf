"""The pipeline, top to bottom: load → validate → plan → views → render → artefacts.

Each stage is a pure function of the previous one's result; only the loader reads files and
only the CLI and the MkDocs hook write them. This module composes the stages; none of them
imports it (a ``Deployment`` is carried by ``deployment.py``, below every stage).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .artefacts import Artefact
from .deployment import Deployment
from .diagnostics import Finding, PlanIssue, Severity
from .export import export_issues
from .loader import LoadedDesign, discover, load_design
from .loader.load import load_text
from .loader.revision import designs_at
from .outputs import produce
from .rules import validate
from .verify import findings_of, proved

# Planning stages whose failures are design errors; each returns its plan's issues.
PLAN_STAGES: list[Callable[[Deployment], list[PlanIssue]]] = [
    lambda d: d.address_plan.issues,
    lambda d: d.port_plan.issues,
    export_issues,  # the zone script must pass CloudStack's API checks
]


def plan_issues(deployment: Deployment) -> list[PlanIssue]:
    """Problems the planners found (exhausted networks, switches out of ports)."""
    return [issue for stage in PLAN_STAGES for issue in stage(deployment)]


def artefacts(deployment: Deployment) -> list[Artefact]:
    """Every output of a valid deployment: pages for the site and files to download."""
    return produce(deployment)


def proof_findings(deployment: Deployment) -> list[Finding]:
    """The verification stage's failures, as findings at the design elements responsible: a warning
    where the rule or the case is one (a single point of failure the design accepts). The artefact scan
    adds its own when the outputs are rendered (``artefacts``)."""
    return findings_of(deployment, proved(deployment).issues)


def run(path: Path, display: str | None = None) -> Deployment:
    return _carry(load_design(path, display))


def run_text(text: str, path: str) -> Deployment:
    """A design given as text (e.g. read from a git revision); ``path`` is what findings name."""
    return _carry(load_text(text, path))


def run_revision(rev: str, folder: str = "designs", cwd: Path = Path()) -> list[Deployment]:
    """The designs in ``folder`` as they were at git revision ``rev`` (read with git show)."""
    return [run_text(text, name) for name, text in designs_at(rev, folder, cwd)]


def _carry(loaded: LoadedDesign) -> Deployment:
    deployment = Deployment(loaded, validate(loaded))
    plan_findings(deployment)
    return deployment


def plan_findings(deployment: Deployment) -> None:
    """Add the planners' issues of a valid deployment to its findings (as design errors)."""
    loaded = deployment.loaded
    if deployment.valid:
        for issue in plan_issues(deployment):
            mark = loaded.where(issue.obj, issue.attr)
            deployment.findings.append(Finding(loaded.path, mark.line, mark.column, Severity.error,
                                               issue.rule, issue.message, issue.fix))
        if deployment.valid:
            deployment.findings.extend(proof_findings(deployment))
        deployment.findings.sort()


def run_all(paths: list[Path], root: Path | None = None) -> list[Deployment]:
    deployments = []
    for path in discover(paths):
        display = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
        deployments.append(run(path, display))
    return deployments
