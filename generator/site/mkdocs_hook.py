"""MkDocs hook: adds every deployment's pages and files to the site, in memory.

Nothing is written into ``docs/`` (that would make ``mkdocs serve`` rebuild forever); the
designs and templates are watched through ``watch:`` in mkdocs.yml, so editing a design
reloads the page.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

from generator.artefacts import Artefact, OutputError
from generator.diagnostics import Finding, Severity
from generator.loader import LoadedDesign, discover
from generator.loader.load import slug_of
from generator.loader.yaml_source import SourceMap
from generator.deployment import Deployment
from generator.loader.revision import RevisionError
from generator.pipeline import run, run_all, run_revision
from generator.review import changes
from generator.site import reference
from generator.site.pages import (
    CHANGES,
    DEPLOYMENTS_DIR,
    PageRef,
    changes_page,
    crash_pages,
    deployment_pages,
    held_pages,
    landing,
    nav,
    page_refs,
    rules_page,
)

log = logging.getLogger("mkdocs.plugins.stackplan")

_state: dict[str, Any] = {}
# Each design's pages in the last build that had them (``mkdocs serve`` rebuilds in this process):
# while the design has errors, those pages show its validation report instead of disappearing.
_page_sets: dict[str, list[PageRef]] = {}
PAPERS = {"a4": None, "letter": "assets/print-letter.css"}


def _guide(docs_dir: Path) -> list[Any]:
    entries = []
    for path in sorted((docs_dir / "guide").glob("*.md")):
        first = path.read_text(encoding="utf-8").lstrip().splitlines()[:1]
        title = first[0].lstrip("# ").strip() if first and first[0].startswith("#") else path.stem
        entries.append({title: f"guide/{path.name}"})
    return [*entries, {reference.TITLE: reference.PAGE}]


def _one(path: Path, root: Path) -> tuple[Deployment, list[Artefact]]:
    """One deployment and its pages; a bug in stackplan shows on this deployment's pages only."""
    display = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    try:
        deployment = run(path, display)
        return deployment, deployment_pages(deployment)
    except OutputError as exc:
        raise PluginError(f"stackplan: {exc}") from None
    except Exception as exc:  # a bug: every other deployment still builds
        log.warning("stackplan: internal error on %s (%s: %s); its pages show the error. This is a bug in "
                    "stackplan; please report it with the design", display, type(exc).__name__, exc)
        crashed = Deployment(LoadedDesign(display, slug_of(path), SourceMap(display), None))
        crashed.findings.append(Finding(display, 1, 1, Severity.error, "INTERNAL-ERROR",
                                        f"stackplan failed on this design ({type(exc).__name__})",
                                        "report it with the design: this is a bug in stackplan"))
        return crashed, crash_pages(crashed, exc)


def _report(deployment: Deployment) -> None:
    """The findings in the terminal, one file:line line each: errors as warnings, warnings as info."""
    errors = sum(1 for f in deployment.findings if f.severity is Severity.error)
    if not errors:
        for finding in deployment.findings:
            log.info("stackplan: %s", finding.text())
        return
    log.warning("stackplan: %s has %d error(s); its pages show the validation report until it is fixed:",
                deployment.loaded.path, errors)
    for finding in deployment.findings:
        (log.warning if finding.severity is Severity.error else log.info)("stackplan: %s", finding.text())


def _paper(config: MkDocsConfig) -> None:
    """extra.stackplan_paper: a4 (the default: stackplan.css) or letter (adds print-letter.css after it)."""
    paper = str(config.extra.get("stackplan_paper", "a4") or "a4").lower()
    if paper not in PAPERS:
        raise PluginError(f"stackplan: extra.stackplan_paper is {paper!r} in {config.config_file_path}; "
                          f"write one of: {', '.join(PAPERS)}")
    extra = PAPERS[paper]
    if extra and extra not in config.extra_css:
        config.extra_css.append(extra)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _paper(config)
    root = Path(config.config_file_path).resolve().parent
    designs = root / str(config.extra.get("stackplan_designs", "designs"))
    built = [_one(path, root) for path in discover([designs])] if designs.is_dir() else []
    deployments = [d for d, _ in built]
    pages: dict[str, list[Artefact]] = {}
    for deployment, artefacts in built:
        pages[deployment.slug] = held_pages(deployment, artefacts, _page_sets.get(deployment.slug, []))
        if deployment.valid:
            _page_sets[deployment.slug] = page_refs(artefacts)
        _report(deployment)
    since = os.environ.get("STACKPLAN_SINCE", "") or str(config.extra.get("stackplan_since", "") or "")
    change_page = ""
    if since:
        try:
            before = run_revision(since, str(designs.relative_to(root)), root)
        except RevisionError as exc:
            raise PluginError(f"stackplan: STACKPLAN_SINCE={since}: {exc}") from None
        change_page = changes_page(since, changes(before, deployments))
    _state.update(deployments=deployments, pages=pages, changes=change_page)
    config.nav = nav(deployments, pages, _guide(Path(config.docs_dir)), changes=bool(change_page))
    return config


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """The page footer's previous/next stay inside one section: a deployment's last page does not
    lead into the next deployment, so "Next" in a runbook always means the next step of this cloud."""
    for page in nav.pages:
        if page.previous_page is not None and page.previous_page.parent is not page.parent:
            page.previous_page = None
        if page.next_page is not None and page.next_page.parent is not page.parent:
            page.next_page = None
    return nav


def on_files(files: Files, config: MkDocsConfig) -> Files:
    deployments: list[Deployment] = _state["deployments"]
    pages: dict[str, list[Artefact]] = _state["pages"]
    files.append(File.generated(config, "index.md", content=landing(deployments, pages)))
    files.append(File.generated(config, "rules.md", content=rules_page()))
    files.append(File.generated(config, reference.PAGE, content=reference.field_reference()))
    if _state.get("changes"):
        files.append(File.generated(config, CHANGES, content=_state["changes"]))
    for deployment in deployments:
        for artefact in pages[deployment.slug]:
            uri = f"{DEPLOYMENTS_DIR}/{deployment.slug}/{artefact.path}"
            files.append(File.generated(config, uri, content=artefact.content))
    return files
