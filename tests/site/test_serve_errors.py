"""A design that gets an error while the site is served keeps its pages: each shows the validation
report in place of what it showed, and the terminal (MkDocs' log) prints the findings as file:line lines.

``mkdocs serve`` rebuilds in one process, running the hook each time; these tests do the same with
MkDocs' own build, twice in a row, on a site of their own (mini_site).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.pipeline import run
from tests.conftest import DESIGNS
from tests.site.conftest import mini_site

SLUG = "evil"  # mini_site's design is designs/evil.yaml
LOGGER = "mkdocs.plugins.stackplan"


def _build(config: Path, site: Path) -> None:
    build(load_config(str(config), site_dir=str(site)))


def _pages(site: Path) -> set[str]:
    folder = site / "deployments" / SLUG
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*.html")}


@pytest.mark.parametrize("breakage", ["rule", "yaml"])
def test_pages_of_a_design_with_errors_show_the_report(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                                       monkeypatch: pytest.MonkeyPatch, breakage: str) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    good = (DESIGNS / "small-scale.yaml").read_text()
    config = mini_site(tmp_path, good)
    monkeypatch.chdir(tmp_path)
    site = tmp_path / "site"
    _build(config, site)
    before = _pages(site)
    assert {"ports.html", "runbook.html", "diagrams.html", "ip-plan.html"} <= before

    if breakage == "rule":  # a valid YAML design that breaks a rule: two networks share a subnet
        bad = good.replace("cidr: 192.168.100.0/24", "cidr: 10.10.0.0/24", 1)
    else:  # a design that does not load at all
        bad = good.replace("sites:\n", "sites: [\n", 1)
    assert bad != good
    design = tmp_path / "designs" / f"{SLUG}.yaml"
    design.write_text(bad)
    findings = [f for f in run(design, f"designs/{SLUG}.yaml").findings if f.severity.value == "error"]
    assert findings, "the broken design has errors"
    with caplog.at_level(logging.INFO, logger=LOGGER):
        _build(config, site)

    after = _pages(site)
    assert before <= after, f"pages that turned into 404: {sorted(before - after)}"
    for page in sorted(before - {"index.html", "validation.html"}):
        html = (site / "deployments" / SLUG / page).read_text()
        assert "is not generated while the design has errors" in html, page
        for finding in findings:
            assert f"{finding.file}:{finding.line}:{finding.column}" in html, (page, finding.text())
        for link in re.findall(r'href="([^"#]*rules\.html)', html):
            assert (site / "deployments" / SLUG / Path(page).parent / link).resolve().exists(), (page, link)
    logged = [r.getMessage() for r in caplog.records if r.name == LOGGER]
    for finding in findings:
        assert f"stackplan: {finding.text()}" in logged, f"the terminal does not show {finding.text()}"
        assert any(r.getMessage() == f"stackplan: {finding.text()}" and r.levelno == logging.WARNING
                   for r in caplog.records), "an error is a warning in MkDocs' log"

    design.write_text(good)  # fixed: the real pages come back
    _build(config, site)
    ports = (site / "deployments" / SLUG / "ports.html").read_text()
    assert "is not generated while the design has errors" not in ports


def test_paper_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """extra.stackplan_paper: a4 (default) adds nothing, letter adds print-letter.css, anything else stops the build."""
    from mkdocs.exceptions import PluginError

    from generator.site.mkdocs_hook import _paper

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config_file = mini_site(tmp_path, (DESIGNS / "small-scale.yaml").read_text())
    text = config_file.read_text()
    assert "stackplan_paper: a4" in text
    for paper, extra in (("a4", []), ("letter", ["assets/print-letter.css"]), ("Letter", ["assets/print-letter.css"])):
        config_file.write_text(text.replace("stackplan_paper: a4", f"stackplan_paper: {paper}"))
        config = load_config(str(config_file))
        _paper(config)
        assert [c for c in config.extra_css if "print-letter" in str(c)] == extra, paper
    config_file.write_text(text.replace("stackplan_paper: a4", "stackplan_paper: a3"))
    with pytest.raises(PluginError, match=r"stackplan_paper is 'a3'.*a4, letter"):
        _paper(load_config(str(config_file)))
