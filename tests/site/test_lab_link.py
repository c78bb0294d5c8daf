"""A published `stackplan lab` report (lab/<slug>.md) joins the deployment's pages and its Proof page links it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.lab.prove import matrix_of, plan_of
from generator.lab.report import LabResult, design_sha256, markdown, read_published
from generator.pipeline import run
from generator.site.pages import LAB, deployment_pages, with_lab
from tests.conftest import ROOT
from tests.site.conftest import MKDOCS, MKDOCS_ENV, mini_site

DESIGN = ROOT / "designs" / "small-scale.yaml"


def _report(design: Path, sha256: str) -> str:
    """The Markdown report of a lab result (no packets sent here: the site test needs no root)."""
    d = run(design)
    plan = plan_of(d)
    return markdown(LabResult(plan, None, matrix_of(d, plan)), sha256)


def test_the_report_carries_the_design_digest_and_its_verdict() -> None:
    sha = design_sha256(DESIGN.read_bytes())
    published = read_published(_report(DESIGN, sha))
    assert published.passed and published.design_sha256 == sha
    assert read_published("# Lab proof\n\n**Failed.** FAIL: 1/2 pairs\n").passed is False


def test_the_proof_page_links_the_report_and_says_when_it_proved_another_version() -> None:
    d = run(DESIGN)
    pages = deployment_pages(d)
    assert not any(a.path == LAB for a in pages)
    assert "lab.md" not in next(a for a in pages if a.path == "proof.md").content
    data = DESIGN.read_bytes()
    current = with_lab(d, pages, _report(DESIGN, design_sha256(data)), data)
    proof = str(next(a for a in current if a.path == "proof.md").content)
    assert "[The lab report](lab.md)" in proof and "passed" in proof and "another version" not in proof
    assert "!!! success" in proof
    assert [a.path for a in current].count(LAB) == 1
    stale = with_lab(d, pages, _report(DESIGN, design_sha256(data + b"\n# edited\n")), data)
    proof = str(next(a for a in stale if a.path == "proof.md").content)
    assert "another version of the design file" in proof and "!!! warning" in proof


def test_the_site_publishes_lab_md_beside_the_proof_page(tmp_path: Path) -> None:
    text = DESIGN.read_text()
    config = mini_site(tmp_path, text)
    (tmp_path / "lab").mkdir()
    design = tmp_path / "designs" / "evil.yaml"
    (tmp_path / "lab" / "evil.md").write_text(_report(design, design_sha256(design.read_bytes())))
    result = subprocess.run([*MKDOCS, "build", "--strict", "-f", str(config), "-d", str(tmp_path / "out")],
                            capture_output=True, text=True, env=MKDOCS_ENV, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "out" / "deployments" / "evil"
    assert "Lab proof" in (folder / "lab.html").read_text()
    assert 'href="lab.html"' in (folder / "proof.html").read_text()
