"""Site-wide pages and the navigation, built from the deployments (pure: no MkDocs imports)."""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import PurePosixPath
from typing import Any, Protocol

from .. import pipeline
from ..artefacts import Artefact, Kind, safe_path
from ..deployment import Deployment
from ..diagnostics import Finding, Severity
from ..diagrams.facts import hypervisor_name
from ..escape import html_title, markdown, md_code
from ..loader import LoadedDesign
from ..loader.yaml_source import SourceMap
from ..outputs import validation
from ..rules import RULES
from ..rules.catalogue import Rule
from ..lab.report import design_sha256, read_published
from ..outputs import proof
from ..outputs.proof import LabLink
from ..templating import render

DEPLOYMENTS_DIR = "deployments"
RUNBOOK = "runbook.md"


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
    runbook: bool = False

    @property
    def state(self) -> str:
        """'error', 'warning' or 'ok': the CSS class of the status mark."""
        return "error" if self.errors else "warning" if self.warnings else "ok"

    @property
    def status(self) -> str:
        if self.errors:
            return f"{self.errors} error{'s' if self.errors != 1 else ''}"
        if self.warnings:
            return f"valid, {self.warnings} warning{'s' if self.warnings != 1 else ''}"
        return "valid"


def summarise(deployment: Deployment, artefacts: list[Artefact] | None = None) -> DeploymentSummary:
    errors = sum(1 for f in deployment.findings if f.severity is Severity.error)
    warnings = len(deployment.findings) - errors
    runbook = any(a.path == RUNBOOK for a in artefacts or [])
    if deployment.loaded.design is None:
        return DeploymentSummary(deployment.slug, deployment.title, deployment.loaded.path, 0, 0, 0, "—", "—",
                                 errors, warnings, runbook)
    inventory = deployment.inventory
    zones = [z for _, z in inventory.zones()]
    hypervisors = sorted({c.hypervisor.value for z in zones for p in z.pods for c in p.clusters})
    return DeploymentSummary(
        slug=deployment.slug, title=deployment.title, path=deployment.loaded.path, zones=len(zones),
        pods=sum(len(z.pods) for z in zones), hosts=len(inventory.hosts),
        hypervisors=", ".join(hypervisor_name(h) for h in hypervisors) or "—",
        networking=", ".join(sorted({z.networking.value for z in zones})) or "—",
        errors=errors, warnings=warnings, runbook=runbook,
    )


class Named(Protocol):
    """What the site's navigation and a deployment's downloads need of it: a Deployment or a Built."""

    @property
    def slug(self) -> str: ...

    @property
    def title(self) -> str: ...


@dataclass(frozen=True)
class Built:
    """One deployment as the site and the build folder show it: its findings, its summary and its outputs."""

    slug: str
    title: str
    path: str
    valid: bool
    findings: list[Finding]
    summary: DeploymentSummary
    outputs: list[Artefact]

    @classmethod
    def of(cls, deployment: Deployment, outputs: list[Artefact]) -> Built:
        return cls(deployment.slug, deployment.title, deployment.loaded.path, deployment.valid,
                   list(deployment.findings), summarise(deployment, outputs), outputs)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.error)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


def landing(deployments: Sequence[Deployment | Built], pages: dict[str, list[Artefact]] | None = None) -> str:
    summaries = [d.summary if isinstance(d, Built) else summarise(d, (pages or {}).get(d.slug)) for d in deployments]
    return render("site/landing.md.j2", summaries=summaries, base=DEPLOYMENTS_DIR, rule_count=len(RULES))


# Rule modules whose name does not read well capitalised.
_RULE_GROUP_NAMES = {"vlans": "VLANs", "references": "Names and references",
                     "settings_derived": "Settings cross-checked with the design",
                     "capacity_derived": "Capacities the design implies", "reachability": "Reachability"}


@dataclass(frozen=True)
class RuleGroup:
    name: str
    about: str
    rules: list[Rule]


def _rule_module(rule: Rule) -> str:
    return str(getattr(rule.check, "__module__", "")).rpartition(".")[2]


def _group_name(stem: str) -> str:
    return _RULE_GROUP_NAMES.get(stem, stem.replace("_", " ").capitalize())


def rule_groups() -> list[RuleGroup]:
    """The catalogue grouped by the module that holds each rule: earlier phases first, then by name."""
    modules: dict[str, list[Rule]] = {}
    for rule in RULES.values():
        modules.setdefault(_rule_module(rule), []).append(rule)
    order = sorted(modules, key=lambda stem: (min(int(r.phase) for r in modules[stem]), _group_name(stem)))
    groups = []
    for stem in order:
        doc = getattr(sys.modules.get(f"generator.rules.{stem}"), "__doc__", None) or ""
        about = doc.strip().split("\n\n")[0].replace("\n", " ")
        groups.append(RuleGroup(_group_name(stem), about, sorted(modules[stem], key=lambda r: r.id)))
    return groups


