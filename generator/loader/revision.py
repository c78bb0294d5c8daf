"""Design files as they were at a git revision, read with ``git show`` (the work tree is not touched)."""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath


class RevisionError(ValueError):
    """The revision cannot be read (not a git repository, unknown revision)."""


def _git(cwd: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise RevisionError(f"git cannot run: {exc.strerror}") from None
    if done.returncode != 0:
        raise RevisionError(f"git {' '.join(args)}: {done.stderr.strip() or 'failed'}")
    return done.stdout


def merge_base(a: str, b: str, cwd: Path = Path()) -> str:
    """Where ``b`` left ``a`` (``a...b`` as git and pull requests mean it)."""
    return _git(cwd, "merge-base", a or "HEAD", b or "HEAD").strip()


def designs_at(rev: str, folder: str = "designs", cwd: Path = Path()) -> list[tuple[str, str]]:
    """(path, text) of every design file under ``folder`` at ``rev``, in path order."""
    prefix = _git(cwd, "rev-parse", "--show-prefix").strip()
    out = []
    for name in sorted(_git(cwd, "ls-tree", "-r", "--name-only", rev, "--", folder).splitlines()):
        if PurePosixPath(name).suffix in (".yaml", ".yml"):
            out.append((name, _git(cwd, "show", f"{rev}:{prefix}{name}")))
    return out
