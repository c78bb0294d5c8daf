"""A content-hash cache of built deployments, shared by ``stackplan build`` and the MkDocs hook.

A deployment's outputs depend only on its design file's bytes, the path findings and pages name
it by, and stackplan's code: the ``generator/`` package, ``templates/``, the versions of the
libraries that write output and of Graphviz. The key hashes all of them, so an entry is never
used across code versions, and a no-op rebuild (or the hook after ``stackplan build``) reads the
outputs instead of running the pipeline again. In ``mkdocs serve`` the site's pages of an
unchanged design are also kept in memory, so an edit re-runs only the design that changed.

Entries live in ``.stackplan-cache/<code version>/<key>.json`` (ignored by git; the folder is set
by ``STACKPLAN_CACHE``, and ``STACKPLAN_CACHE=off`` turns the cache off). Concurrent builds are
safe: an entry is written to a private temporary file and renamed into place in one atomic step,
so a reader sees a whole entry or none, and folders of other code versions are removed only by
the process holding the cache's lock (``flock``, as the build writer does). An entry that cannot
be read is a miss, never an error.
"""

from __future__ import annotations

import base64
import fcntl
import gc
import hashlib
import json
import os
import secrets
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor, as_completed
from functools import cache
from importlib import metadata
from multiprocessing import get_context
from pathlib import Path
from typing import Any, TypeVar

from ..artefacts import Artefact, Kind, OutputError
from ..deployment import Deployment
from ..diagnostics import Finding, Severity, has_errors
from ..loader import LoadedDesign
from ..loader.load import slug_of
from ..loader.yaml_source import SourceMap
from .. import pipeline, templating
from .pages import Built, DeploymentSummary, crash_pages, site_pages