def rules_page() -> str:
    return render("site/rules.md.j2", groups=rule_groups(), count=len(RULES))


@dataclass(frozen=True)
class Download:
    path: str
    what: str
    size: str


# How the files of a deployment are grouped on its downloads page: by top folder.
_FOLDERS = {"design": "Design file", "": "Plans and scripts", "configs": "Switch configurations", "hosts": "Host network configurations",
            "diagrams": "Diagrams"}
_KNOWN_FILES = {"deploy-zone.cmk.sh": "CloudMonkey (cmk) script that creates the zones in CloudStack",
                "marvin.json": "Marvin configuration of the zones, for CloudStack's test and deploy tools"}


def human_size(size: int) -> str:
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1_000_000:.1f} MB"


def describe(artefact: Artefact, page_titles: dict[str, str]) -> str:
    """What a file is, in a few words: its own title, or one derived from where it sits."""
    if artefact.title:
        return artefact.title
    path = PurePosixPath(artefact.path)
    stem = path.name.split(".")[0]
    folder = path.parts[0] if len(path.parts) > 1 else ""
    if folder == "configs":
        return f"Configuration of switch {stem}"
    if folder == "hosts":
        return f"Network configuration of host {stem}"
    if folder == "diagrams":
        return f"Diagram: {stem.replace('-', ' ')}"
    if path.name in _KNOWN_FILES:
        return _KNOWN_FILES[path.name]
    if f"{stem}.md" in page_titles:
        return f"{page_titles[f'{stem}.md']} as a spreadsheet ({path.suffix.lstrip('.').upper()})"
    return ""


def archive_name(deployment: Named) -> str:
    return f"{deployment.slug}-files.zip"


def archive(deployment: Named, files: list[Artefact]) -> Artefact:
    """Every file of the deployment in one zip, byte-identical for the same files (fixed dates, sorted)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for artefact in sorted(files, key=lambda a: a.path):
            info = zipfile.ZipInfo(safe_path(f"{deployment.slug}/{artefact.path}"), date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = (0o755 if artefact.path.endswith(".sh") else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zipped.writestr(info, artefact.data())
    return Artefact(archive_name(deployment), buffer.getvalue(), Kind.file,
                    "Every file of this deployment in one zip archive: the design file, the runbooks (Markdown), "
                    "configurations, CSV tables, diagrams and scripts")


def downloads(deployment: Named, artefacts: list[Artefact], bundle: Artefact | None = None) -> Artefact:
    files = sorted((a for a in artefacts if a.kind is Kind.file), key=_download_order)
    titles = {a.path: a.title for a in artefacts if a.kind is Kind.page}
    groups = [(_FOLDERS.get(folder, folder), [Download(a.path, describe(a, titles), human_size(len(a.data())))
                                              for a in items])
              for folder, items in groupby(files, key=_folder)]
    whole = Download(bundle.path, bundle.title, human_size(len(bundle.data()))) if bundle else None
    text = render("site/downloads.md.j2", title=deployment.title, groups=groups, bundle=whole)
    return Artefact("downloads.md", text, Kind.page, "Downloads", order=95)


def _folder(artefact: Artefact) -> str:
    parts = PurePosixPath(artefact.path).parts
    return parts[0] if len(parts) > 1 else ""


def _download_order(artefact: Artefact) -> tuple[int, str, str]:
    folder = _folder(artefact)
    known = list(_FOLDERS)
    return (known.index(folder) if folder in known else len(known), folder, artefact.path)


def deployment_pages(deployment: Deployment) -> list[Artefact]:
    """All artefacts of a deployment for the site, with the zip of its files and the downloads page added."""
    return site_pages(deployment, pipeline.artefacts(deployment))


def site_pages(deployment: Named, artefacts: list[Artefact]) -> list[Artefact]:
    """The outputs of a deployment (``pipeline.artefacts``) with the zip of its files and the downloads page."""
    for artefact in artefacts:
        safe_path(f"{deployment.slug}/{artefact.path}")  # each becomes a page or file under the site's folder
    files = [a for a in artefacts if a.kind is Kind.file]
    if files:
        runbooks = [a for a in artefacts if a.kind is Kind.page and a.path.startswith(RUNBOOK.removesuffix(".md"))]
        bundle = archive(deployment, files + runbooks)
        artefacts = [*artefacts, bundle, downloads(deployment, artefacts, bundle)]
    return artefacts


LAB = "lab.md"


def with_lab(deployment: Deployment, artefacts: list[Artefact], report: str, design: bytes) -> list[Artefact]:
    """A deployment's pages with its published ``stackplan lab`` report: the report as ``lab.md`` beside the
    Proof page, and the Proof page linking it (saying so when the report proved another version of the design
    file, or failed)."""
    published = read_published(report)
    link = LabLink(published.passed, published.design_sha256 == design_sha256(design))
    proof_page = {a.path: a for a in proof.produce(deployment, link, rendered=artefacts)}
    out = [proof_page.get(a.path, a) if a.kind is Kind.page else a for a in artefacts]
    return [*out, Artefact(LAB, report, Kind.page, "Lab proof", order=89)]


def crash_pages(deployment: Deployment, exc: Exception) -> list[Artefact]:
    """The page a deployment gets when stackplan itself fails on it: what failed, and that it is a bug."""
    detail = markdown(f"{type(exc).__name__}: {exc}")
    text = (f"# {markdown(deployment.title)}\n\n"
            "!!! failure \"stackplan failed on this design\"\n\n"
            f"    This is a bug in stackplan, not a finding about {markdown(str(deployment.loaded.path))}: no page of this "
            "deployment could be generated. Every other deployment of the site was built. Please report it with "
            "the design; `STACKPLAN_DEBUG=1 stackplan validate` on the file shows the traceback.\n\n"
            f"<p><code>{detail}</code></p>\n")
    return [Artefact("index.md", text, Kind.page, "Overview", order=0),
            Artefact("validation.md", text, Kind.page, "Validation report", order=90)]


@dataclass(frozen=True)
class PageRef:
    """Where a page of a deployment sits in the site, and its navigation title and order."""

    path: str
    title: str
    order: int
    in_nav: bool = True  # a device page or a part of a split page is held out of the navigation too


def page_refs(artefacts: list[Artefact]) -> list[PageRef]:
    return [PageRef(a.path, a.title, a.order, a.in_nav) for a in artefacts if a.kind is Kind.page]


def _findings_only(built: Built) -> Deployment:
    """A deployment holding nothing but ``built``'s findings, for the validation report of a held page."""
    shell = Deployment(LoadedDesign(built.path, built.slug, SourceMap(built.path), None))
    shell.findings.extend(built.findings)
    return shell


