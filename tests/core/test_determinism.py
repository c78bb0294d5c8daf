"""Every example design gives byte-identical artefacts on every run, with no trace of the build machine."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline import run
from generator.site.pages import deployment_pages
from tests.conftest import EXAMPLES, ROOT


def _artefacts(path: Path) -> dict[str, bytes]:
    deployment = run(path, str(path.relative_to(ROOT)))
    assert deployment.valid, [f.text() for f in deployment.findings]
    return {a.path: a.data() for a in deployment_pages(deployment)}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_two_runs_are_byte_identical(path: Path) -> None:
    first, second = _artefacts(path), _artefacts(path)
    assert sorted(first) == sorted(second)
    changed = [name for name in first if first[name] != second[name]]
    assert not changed, f"differ between runs: {changed}"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_no_path_of_the_build_machine(path: Path) -> None:
    # The repository, Python's temporary folders, installed packages. (Paths such as Marvin's
    # "/tmp/marvin" or "/root/marvin-filled.json" are on the installer's machines, and meant.)
    machine = [str(ROOT).encode(), b"/tmp/tmp", b"site-packages"]
    for name, data in _artefacts(path).items():
        if name.endswith(".zip"):
            continue  # compressed; its members are the other artefacts, checked here one by one
        for needle in machine:
            assert needle not in data, f"{name} contains {needle.decode()}"
