"""The writer and the site's downloads zip refuse any path that leaves its folder.

Artefact paths come from validated names only; these tests feed the writer and the zip paths no
valid design can produce, to prove the second line of defence holds on its own.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from generator import pipeline
from generator.artefacts import Artefact, Kind, UnsafePath, safe_path
from generator.pipeline import run
from generator.site.pages import archive, deployment_pages
from generator.writer import write_deployment
from tests.conftest import DESIGNS

ESCAPES = ["../x.yaml", "hosts/../../x.yaml", "/tmp/x.yaml", "hosts//x.yaml", "./x.yaml", "hosts/x\n.yaml",
           "hosts\\..\\x.yaml", "", "..", "hosts/", "x\x00.yaml"]


@pytest.mark.parametrize("path", ESCAPES)
def test_safe_path_refuses_what_leaves_the_folder(path: str) -> None:
    with pytest.raises(UnsafePath):
        safe_path(path)


@pytest.mark.parametrize("path", ["index.md", "hosts/lab-kvm01.yaml", "switch-configs/lab-sw1.cfg", "a.b/c..d"])
def test_safe_path_keeps_ordinary_paths(path: str) -> None:
    assert safe_path(path) == path


@pytest.mark.parametrize("path", ESCAPES)
def test_the_writer_writes_nothing_when_one_path_escapes(tmp_path: Path, path: str) -> None:
    out = tmp_path / "out"
    artefacts = [Artefact("index.md", "# ok\n", Kind.page), Artefact(path, "escaped\n")]
    with pytest.raises(UnsafePath):
        write_deployment(out, "lab", artefacts)
    assert [p.name for p in tmp_path.rglob("*")] == []


@pytest.mark.parametrize("slug", ["..", ".", "a/b", "/abs", ""])
def test_the_writer_refuses_a_slug_that_is_not_one_folder(tmp_path: Path, slug: str) -> None:
    with pytest.raises(UnsafePath):
        write_deployment(tmp_path / "out", slug, [Artefact("index.md", "# ok\n", Kind.page)])
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("path", ["../x.cfg", "/etc/x.cfg", "a/../../x.cfg"])
def test_the_zip_refuses_entries_that_leave_it(path: str) -> None:
    deployment = run(DESIGNS / "small-scale.yaml")
    with pytest.raises(UnsafePath):
        archive(deployment, [Artefact("ok.csv", "a\n"), Artefact(path, "escaped\n")])


def test_the_zip_of_an_example_holds_only_paths_inside_its_folder() -> None:
    deployment = run(DESIGNS / "small-scale.yaml")
    bundle = next(a for a in deployment_pages(deployment) if a.path.endswith("-files.zip"))
    names = zipfile.ZipFile(BytesIO(bundle.data())).namelist()
    assert names and all(safe_path(name) == name and name.startswith("small-scale/") for name in names)


def test_site_pages_refuse_an_artefact_that_escapes(monkeypatch: pytest.MonkeyPatch) -> None:
    deployment = run(DESIGNS / "small-scale.yaml")
    monkeypatch.setattr(pipeline, "artefacts", lambda _: [Artefact("../../evil.md", "x", Kind.page)])
    with pytest.raises(UnsafePath):
        deployment_pages(deployment)