R = TypeVar("R")
INTERNAL_ERROR = "INTERNAL-ERROR"
CACHE_DIR = ".stackplan-cache"
ENV = "STACKPLAN_CACHE"
LOCK = ".lock"
FORMAT = 2  # 2: artefacts carry in_nav
_PACKAGE = Path(__file__).resolve().parent.parent
_TEMPLATES = _PACKAGE.parent / "templates"
_LIBRARIES = ("stackplan", "jinja2", "markupsafe", "pydantic", "pyyaml", "netaddr", "diagrams", "graphviz")


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _graphviz() -> str:
    try:
        done = subprocess.run(["dot", "-V"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return "no dot"
    return (done.stdout + done.stderr).decode("utf-8", "replace").strip()


@cache
def _code_version() -> str:
    """The package's files, the libraries' versions and Graphviz's: fixed for the life of a process (Python
    does not load a module again when its file changes)."""
    digest = hashlib.sha256(f"stackplan cache {FORMAT}".encode())
    for path in _files(_PACKAGE):
        digest.update(str(path.relative_to(_PACKAGE.parent)).encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} missing\0".encode())
    digest.update(_graphviz().encode())
    return digest.hexdigest()


def code_version() -> str:
    """A hash of everything besides the design that the outputs depend on. The templates are read again on
    every call: Jinja2 loads an edited template again, so ``mkdocs serve`` must not reuse pages made with
    the old one."""
    digest = hashlib.sha256(_code_version().encode())
    for path in _files(_TEMPLATES):
        digest.update(str(path.relative_to(_TEMPLATES)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def _artefact(a: Artefact) -> list[Any]:
    return [a.path, a.kind.value, a.title, a.order,
            *((0, a.content) if isinstance(a.content, str) else (1, base64.b64encode(a.content).decode())), a.in_nav]


def _artefact_of(a: list[Any]) -> Artefact:
    return Artefact(a[0], a[5] if a[4] == 0 else base64.b64decode(a[5]), Kind(a[1]), a[2], a[3], in_nav=a[6])


def _encode(built: Built) -> dict[str, Any]:
    return {
        "format": FORMAT, "slug": built.slug, "title": built.title, "path": built.path, "valid": built.valid,
        "findings": [[f.file, f.line, f.column, f.severity.value, f.rule, f.message, f.fix] for f in built.findings],
        "summary": built.summary.__dict__,
        "outputs": [_artefact(a) for a in built.outputs],
    }


def _decode(data: dict[str, Any]) -> Built:
    findings = [Finding(f[0], f[1], f[2], Severity(f[3]), f[4], f[5], f[6]) for f in data["findings"]]
    outputs = [_artefact_of(a) for a in data["outputs"]]
    built = Built(data["slug"], data["title"], data["path"], data["valid"], findings,
                  DeploymentSummary(**data["summary"]), outputs)
    if built.valid == has_errors(findings):
        raise ValueError("inconsistent entry")
    return built


class BuildCache:
    """The cache under ``folder`` (None: off). Keys are computed per design file and display path."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.version = code_version() if folder is not None else ""
        templating.keep_compiled(None if folder is None else folder / self.version / "templates")
        self.hits = 0
        self.misses = 0

    @classmethod
    def at(cls, root: Path) -> BuildCache:
        """The cache of the project at ``root`` (``root/.stackplan-cache``), or where STACKPLAN_CACHE says."""
        setting = os.environ.get(ENV, "")
        if setting.lower() in ("off", "0", "no", "false"):
            return cls(None)
        return cls(Path(setting) if setting else root / CACHE_DIR)

    def key(self, design: Path, display: str) -> str | None:
        if self.folder is None:
            return None
        try:
            text = design.read_bytes()
        except OSError:
            return None  # the loader reports it
        digest = hashlib.sha256(self.version.encode() + b"\0" + display.encode() + b"\0" + text)
        return digest.hexdigest()

    def pages(self) -> Path | None:
        """Where the site's converted pages are kept (generator.site.mkdocs_speed), beside the deployments."""
        return None if self.folder is None else self.folder / self.version / "pages"

    def _entry(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / self.version / f"{key}.json"

    def get(self, key: str | None) -> Built | None:
        if key is None or self.folder is None:
            return None
        try:
            data = json.loads(self._entry(key).read_text("utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError("another format")
            built = _decode(data)
        except (OSError, ValueError, KeyError, IndexError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return built

    def put(self, key: str | None, built: Built) -> None:
        """Store ``built`` under ``key``; a cache that cannot be written is left alone (the build goes on)."""
        if key is not None:
            self._store(key, _encode(built))

    def _store(self, name: str, data: dict[str, Any]) -> None:
        if self.folder is None:
            return
        target = self._entry(name)
        temporary = target.with_name(f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._prune()
            temporary.write_text(json.dumps(data, separators=(",", ":")), "utf-8")
            temporary.replace(target)
        except OSError:
            temporary.unlink(missing_ok=True)

    def site_pages(self, key: str | None, built: Built) -> list[Artefact]:
        """``built``'s site pages (pages.site_pages: its outputs, the zip of its files and the downloads page).
        The zip and the downloads page are read from beside the entry when an earlier build stored them, else
        made and stored: zipping every file again was most of a no-op rebuild of a big design."""
        added = self._site_added(key, built)
        if added is not None:
            return [*built.outputs, *added]
        pages = site_pages(built, built.outputs)
        self.put_site(key, built, pages)
        return pages

    def put_site(self, key: str | None, built: Built, pages: list[Artefact]) -> None:
        """Store what ``pages`` (pages.site_pages of ``built``) adds to its outputs."""
        if key is not None and pages[:len(built.outputs)] == built.outputs:
            self._store(f"{key}.site", {"format": FORMAT, "added": [_artefact(a) for a in pages[len(built.outputs):]]})

    def _site_added(self, key: str | None, built: Built) -> list[Artefact] | None:
        if key is None or self.folder is None:
            return None
        try:
            data = json.loads(self._entry(f"{key}.site").read_text("utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError("another format")
            return [_artefact_of(a) for a in data["added"]]
        except (OSError, ValueError, KeyError, IndexError, TypeError):
            return None

    def _prune(self) -> None:
        """Remove the entries of other code versions, if no other build holds the cache's lock."""
        assert self.folder is not None
        fd = os.open(self.folder / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return  # another build is pruning or writing: it will do it
            for entry in self.folder.iterdir():
                if entry.is_dir() and not entry.is_symlink() and entry.name != self.version:
                    shutil.rmtree(entry, ignore_errors=True)
        finally:
            os.close(fd)


# mkdocs serve builds again in the same process after every edit (and loads the hook module anew): the
# site pages of the last build, by key, so an unchanged design costs nothing and an edited one is rebuilt.
_last: dict[str, tuple[Built, list[Artefact]]] = {}
_this: dict[str, tuple[Built, list[Artefact]]] = {}


def recall(key: str | None) -> tuple[Built, list[Artefact]] | None:
    """The deployment and site pages remembered for ``key`` by this process's previous or current build."""
    if key is None:
        return None
    found = _this.get(key) or _last.get(key)
    if found is not None:
        _this[key] = found
    return found


def remember(key: str | None, built: Built, pages: list[Artefact]) -> None:
    if key is not None:
        _this[key] = (built, pages)


def new_build() -> None:
    """Start a build: what the previous one did not use is forgotten (only the last build is kept in memory)."""
    global _last, _this
    _last, _this = _this, {}


# While designs are built the collector's first generation runs every 100,000 allocations instead of 700: a
# big design allocates millions of objects that all live to the end, and collecting them over and over was a
# seventh of a 2,500-host build (10.6 -> 9.1 s CPU). Only then: MkDocs's page conversions leave cyclic
# garbage, which waited longer and raised the 2,500-host site's peak from 423 to 554 MB.
GC_THRESHOLDS = (100_000, 50, 100)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """GC_THRESHOLDS within the block (and in the build processes forked in it), the thresholds before after."""
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def build_one(path: Path, display: str) -> Built:
    """Run the pipeline on one design: its findings, summary and every output (pipeline.artefacts)."""
    deployment = pipeline.run(path, display)
    return Built.of(deployment, pipeline.artefacts(deployment))


def build_each(jobs: list[tuple[Path, str]], one: Callable[[Path, str], R], workers: int = 0,
               done: Callable[[int], None] | None = None) -> list[R]:
    """``one(path, display)`` for every job, in a pool of ``workers`` processes (0: one per core, at most
    one per job; one by one where threads run, as in ``mkdocs serve``). The results come in the order of
    ``jobs``, whatever order they finish in, so the output is the same as one by one. ``done(i)`` is called
    as job ``i`` finishes."""
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1 or threading.active_count() > 1:  # forking a process with threads (mkdocs serve) may hang
        results = []
        for i, (path, display) in enumerate(jobs):
            results.append(one(path, display))
            if done:
                done(i)
        return results
    found: dict[int, R] = {}
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        futures = {pool.submit(one, path, display): i for i, (path, display) in enumerate(jobs)}
        for future in as_completed(futures):
            found[futures[future]] = future.result()
            if done:
                done(futures[future])
    return [found[i] for i in range(len(jobs))]


def site_build(path: Path, display: str) -> tuple[Built, list[Artefact], str]:
    """One deployment and its site pages, for the MkDocs hook: a bug in stackplan shows on this deployment's
    pages only (with a warning for the log, returned so the process that logs it counts it). OutputError
    (a missing tool) is raised: no deployment can be built then."""
    try:
        built = build_one(path, display)
        return built, site_pages(built, built.outputs), ""
    except OutputError:
        raise
    except Exception as exc:  # a bug: every other deployment still builds
        warning = (f"stackplan: internal error on {display} ({type(exc).__name__}: {exc}); its pages show the "
                   "error. This is a bug in stackplan; please report it with the design")
        crashed = Deployment(LoadedDesign(display, slug_of(path), SourceMap(display), None))
        crashed.findings.append(Finding(display, 1, 1, Severity.error, INTERNAL_ERROR,
                                        f"stackplan failed on this design ({type(exc).__name__})",
                                        "report it with the design: this is a bug in stackplan"))
        pages = crash_pages(crashed, exc)
        return Built.of(crashed, pages), pages, warning
