"""Faults while writing output: kills at chosen moments, a read-only folder, a full disk, two builds at once.

The builds run as subprocesses; ``STACKPLAN_FAULT_AT=<moment>`` makes one stop at a moment of the
swap (``staged``: every new file written; ``exchanged``: the new folder in place, the old one not yet
removed; ``aside``: the old folder renamed aside, the new one not yet in place — the path taken where
the atomic exchange is not available) so the test can kill it there with SIGKILL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.writer import ASIDE, FAULT_ENV, LOCK, MARKER, STAGING, exchange, recover
from tests.conftest import DESIGNS, ROOT

SMALL = DESIGNS / "small-scale.yaml"
# Runs the CLI; with "nox" first, as if renameat2 did not exist (the two-rename fallback).
_RUNNER = ("import sys, generator.writer as w\n"
           "if sys.argv[1] == 'nox':\n    w._renameat2 = None\n"
           "from generator.cli import main\nsys.argv[1:2] = []\nmain()\n")


def _design(tmp_path: Path, description: str) -> Path:
    """The small-scale example with another deployment description, so two builds differ."""
    path = tmp_path / "designs" / "lab.yaml"
    path.parent.mkdir(exist_ok=True)
    text = SMALL.read_text()
    start = text.index("  description: >-\n")
    end = text.index("  cloudstack_version:")
    path.write_text(text[:start] + f"  description: {description}\n" + text[end:])
    return path


def _start(design: Path, out: Path, moment: str = "", fallback: bool = False) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != FAULT_ENV}
    if moment:
        env[FAULT_ENV] = moment
    return subprocess.Popen([sys.executable, "-c", _RUNNER, "nox" if fallback else "-", "build", str(design),
                             "--out", str(out)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _build(design: Path, out: Path, fallback: bool = False) -> subprocess.CompletedProcess[str]:
    proc = _start(design, out, fallback=fallback)
    stdout, stderr = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)


def _wait_for(proc: subprocess.Popen[str], text: str) -> str:
    """Read ``proc``'s stderr until a line holds ``text``; the lines read."""
    assert proc.stderr is not None
    seen = ""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        seen += line
        if text in line:
            return seen
    _kill(proc)
    raise AssertionError(f"never saw {text!r}; stderr: {seen}")


def _kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)  # reaps it and closes its pipes


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith((STAGING, ASIDE)))


@pytest.mark.parametrize(("moment", "fallback"), [("staged", False), ("exchanged", False), ("staged", True),
                                                  ("aside", True)])
def test_a_killed_build_leaves_the_previous_output_and_the_next_build_cleans_up(
        tmp_path: Path, moment: str, fallback: bool) -> None:
    out = tmp_path / "out"
    first = _build(_design(tmp_path, "First build."), out, fallback)
    assert first.returncode == 0, first.stderr
    before = _snapshot(out / "lab")
    assert b"First build." in before["index.md"]

    proc = _start(_design(tmp_path, "Second build."), out, moment, fallback)
    _wait_for(proc, f"stopped at {moment}")
    _kill(proc)

    assert _leftovers(out), "the killed build should have left its staging or aside folder"
    if moment == "aside":
        assert not (out / "lab").exists()  # the one moment of the fallback without out/lab …
        done = recover(out)  # what the next build does first, under the lock
        assert f"restored {out / 'lab'} (a build was killed while replacing it)" in done
        assert any(line.startswith("removed") for line in done)  # the staging folder of the killed build
    if moment == "exchanged":
        assert b"Second build." in (out / "lab" / "index.md").read_bytes()  # … the exchange had happened
    else:
        assert _snapshot(out / "lab") == before  # … else the previous output, whole and unchanged

    again = _build(_design(tmp_path, "Third build."), out, fallback)
    assert again.returncode == 0, again.stderr
    assert _leftovers(out) == []
    assert (out / "lab" / MARKER).exists()
    assert b"Third build." in (out / "lab" / "index.md").read_bytes()
    if moment != "aside":
        assert "left by a killed build" in again.stderr


def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "f").write_text("a")
    (b / "f").write_text("b")
    if not exchange(a, b):
        pytest.skip("this kernel or file system has no RENAME_EXCHANGE; the fallback is tested above")
    assert (a / "f").read_text() == "b" and (b / "f").read_text() == "a"