def held_pages(deployment: Built, artefacts: list[Artefact], before: list[PageRef]) -> list[Artefact]:
    """The pages of a deployment whose design now has errors: what it produced (the overview and the
    validation report), and in place of every other page it had ``before`` (the last build that had it)
    a page of that path and title showing the validation report, so nothing that was open turns into
    "404 - Not found" while the design is being fixed."""
    if deployment.valid:
        return artefacts
    have = {a.path for a in artefacts}
    held = []
    for ref in sorted(before, key=lambda r: r.path):
        if ref.path in have or not ref.path.endswith(".md"):
            continue
        depth = ref.path.count("/")
        note = (f"!!! failure \"{markdown(ref.title)} is not generated while the design has errors\"\n\n"
                f"    This page comes back as soon as {md_code(deployment.path)} is valid again. "
                "What is wrong, and how to fix it:\n\n")
        body = validation.report(_findings_only(deployment), heading=ref.title, to_site="../" * (depth + 2))
        head, _, rest = body.partition("\n\n")
        held.append(Artefact(ref.path, f"{head}\n\n{note}{rest}", Kind.page, ref.title, ref.order, in_nav=ref.in_nav))
    return [*artefacts, *held]


CHANGES = "changes.md"


def changes_page(since: str, text: str) -> str:
    """The "Changes" page of a site built for a change: the design diff since ``since``."""
    head = f"# Changes since {md_code(since)}\n\n"
    if not text:
        return head + "Nothing changed in meaning: every deployment is as it was.\n"
    body = text.split("\n", 2)[2] if text.startswith("# Design changes\n") else text  # the page has its own title
    return head + body


def nav(deployments: Sequence[Named], pages: dict[str, list[Artefact]], guide: list[Any],
        changes: bool = False) -> list[Any]:
    """The site navigation: Home, the changes (when built for a change), one section per deployment,
    the guide, the rule catalogue."""
    sections: list[Any] = []
    for deployment in deployments:
        items = sorted((a for a in pages[deployment.slug] if a.kind is Kind.page and a.in_nav),
                       key=lambda a: (a.order, a.path))
        # MkDocs themes print nav titles as raw HTML, and in <title> after striptags: escape.html_title.
        sections.append({html_title(deployment.title): [
            {html_title(a.title): f"{DEPLOYMENTS_DIR}/{deployment.slug}/{a.path}"} for a in items]})
    tree: list[Any] = [{"Home": "index.md"}, *([{"Changes": CHANGES}] if changes else []), {"Deployments": sections}]
    if guide:
        tree.append({"Guide": guide})
    tree.append({"Rules": "rules.md"})
    return tree
