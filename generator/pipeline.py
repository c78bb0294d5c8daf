"""The pipeline, top to bottom: load → validate → plan → views → render → artefacts.

Each stage is a pure function of the previous one's result; only the loader reads files and
only the CLI and the MkDocs hook write them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .artefacts import Artefact
from .diagnostics import Finding, Severity, has_errors
from .export import export_issues
from .inventory import Inventory, expand
from .loader import LoadedDesign, discover, load_design
from .model import Design
from .plan.types import AddressPlan, PlanIssue
from .ports.types import PortPlan
from .rules import validate


@dataclass
class Deployment:
    """One design carried through the pipeline. Plans are computed once, on first use."""

    loaded: LoadedDesign
    findings: list[Finding] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.loaded.slug

    @property
    def valid(self) -> bool:
        return self.loaded.design is not None and not has_errors(self.findings)

    @property
    def design(self) -> Design:
        if self.loaded.design is None:
            raise ValueError(f"{self.loaded.path} did not load")
        return self.loaded.design

    @property
    def title(self) -> str:
        return self.loaded.design.deployment.name if self.loaded.design else self.slug

    @cached_property
    def inventory(self) -> Inventory:
        return expand(self.design)

    @cached_property
    def address_plan(self) -> AddressPlan:
        """Every address and VLAN of the deployment: gateways, devices, hosts, CloudStack ranges."""
        from .plan import plan_addresses

        return plan_addresses(self.design, self.inventory, self.port_plan)

    @cached_property
    def port_plan(self) -> PortPlan:
        """Cabling of every host NIC and switch interconnect, with the VLANs on each port."""
        from .ports import plan_ports

        return plan_ports(self.design, self.inventory)

    def artefacts(self) -> list[Artefact]:
        from .outputs import produce

        return produce(self)

    def plan_issues(self) -> list[PlanIssue]:
        """Problems the planners found (exhausted networks, switches out of ports)."""
        return [issue for stage in PLAN_STAGES for issue in stage(self)]


# Planning stages whose failures are design errors; each returns its plan's issues.
PLAN_STAGES: list[Callable[[Deployment], list[PlanIssue]]] = [
    lambda d: d.address_plan.issues,
    lambda d: d.port_plan.issues,
    export_issues,  # the zone script must pass CloudStack's API checks
]


def run(path: Path, display: str | None = None) -> Deployment:
    loaded = load_design(path, display)
    deployment = Deployment(loaded, validate(loaded))
    if deployment.valid:
        for issue in deployment.plan_issues():
            mark = loaded.where(issue.obj, issue.attr)
            deployment.findings.append(Finding(loaded.path, mark.line, mark.column, Severity.error,
                                               issue.rule, issue.message, issue.fix))
        deployment.findings.sort()
    return deployment


def run_all(paths: list[Path], root: Path | None = None) -> list[Deployment]:
    deployments = []
    for path in discover(paths):
        display = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
        deployments.append(run(path, display))
    return deployments
