"""Site-wide pages and the navigation, built from the deployments (pure: no MkDocs imports)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from ..artefacts import Artefact, Kind
from ..diagnostics import Severity
from ..pipeline import Deployment
from ..rules import RULES
from ..templating import render

DEPLOYMENTS_DIR = "deployments"


@dataclass(frozen=True)
class DeploymentSummary:
    slug: str
    title: str
    path: str
    zones: int
    pods: int
    hosts: int
    hypervisors: str
    networking: str
    errors: int
    warnings: int

    @property
    def status(self) -> str:
        if self.errors:
            return f"{self.errors} error{'s' if self.errors != 1 else ''}"
        if self.warnings:
            return f"valid, {self.warnings} warning{'s' if self.warnings != 1 else ''}"
        return "valid"


def summarise(deployment: Deployment) -> DeploymentSummary:
    errors = sum(1 for f in deployment.findings if f.severity is Severity.error)
    warnings = len(deployment.findings) - errors
    if deployment.loaded.design is None:
        return DeploymentSummary(deployment.slug, deployment.title, deployment.loaded.path, 0, 0, 0, "—", "—",
                                 errors, warnings)
    inventory = deployment.inventory
    zones = [z for _, z in inventory.zones()]
    return DeploymentSummary(
        slug=deployment.slug, title=deployment.title, path=deployment.loaded.path, zones=len(zones),
        pods=sum(len(z.pods) for z in zones), hosts=len(inventory.hosts),
        hypervisors=", ".join(sorted({c.hypervisor.value for z in zones for p in z.pods for c in p.clusters})),
        networking=", ".join(sorted({z.networking.value for z in zones})), errors=errors, warnings=warnings,
    )


def landing(deployments: list[Deployment]) -> str:
    return render("site/landing.md.j2", summaries=[summarise(d) for d in deployments],
                  base=DEPLOYMENTS_DIR, rule_count=len(RULES))


def rules_page() -> str:
    rules = sorted(RULES.values(), key=lambda r: r.id)
    return render("site/rules.md.j2", rules=rules)


def downloads(deployment: Deployment, artefacts: list[Artefact]) -> Artefact:
    files = [a for a in artefacts if a.kind is Kind.file]
    text = render("site/downloads.md.j2", title=deployment.title, files=files)
    return Artefact("downloads.md", text, Kind.page, "Downloads", order=95)


def deployment_pages(deployment: Deployment) -> list[Artefact]:
    """All artefacts of a deployment for the site, with the downloads page added."""
    artefacts = deployment.artefacts()
    if any(a.kind is Kind.file for a in artefacts):
        artefacts = [*artefacts, downloads(deployment, artefacts)]
    return artefacts


def nav(deployments: list[Deployment], pages: dict[str, list[Artefact]], guide: list[Any]) -> list[Any]:
    """The site navigation: Home, one section per deployment, the guide, the rule catalogue."""
    sections: list[Any] = []
    for deployment in deployments:
        items = sorted((a for a in pages[deployment.slug] if a.kind is Kind.page), key=lambda a: (a.order, a.path))
        # MkDocs themes print nav titles as raw HTML: escape the design's words here.
        sections.append({escape(deployment.title): [{escape(a.title): f"{DEPLOYMENTS_DIR}/{deployment.slug}/{a.path}"}
                                            for a in items]})
    tree: list[Any] = [{"Home": "index.md"}, {"Deployments": sections}]
    if guide:
        tree.append({"Guide": guide})
    tree.append({"Rules": "rules.md"})
    return tree
