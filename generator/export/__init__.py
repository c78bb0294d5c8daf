"""Machine-readable zone deployment: a CloudMonkey script and a Marvin config, both checked
against CloudStack's API catalogue before they are handed out."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address
from typing import Any

from ..deployment import Deployment
from ..diagnostics import PlanIssue
from ..model import Design
from ..plan.types import AddressPlan
from .api_check import CallProblem, check_calls
from .calls import ApiCall
from .cmk import render_script, zone_calls
from .marvin import MarvinNote, marvin_config, render_marvin
from .spec import DeploySpec, Problem
from .zones import build_spec

SCRIPT_PATH = "deploy-zone.cmk.sh"
MARVIN_PATH = "marvin.json"


@dataclass(frozen=True)
class ZoneExport:
    spec: DeploySpec
    calls: list[ApiCall]
    problems: list[CallProblem]
    api_address: IPv4Address | None
    database_address: IPv4Address | None  # the primary database's, for Marvin's dbSvr

    @property
    def ok(self) -> bool:
        return not self.spec.problems and not self.problems

    def script(self, title: str, source: str) -> str:
        return render_script(self.calls, title=title, source=source, zones=[z.name for z in self.spec.zones],
                             secrets=self.spec.secrets())

    def marvin(self) -> tuple[dict[str, Any], list[MarvinNote]]:
        return marvin_config(self.spec, self.api_address, self.database_address)

    def marvin_text(self) -> str:
        return render_marvin(self.marvin()[0])


def api_address(design: Design, plan: AddressPlan) -> IPv4Address | None:
    """Where the API is reached: the load balancer's VIP, else the first management server."""
    vip = plan.vip(design.management.load_balancer)
    if vip is not None:
        return vip
    ms = design.management.servers[0]
    return plan.address(ms.name, ms.network)


def zone_export(deployment: Deployment) -> ZoneExport:
    """The zone deployment of a valid deployment, computed once (its issues, the runbook and the downloads)."""
    return deployment.once("zone_export", lambda: _zone_export(deployment))


def _zone_export(deployment: Deployment) -> ZoneExport:
    design, plan = deployment.design, deployment.address_plan
    spec = build_spec(design, deployment.inventory, plan)
    calls = zone_calls(spec)
    db = design.management.database.primary
    return ZoneExport(spec, calls, check_calls(calls), api_address(design, plan), plan.address(db.name, db.network))


ISSUE_RULE = "ZONE-SCRIPT"


def export_issues(deployment: Deployment) -> list[PlanIssue]:
    """Why the zones cannot be deployed as designed: the plan stage behind the exports.

    Silent while the address plan has issues of its own (those are reported already).
    """
    if deployment.address_plan.issues:
        return []
    result = zone_export(deployment)
    issues = [PlanIssue(ISSUE_RULE, p.obj, p.attr, p.message, p.fix) for p in result.spec.problems]
    for problem in result.problems:
        obj, attr = problem.call.origin
        issues.append(PlanIssue(ISSUE_RULE, obj, attr, f"the zone script would fail: {problem.message}",
                                "correct the design so the call is valid (see zone-deploy-sequence rules)"))
    return issues


__all__ = ["MARVIN_PATH", "SCRIPT_PATH", "ApiCall", "CallProblem", "MarvinNote", "Problem", "ZoneExport",
           "export_issues", "zone_export"]
