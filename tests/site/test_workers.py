"""``mkdocs build`` on every core (generator/site/mkdocs_workers.py): the same site as one process alone,
what a child fails to make is made by the parent, a page's warning is logged once."""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.site import cache, mkdocs_workers
from generator.site.progress import progress
from tests.conftest import ROOT
from tests.site.conftest import MKDOCS, MKDOCS_ENV, mini_site, snapshot

SPLIT = ROOT / "tests" / "split" / "three-halls.yaml"


@pytest.mark.parametrize("sizes", [[5, 1, 1, 1, 1, 1], [3] * 7, [10, 9, 8, 1, 1, 1, 1], [1], list(range(40))])
@pytest.mark.parametrize("count", [1, 2, 3])
def test_shares_hold_every_item_once_balanced_and_in_order(sizes: list[int], count: int) -> None:
    shares = mkdocs_workers._shares(sizes, count)
    assert len(shares) == count
    assert sorted(i for share in shares for i in share) == list(range(len(sizes)))
    assert all(share == sorted(share) for share in shares)
    totals = [sum(sizes[i] for i in share) for share in shares]
    assert max(totals) - min(totals) <= max(sizes)  # largest first, each to the lightest share
    assert shares == mkdocs_workers._shares(sizes, count)


def test_children_make_their_shares_and_a_failing_child_changes_nothing_here(tmp_path: Path) -> None:
    """Each item is made once, by this process or a child; a child that raises ends without touching this
    process (no exception, no output), and its items are simply not made."""
    parent = os.getpid()
    made = tmp_path / "made"
    made.mkdir()

    def make(item: int) -> None:
        if os.getpid() != parent and item == 3:
            raise RuntimeError("a bug in a child")
        (made / f"{item}-{'here' if os.getpid() == parent else 'child'}").write_text("")

    given = mkdocs_workers._in_children(list(range(8)), [1] * 8, make) if mkdocs_workers.workers() > 1 else None
    if given is None:
        pytest.skip("one core")
    names = sorted(p.name for p in made.iterdir())
    here = [n for n in names if n.endswith("-here")]
    assert len(here) == 8 - given and given > 0
    children = {int(n.split("-")[0]) for n in names if n.endswith("-child")}
    assert 3 not in children and children  # the child made what it did before the bug, not item 3
    assert len({int(n.split("-")[0]) for n in names}) == len(names)  # none made twice


def _build(config: Path, out: Path, cache_dir: Path, workers: int) -> subprocess.CompletedProcess[str]:
    env = {**MKDOCS_ENV, cache.ENV: str(cache_dir), "STACKPLAN_WORKERS": str(workers)}
    return subprocess.run([*MKDOCS, "build", "--strict", "-f", str(config), "-d", str(out)], capture_output=True,
                          text=True, env=env, cwd=config.parent, check=False)


def _pages(out: Path) -> dict[str, bytes]:
    return {k: v for k, v in snapshot(out).items() if not k.startswith("sitemap.xml")}  # sitemaps carry the date


def test_site_made_on_two_cores_is_the_site_made_by_one(tmp_path: Path) -> None:
    """A 216-host design (over 300 pages), cold cache: two processes and one give the same files, byte for
    byte (search index included); the second build finds every page in the cache and makes none."""
    (tmp_path / "project").mkdir()
    config = mini_site(tmp_path / "project", SPLIT.read_text(), "three-halls")
    alone = _build(config, tmp_path / "alone", tmp_path / "cache-alone", 1)
    assert alone.returncode == 0, alone.stderr
    assert "pages on" not in alone.stderr
    both = _build(config, tmp_path / "both", tmp_path / "cache-both", 2)
    assert both.returncode == 0, both.stderr
    assert "stackplan: converting" in both.stderr and "pages on 2 cores" in both.stderr
    assert _pages(tmp_path / "both") == _pages(tmp_path / "alone")
    again = _build(config, tmp_path / "again", tmp_path / "cache-both", 2)
    assert again.returncode == 0 and "pages on" not in again.stderr, again.stderr
    assert _pages(tmp_path / "again") == _pages(tmp_path / "alone")


@pytest.mark.parametrize("workers", [2, 3])
def test_a_warning_of_a_page_made_elsewhere_is_logged_once_and_fails_strict(tmp_path: Path, workers: int) -> None:
    """A hand-written page with a broken link, among enough pages to share out (made by this process or by a
    child, depending on the shares): the warning is logged once (by MkDocs's loop: a page that warned is
    never cached, so the loop makes it again; what this process made before it logs nothing) and --strict
    fails; on the next build too."""
    (tmp_path / "project").mkdir()
    config = mini_site(tmp_path / "project", SPLIT.read_text(), "three-halls")
    guide = config.parent / "docs" / "guide"
    guide.mkdir(parents=True)
    shutil.copy(ROOT / "docs" / "guide" / "designs.md", guide / "designs.md")
    (guide / "broken.md").write_text("# Broken\n\nSee [the missing page](missing.md).\n")
    for _ in range(2):
        result = _build(config, tmp_path / "out", tmp_path / "cache", workers)
        assert result.returncode != 0
        assert result.stderr.count("contains a link 'missing.md'") == 1, result.stderr


def test_what_this_process_makes_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    """This process's share is made quietly (MkDocs's loop logs a page's warnings when it makes it again),
    and its handlers are back afterwards."""
    before = logging.getLogger().handlers[:]
    with mkdocs_workers._quiet():
        logging.getLogger("mkdocs.structure.pages").warning("not shown")
    logging.getLogger("mkdocs.structure.pages").warning("shown")
    assert [r.getMessage() for r in caplog.records] == ["shown"]
    assert logging.getLogger().handlers == before


def test_a_stuck_child_is_stopped_and_its_items_left_to_mkdocs(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A child that never ends (a lock held by another thread when it was forked, in ``mkdocs serve``) is
    stopped once it has taken MIN_WAIT seconds beyond this process's share; nothing of it is left running."""
    if mkdocs_workers.workers() < 2:
        pytest.skip("one core")
    monkeypatch.setattr(mkdocs_workers, "MIN_WAIT", 2.0)
    parent = os.getpid()
    pids = tmp_path / "pids"
    pids.mkdir()

    def make(item: int) -> None:
        if os.getpid() != parent:
            (pids / str(os.getpid())).write_text("")
            time.sleep(3600)

    started = time.monotonic()
    given = mkdocs_workers._in_children(list(range(4)), [1] * 4, make)
    assert given == 2 and time.monotonic() - started < 30
    (child,) = [int(p.name) for p in pids.iterdir()]
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)  # stopped and reaped


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hook's and the CLI's bar: drawn on a terminal, advancing by its step; nothing on a pipe or log."""
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress("stackplan: converting pages (2 cores)", 10, 2.0) as advance:
        for _ in range(5):
            advance()
    assert "converting pages (2 cores)" in terminal.getvalue() and "10/10" in terminal.getvalue()
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    with progress("stackplan: converting pages (2 cores)", 10) as advance:
        advance()
    assert piped.getvalue() == ""


def test_progress_runs_no_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bar is drawn as it advances, with no refresh thread: with one, the pipeline's and the pages' work
    would stay on one core on a terminal (they fork only where no other thread runs)."""
    import threading

    monkeypatch.setattr(sys, "stderr", _Terminal())
    before = threading.active_count()  # pytest-xdist's own threads, if any
    with progress("stackplan: building 2 deployment(s)", 2) as advance:
        assert threading.active_count() == before
        advance()
        assert threading.active_count() == before
