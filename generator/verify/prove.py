"""The verification stage in one function: derive the graph, ask every question, run every check."""

from __future__ import annotations

from dataclasses import replace

from ..artefacts import Artefact
from ..deployment import Deployment
from ..diagnostics import Finding, Severity
from ..host_configs.view import deployment_host_networks
from ..rules import RULES
from ..switch_configs.view import switch_configs
from . import checks
from .failures import failure_domains
from .graph import build_graph
from .reachability import Reach
from .scan import scan
from .types import CheckResult, Proof, VerifyIssue


def proved(deployment: Deployment) -> Proof:
    """``prove(deployment)``, computed once per deployment: the pipeline's findings and the Proof page both
    read it, so a build proves each design once. Code that changes a deployment's plans after it was proved
    (the mutation tests) calls ``prove`` itself."""
    return deployment.once("proof", lambda: prove(deployment))


def prove(deployment: Deployment) -> Proof:
    """Everything the plans and the views built from them prove about a valid deployment. Pure; computed
    again on every call (``proved`` keeps the first answer)."""
    design, inventory = deployment.design, deployment.inventory
    ports, addresses = deployment.port_plan, deployment.address_plan
    graph = build_graph(design, ports, addresses)
    reach = Reach(design, inventory, graph)
    places = checks.Places.of(design, inventory)
    pairs = reach.pairs()
    hosts = deployment_host_networks(deployment)
    configs = switch_configs(design, inventory, ports, addresses)
    cases, spofs, spof_check = failure_domains(reach)
    results = [
        checks.uncabled(graph, reach, places),
        checks.vlan_joined(graph, reach, pairs, places),
        checks.tagging(graph, design, inventory, ports),
        checks.routed(pairs, places),
        spof_check,
        checks.labels(design, inventory, hosts),
        checks.mtu(design, inventory, hosts, ports),
        checks.duplicate_addresses(graph, places),
        checks.lacp_identities(design, configs),
    ]
    return Proof(pairs, cases, spofs, [_graded(r) for r in results], design.deployment.redundant)


def proved_artefacts(deployment: Deployment, rendered: list[Artefact]) -> list[CheckResult]:
    """The artefact scan of a valid deployment's rendered outputs (``scan.py``), run once per deployment: its
    failures join the deployment's findings (at the design element responsible, naming the artefact and
    line), so the reports rendered after it — the Proof page, the validation report — show them."""

    def compute() -> list[CheckResult]:
        results = [_graded(r) for r in scan(deployment, rendered)]
        deployment.findings.extend(findings_of(deployment, [i for r in results for i in r.failures]))
        deployment.findings.sort()
        return results

    return deployment.once("artefact-scan", compute)


def findings_of(deployment: Deployment, issues: list[VerifyIssue]) -> list[Finding]:
    """Verification failures as findings at the design elements responsible: a warning where the rule or the
    case is one (a single point of failure the design accepts)."""
    loaded = deployment.loaded
    out = []
    for issue in issues:
        mark = loaded.where(issue.obj, issue.attr)
        out.append(Finding(loaded.path, mark.line, mark.column, issue.severity, issue.rule, issue.message,
                           issue.fix))
    return out


def _graded(result: CheckResult) -> CheckResult:
    """A rule the catalogue rates a warning reports warnings (cabling gaps, while examples still have them)."""
    rule = RULES.get(result.rule)
    if rule is None or rule.severity is Severity.error:
        return result
    failures = tuple(VerifyIssue(f.rule, f.obj, f.attr, f.message, f.fix, Severity.warning) for f in result.failures)
    return replace(result, failures=failures)
