"""``mkdocs build`` on both cores: the pages the page cache lacks are converted, and later themed, by this
process and forked workers at once; each worker stores what it made in the page cache's folder
(mkdocs_speed), and MkDocs's own loops, which run after, find every page there.

MkDocs converts and themes pages one by one in one process. A 2,500-host site has 3,200 pages, and a cold
build spent 90 s of CPU on them. Here, before MkDocs's loop converts the pages (the hook's last ``nav``
event), the pages whose conversion is not in the cache are shared out by size between this process and
``workers - 1`` forked children; each converts its share with the same code (``Page.render`` as patched by
mkdocs_speed, which writes the cache). After every page is converted (the hook's last ``env`` event), the
same is done for the theme: each child renders its share's pages through MkDocs's ``_build_page`` (the theme,
the search entry: both kept in the cache) without writing the site folder, and this process then builds every
page as MkDocs does, from the cache.

Nothing is shared but the cache's folder, where entries are written whole or not at all, so what a child made
is either there, whole, or missing, and then this process makes it in MkDocs's loop as it would have without
children: a child that fails, is killed or hangs past its time changes the speed only. A page whose conversion
or theme logged a warning is never stored (mkdocs_speed), so the warning is logged by this process, once;
children write nothing to the terminal. In ``mkdocs serve`` too, where the server's threads run: a child
runs none of them and touches nothing they use (it logs nothing, writes nothing but the cache), and one that
is stuck all the same is stopped (_in_children). Not with a plugin event on a page that this module does not
know to be safe in a child, and not for fewer than MIN_PAGES pages.
"""

from __future__ import annotations

import importlib
import logging
import os
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from generator.site import mkdocs_speed
from generator.site.progress import progress

log = logging.getLogger("mkdocs.plugins.stackplan")
MIN_PAGES = 64  # fewer pages to make than this: not worth forking
MIN_WAIT, WAIT_FACTOR = 10.0, 2.0  # how long children may take beyond this process's share (_in_children)
# Page events of plugins that a child may run: they change nothing outside the child's memory.
_SAFE_PAGE_EVENTS = {"page_context": ("material.plugins.search.plugin", mkdocs_speed.__name__)}
_PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content", "page_context", "post_page")
_READ_MARK = "_stackplan_read"


def workers() -> int:
    """How many processes share the work: STACKPLAN_WORKERS if set (1: this process alone), else the cores
    this process may run on."""
    asked = os.environ.get("STACKPLAN_WORKERS", "").strip()
    if asked.isdigit() and int(asked) > 0:
        return int(asked)
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _safe(config: Any) -> bool:
    """Whether children may run: a disk page cache, a known MkDocs, only known page events."""
    if mkdocs_speed.cache_folder() is None or workers() < 2:
        return False
    if not mkdocs_speed.known_mkdocs():
        return False
    for event in _PAGE_EVENTS:
        for method in config.plugins.events.get(event, []):
            origin = getattr(getattr(method, "__self__", method), "__module__", "") or ""
            if type(method).__module__ == mkdocs_speed.__name__:
                origin = mkdocs_speed.__name__
            if origin not in _SAFE_PAGE_EVENTS.get(event, ()):
                return False
    return True


def _shares(sizes: list[int], count: int) -> list[list[int]]:
    """Indices of ``sizes`` in ``count`` shares of about equal total size (largest first, each to the lightest
    share), each share in its original order."""
    shares: list[list[int]] = [[] for _ in range(count)]
    totals = [0] * count
    for i in sorted(range(len(sizes)), key=lambda i: (-sizes[i], i)):
        lightest = min(range(count), key=lambda s: (totals[s], s))
        shares[lightest].append(i)
        totals[lightest] += sizes[i]
    return [sorted(share) for share in shares]


@contextmanager
def _quiet() -> Iterator[None]:
    """Nothing logged within the block reaches the terminal or MkDocs's count of warnings (``--strict``): a
    page made here that logs a warning is not cached (mkdocs_speed), so MkDocs's loop makes it again and
    logs it then, once. mkdocs_speed's own count of a page's warnings, added within, still sees them."""
    loggers = [logging.getLogger(), logging.getLogger("mkdocs")]
    saved = [(logger, logger.handlers[:]) for logger in loggers]
    for logger in loggers:
        logger.handlers = []
    logging.getLogger().addHandler(logging.NullHandler())  # not Python's last-resort handler either
    try:
        yield
    finally:
        for logger, handlers in saved:
            logger.handlers = handlers


