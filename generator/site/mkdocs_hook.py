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

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from generator.artefacts import Artefact, OutputError
from generator.diagnostics import Severity
from generator.loader import discover
from generator.loader.revision import RevisionError
from generator.pipeline import run, run_revision
from generator.review import changes
from generator.site import mkdocs_speed, mkdocs_workers, reference
from generator.site.cache import (
    BuildCache,
    build_each,
    fewer_collections,
    new_build,
    recall,
    remember,
    site_build,
)
from generator.site.progress import progress
from generator.site.pages import (
    CHANGES,
    DEPLOYMENTS_DIR,
    Built,
    PageRef,
    changes_page,
    crash_pages,
    deployment_pages,
    held_pages,
    landing,
    nav,
    page_refs,
    rules_page,
    with_lab,
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


def _built(paths: list[Path], root: Path) -> list[tuple[Built, list[Artefact]]]:
    """Every design's deployment and pages: remembered from this process's last build (``mkdocs serve``),
    read from the cache when its design, path and stackplan's code are unchanged (``stackplan build`` fills
    the same cache), else built, on every core, and stored."""
    store = BuildCache.at(root)
    new_build()
    found: dict[int, tuple[Built, list[Artefact]]] = {}
    keys: list[str | None] = []
    todo: list[tuple[int, Path, str]] = []
    for i, path in enumerate(paths):
        display = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
        key = store.key(path, display)
        keys.append(key)
        known = recall(key)
        if known is None and (built := store.get(key)) is not None:
            known = (built, store.site_pages(key, built))
        if known is not None:
            found[i] = known
        else:
            todo.append((i, path, display))
    try:
        with fewer_collections(), progress(f"stackplan: building {len(todo)} deployment(s)", len(todo)) as advance:
            made = build_each([(path, display) for _, path, display in todo], site_build, done=lambda _: advance())
    except OutputError as exc:
        raise PluginError(f"stackplan: {exc}") from None
    for (i, _, _), (built, pages, warning) in zip(todo, made, strict=True):
        if warning:
            log.warning("%s", warning)
        else:
            store.put(keys[i], built)
            store.put_site(keys[i], built, pages)
        found[i] = (built, pages)
    for i, key in enumerate(keys):
        remember(key, *found[i])
    return [found[i] for i in range(len(paths))]


def _add_lab(built: Built, pages: dict[str, list[Artefact]], lab_dir: Path, root: Path) -> None:
    """A published lab report, ``lab/<slug>.md`` (``stackplan lab DESIGN --report lab/<slug>.md``), joins the
    deployment's pages and its Proof page links it (the Proof page is rendered again from the design)."""
    report = lab_dir / f"{built.slug}.md"
    if not built.valid or not report.is_file() or not any(a.path == "proof.md" for a in pages[built.slug]):
        return
    try:
        text = report.read_text(encoding="utf-8")
        design = (root / built.path).read_bytes()
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("stackplan: cannot read the lab report %s (%s); the Proof page does not link it", report, exc)
        return
    pages[built.slug] = with_lab(run(root / built.path, built.path), pages[built.slug], text, design)


def _report(deployment: Built) -> None:
    """The findings in the terminal, one file:line line each: errors as warnings, warnings as info."""
    errors = sum(1 for f in deployment.findings if f.severity is Severity.error)
    if not errors:
        for finding in deployment.findings:
            log.info("stackplan: %s", finding.text())
        return
    log.warning("stackplan: %s has %d error(s); its pages show the validation report until it is fixed:",
                deployment.path, errors)
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
    mkdocs_speed.install(BuildCache.at(root).pages())
    mkdocs_workers.install()
    mkdocs_speed.search_context_when_needed(config)
    designs = root / str(config.extra.get("stackplan_designs", "designs"))
    paths = discover([designs]) if designs.is_dir() else []
    built = _built(paths, root)
    deployments = [d for d, _ in built]
    pages: dict[str, list[Artefact]] = {}
    for deployment, artefacts in built:
        pages[deployment.slug] = held_pages(deployment, artefacts, _page_sets.get(deployment.slug, []))
        if deployment.valid:
            _page_sets[deployment.slug] = page_refs(artefacts)
        _report(deployment)
    lab_dir = root / str(config.extra.get("stackplan_lab", "lab"))
    for deployment in deployments:
        _add_lab(deployment, pages, lab_dir, root)
    since = os.environ.get("STACKPLAN_SINCE", "") or str(config.extra.get("stackplan_since", "") or "")
    change_page = ""
    if since:
        try:
            before = run_revision(since, str(designs.relative_to(root)), root)
        except RevisionError as exc:
            raise PluginError(f"stackplan: STACKPLAN_SINCE={since}: {exc}") from None
        now = [run(path, str(path.relative_to(root)) if path.is_relative_to(root) else str(path)) for path in paths]
        change_page = changes_page(since, changes(before, now))
    _state.update(deployments=deployments, pages=pages, changes=change_page)
    config.nav = nav(deployments, pages, _guide(Path(config.docs_dir)), changes=bool(change_page))
    return config


@event_priority(-100)  # after every other plugin's nav event: the pages are then as MkDocs converts them
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """The page footer's previous/next stay inside one section: a deployment's last page does not
    lead into the next deployment, so "Next" in a runbook always means the next step of this cloud.
    Then the pages the page cache lacks are converted on every core (mkdocs_workers)."""
    for page in nav.pages:
        if page.previous_page is not None and page.previous_page.parent is not page.parent:
            page.previous_page = None
        if page.next_page is not None and page.next_page.parent is not page.parent:
            page.next_page = None
    _state["nav"] = nav
    mkdocs_workers.convert(config, files)
    return nav


@event_priority(-100)  # after every other plugin's env event: the theme is then as MkDocs renders it
def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Every page is converted: those whose themed HTML the page cache lacks are themed on every core."""
    mkdocs_speed.compiled_templates(env)
    mkdocs_workers.theme(config, files, _state["nav"], env)
    return env


def on_files(files: Files, config: MkDocsConfig) -> Files:
    deployments: list[Built] = _state["deployments"]
    pages: dict[str, list[Artefact]] = _state["pages"]
    files.append(File.generated(config, "index.md", content=landing(deployments, pages)))
    files.append(File.generated(config, "rules.md", content=rules_page()))
    files.append(File.generated(config, reference.PAGE, content=reference.field_reference()))
    if _state.get("changes"):
        files.append(File.generated(config, CHANGES, content=_state["changes"]))
    for deployment in deployments:
        for artefact in pages[deployment.slug]:
            uri = f"{DEPLOYMENTS_DIR}/{deployment.slug}/{artefact.path}"
            # A device page or a part of a split page is reached from its index, not the navigation: MkDocs is
            # told so, rather than listing every one of them as "not included in the nav" on each build.
            inclusion = InclusionLevel.UNDEFINED if artefact.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, uri, content=artefact.content, inclusion=inclusion))
    return files


@event_priority(-100)  # after every other plugin's post_build (search writes its index there)
def on_post_build(config: MkDocsConfig) -> None:
    """The site folder's files of an earlier build that this one neither wrote nor kept are removed
    (mkdocs_speed.keep_unchanged_files: the folder is emptied at the end instead of the start)."""
    mkdocs_speed.finish_build()


def on_build_error(error: Exception) -> None:
    mkdocs_speed.finish_build()
