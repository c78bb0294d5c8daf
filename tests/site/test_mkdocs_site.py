"""The MkDocs site: builds strict, never writes into docs/, escapes design strings."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DESIGNS, ROOT
from tests.site.conftest import MKDOCS, MKDOCS_ENV, mini_site


def test_every_deployment_has_overview_and_report(built_site: Path) -> None:
    for design in DESIGNS.glob("*.yaml"):
        page = built_site / "deployments" / design.stem / "index.html"
        assert page.exists(), design.name
        assert (built_site / "deployments" / design.stem / "validation.html").exists()
    landing = (built_site / "index.html").read_text()
    assert "deployments/small-scale/index.html" in landing


def test_no_external_fonts_or_cdn(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        text = page.read_text()
        assert "fonts.googleapis.com" not in text, page
        assert "fonts.gstatic.com" not in text, page


def _mini_site(tmp_path: Path, design_text: str) -> subprocess.CompletedProcess[str]:
    config = mini_site(tmp_path, design_text)
    return subprocess.run([*MKDOCS, "build", "-f", str(config), "-d", str(tmp_path / "out")],
                          capture_output=True, text=True, env=MKDOCS_ENV, cwd=tmp_path, check=False)


def test_design_strings_stay_text(tmp_path: Path) -> None:
    text = (DESIGNS / "small-scale.yaml").read_text()
    text = text.replace("name: Small-scale lab", 'name: "Lab <script>alert(1)</script>"')
    text = text.replace("location: Building A, room 2.14", 'location: "<img src=x onerror=alert(2)>"')
    text = text.replace("    A trial cloud", "    <script>alert(3)</script> A trial cloud")
    result = _mini_site(tmp_path, text)
    assert result.returncode == 0, result.stderr
    for page in (tmp_path / "out").rglob("*.html"):
        html = page.read_text()
        assert "<script>alert(" not in html, page
        assert "<img src=x" not in html, page
    overview = (tmp_path / "out" / "deployments" / "evil" / "index.html").read_text()
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in overview


def test_broken_design_still_gets_a_report(tmp_path: Path) -> None:
    result = _mini_site(tmp_path, "deployment: {name: x\n")
    assert result.returncode == 0, result.stderr
    assert "has 1 error" in result.stderr
    report = (tmp_path / "out" / "deployments" / "evil" / "validation.html").read_text()
    assert "YAML-SYNTAX" in report
    shutil.rmtree(tmp_path / "out")


def test_a_design_that_crashes_the_generator_shows_the_error_and_the_others_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug injected into one deployment's outputs: its pages say so, every other deployment is built."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator import pipeline
    from generator.deployment import Deployment

    real = pipeline.artefacts

    def artefacts(deployment: Deployment) -> list[Any]:
        if deployment.slug == "basic-sg":
            raise RuntimeError("injected <b>fault</b>")
        return real(deployment)

    monkeypatch.setattr(pipeline, "artefacts", artefacts)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(ROOT)
    out = tmp_path / "site"
    build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(out)))
    crashed = (out / "deployments" / "basic-sg" / "index.html").read_text()
    assert "stackplan failed on this design" in (out / "deployments" / "basic-sg" / "validation.html").read_text()
    assert "stackplan failed on this design" in crashed
    assert "RuntimeError: injected &lt;b&gt;fault&lt;/b&gt;" in crashed and "<b>fault" not in crashed
    for other in ("small-scale", "multi-site", "iscsi-multipath"):
        assert (out / "deployments" / other / "runbook.html").exists(), other
    assert "basic-sg" in (out / "index.html").read_text()