def test_recover_removes_leftovers_and_keeps_other_folders(tmp_path: Path) -> None:
    out = tmp_path
    (out / "lab").mkdir()
    (out / f"{STAGING}lab.0123abcd").mkdir()
    (out / f"{ASIDE}lab.0123abcd").mkdir()  # the target exists: an old folder not yet removed
    (out / f"{ASIDE}gone.89abcdef").mkdir()  # no marker: not a stackplan output, removed, not restored
    (out / ".stackplan-new.").mkdir()  # too short to be ours: left alone
    (out / "notes").mkdir()
    done = recover(out)
    assert len(done) == 3 and all("removed" in line for line in done)
    assert sorted(p.name for p in out.iterdir()) == [".stackplan-new.", "lab", "notes"]


def test_two_builds_into_one_folder_wait_for_each_other(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _start(_design(tmp_path, "First build."), out, "staged")
    _wait_for(first, "stopped at staged")  # it holds the lock
    second = _start(_design(tmp_path, "Second build."), out)
    _wait_for(second, "waiting for another build")
    time.sleep(0.5)
    assert second.poll() is None, "the second build must wait while the first holds the lock"
    _kill(first)
    _, stderr = second.communicate(timeout=120)
    assert second.returncode == 0, stderr
    assert _leftovers(out) == []
    assert b"Second build." in (out / "lab" / "index.md").read_bytes()
    assert (out / LOCK).exists()


def test_two_builds_at_once_both_finish(tmp_path: Path) -> None:
    out = tmp_path / "out"
    design = _design(tmp_path, "Same build.")
    procs = [_start(design, out) for _ in range(2)]
    for proc in procs:
        _, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr
    assert _leftovers(out) == []
    assert b"Same build." in (out / "lab" / "index.md").read_bytes()


def _mount(args: list[str], target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["mount", *args, str(target)], check=False, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount here ({result.stderr.strip() or result.returncode}); needs root in a sandbox "
                    "that allows mounts")


def _umount(target: Path) -> None:
    subprocess.run(["umount", str(target)], check=True)


def test_a_read_only_output_folder_is_a_clear_error_exit_2(tmp_path: Path) -> None:
    design = _design(tmp_path, "First build.")
    real = tmp_path / "real"
    assert _build(design, real).returncode == 0
    before = _snapshot(real / "lab")
    readonly = tmp_path / "ro"
    _mount(["--bind", "-o", "ro", str(real)], readonly)
    try:
        # as root, permissions do not stop a write: only a read-only mount does
        result = _build(_design(tmp_path, "Second build."), readonly)
        assert result.returncode == 2, result.stderr
        assert f"cannot write {readonly / LOCK}: the file system is read-only" in result.stderr
        assert "internal error" not in result.stderr and "Traceback" not in result.stderr
        assert _snapshot(readonly / "lab") == before
    finally:
        _umount(readonly)


def _disk_use(folder: Path) -> int:
    """Bytes ``folder`` takes on a tmpfs: whole pages per file."""
    return sum(-(-p.stat().st_size // 4096) * 4096 for p in folder.rglob("*") if p.is_file())


def test_a_full_disk_is_a_clear_error_exit_2_and_keeps_the_previous_output(tmp_path: Path) -> None:
    design = _design(tmp_path, "First build.")
    sample = tmp_path / "sample"
    assert _build(design, sample).returncode == 0
    # room for one copy of the output, not for the second one a replacement writes beside it
    size = _disk_use(sample / "lab") * 3 // 2 // 1024
    tiny = tmp_path / "tiny"
    _mount(["-t", "tmpfs", "-o", f"size={size}k", "tmpfs"], tiny)
    try:
        assert _build(design, tiny).returncode == 0
        before = _snapshot(tiny / "lab")
        result = _build(_design(tmp_path, "Second build."), tiny)
        assert result.returncode == 2, result.stderr
        assert f"cannot write {tiny / 'lab'}" in result.stderr and "the disk is full" in result.stderr
        assert "internal error" not in result.stderr and "Traceback" not in result.stderr
        assert _snapshot(tiny / "lab") == before
        assert _leftovers(tiny) == []  # the half-written staging folder is gone: the space is free again
    finally:
        _umount(tiny)
