"""A progress bar on the terminal (rich) for long steps of ``stackplan build`` and of the MkDocs hook; nothing
where stderr is not a terminal (CI, a pipe, a log file), so logs and tests see no bar."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


@contextmanager
def progress(description: str, total: int, step: float = 1.0) -> Iterator[Callable[[], None]]:
    """A bar of ``total`` described as ``description``, removed when done; yields advance(), which adds
    ``step`` (more than 1 where this process does a share of the work and others the rest at the same pace)."""
    if total < 1 or not sys.stderr.isatty():
        yield lambda: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    # No refresh thread (auto_refresh=False): the bar is drawn as it advances. Work forks processes only where
    # no other thread runs (a fork may copy a lock another thread holds), so a thread here would make every
    # build on a terminal run on one core.
    with Progress(*columns, console=Console(stderr=True), transient=True, auto_refresh=False) as bar:
        task = bar.add_task(description, total=total)

        def advance() -> None:
            bar.advance(task, step)
            bar.refresh()

        yield advance