def _in_children(work: list[Any], sizes: list[int], make: Callable[[Any], None], what: str = "making") -> int:
    """``make(item)`` for every item of ``work``: one share here, the others in forked children at once.
    Returns, when every child has ended, how many items were given to children. A child still at work
    WAIT_FACTOR times as long as this process took for its share (and at least MIN_WAIT seconds) is stopped:
    the shares are of about equal size, so it is stuck (a lock another thread held when it was forked, in
    ``mkdocs serve``), and MkDocs's loop makes what it did not."""
    shares = _shares(sizes, min(workers(), len(work)))
    children: list[int] = []
    given = 0
    for share in shares[1:]:
        try:
            pid = os.fork()
        except OSError:
            break  # no more processes: this one makes the rest in MkDocs's loop
        if pid == 0:  # the child: its share, silently, then out without running any exit handler
            status = 1
            try:
                null = os.open(os.devnull, os.O_WRONLY)
                os.dup2(null, 1)
                os.dup2(null, 2)
                with _quiet():
                    for i in share:
                        make(work[i])
                status = 0
            finally:
                os._exit(status)
        children.append(pid)
        given += len(share)
    started = time.monotonic()
    with _quiet(), progress(f"stackplan: {what} pages ({len(children) + 1} cores)", len(work),
                            len(work) / max(1, len(shares[0]))) as advance:
        for i in shares[0]:
            try:
                make(work[i])
            except Exception:  # noqa: BLE001 - left unmade: MkDocs's loop makes it again and reports the error
                continue
            finally:
                advance()
    deadline = time.monotonic() + max(MIN_WAIT, WAIT_FACTOR * (time.monotonic() - started))
    for pid in children:
        while not os.waitpid(pid, os.WNOHANG)[0]:
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                break
            time.sleep(0.02)
    return given


def convert(config: Any, files: Any) -> int:
    """Before MkDocs's loop converts the pages: those whose conversion the page cache lacks are converted
    here and in children, into the cache. Every page's source is read here once (MkDocs's loop does not read
    it again). Returns how many pages were made."""
    if not _safe(config):
        return 0
    page_type: Any = importlib.import_module("mkdocs.structure.pages").Page
    todo: list[Any] = []
    for file in files.documentation_pages():
        if file.page is None and file.inclusion.is_not_in_nav():
            page_type(None, file, config)  # as MkDocs's loop does for a page outside the navigation
        page = file.page
        if page is None:
            continue
        page.read_source(config)
        setattr(page, _READ_MARK, True)
        if not mkdocs_speed.converted(page, config, files):
            todo.append(page)
    if len(todo) < MIN_PAGES:
        return 0

    def make(page: Any) -> None:
        page.render(config, files)

    log.info("stackplan: converting %d pages on %d cores", len(todo), min(workers(), len(todo)))
    elsewhere = _in_children(todo, [len(page.markdown or "") for page in todo], make, "converting")
    # counted as MkDocs's loop will find them: converted (here or in a child), not reused
    mkdocs_speed.counts["converted"] += elsewhere
    mkdocs_speed.counts["reused"] -= len(todo)
    return len(todo)


def theme(config: Any, files: Any, nav: Any, env: Any) -> int:
    """After every page is converted, before MkDocs's loop themes them: the pages whose themed HTML the page
    cache lacks are themed (and indexed for search) here and in children, into the cache; the site folder is
    written by MkDocs's loop only. Returns how many pages were made."""
    if not _safe(config):
        return 0
    doc_files = files.documentation_pages()
    todo = [f.page for f in doc_files if f.page is not None and f.page.content is not None
            and not f.inclusion.is_excluded() and not mkdocs_speed.themed(f.page, config, doc_files, nav)]
    if len(todo) < MIN_PAGES:
        return 0
    build: Any = importlib.import_module("mkdocs.commands.build")

    def make(page: Any) -> None:
        with mkdocs_speed.not_writing(config):
            build._build_page(page, config, doc_files, nav, env, False, False)

    log.info("stackplan: theming %d pages on %d cores", len(todo), min(workers(), len(todo)))
    elsewhere = _in_children(todo, [len(page.content or "") for page in todo], make, "theming")
    mkdocs_speed.counts["themed"] += elsewhere
    mkdocs_speed.counts["themed again"] -= len(todo)
    return len(todo)


def read_once() -> None:
    """MkDocs's loop does not read again the source of a page that ``convert`` has just read."""
    page_type: Any = importlib.import_module("mkdocs.structure.pages").Page
    original = page_type.read_source
    if hasattr(original, mkdocs_speed.MARK):
        return

    def read_source(self: Any, config: Any) -> None:
        if getattr(self, _READ_MARK, False):
            setattr(self, _READ_MARK, False)
            return
        original(self, config)

    setattr(read_source, mkdocs_speed.MARK, original)
    page_type.read_source = read_source


def install() -> None:
    read_once()

