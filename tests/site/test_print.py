"""Printed pages: Chromium prints the port plan and the cable sheet to PDF, poppler's pdftotext and pdfinfo
read them back.

Every column of every table must be on paper (header and values: nothing cut at the right edge),
and every sheet is A4 (portrait, or landscape for a wide table), or US Letter with
``extra.stackplan_paper: letter``. The PDFs are left in tests/artifacts/.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import ROOT

TOOLS = {name: shutil.which(name) for name in ("chromium", "pdftotext", "pdfinfo")}
if not all(TOOLS.values()):
    pytest.skip("print tests skipped: they need Debian's chromium and poppler-utils (pdftotext, pdfinfo); "
                "`bash scripts/setup.sh` as root installs them", allow_module_level=True)

CHROMIUM, PDFTOTEXT, PDFINFO = (str(TOOLS[name]) for name in ("chromium", "pdftotext", "pdfinfo"))
ARTIFACTS = ROOT / "tests" / "artifacts"
PORT_PLAN = "deployments/small-scale/ports.html"
# Six racks' cables of a redundant design: DAC and fibre, labels, both ends with rack and unit (the widest sheet).
CABLE_SHEET = "deployments/large-scale-redundant/cables.html"
# One rack's page of the cable sheet of tests/split/three-halls.yaml, split per rack (84 cables).
RACK_SHEET = "deployments/three-halls/cables/rack-hx-a1.html"
RUNBOOK = "deployments/small-scale/runbook.html"
A4 = (595.3, 841.9)
LETTER = (612.0, 792.0)


class Tables(HTMLParser):
    """The header and body cells of every table in the page's content, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[list[str], list[list[str]]]] = []
        self._cell: list[str] | None = None
        self._row: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append(([], []))
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("th", "td") and self.tables:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            self._cell = None
            (self.tables[-1][0] if tag == "th" else self._row).append(text)
        elif tag == "tr" and self._row:
            self.tables[-1][1].append(self._row)
            self._row = []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def words(text: str) -> list[str]:
    """Text as the pieces a printed table may wrap it into: at spaces, after commas and hyphens."""
    return [w for w in re.split(r"[\s,]+|(?<=-)", text) if w]


def print_pdf(page: Path, pdf: Path) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                             "--virtual-time-budget=5000", f"--print-to-pdf={pdf}", page.as_uri()],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0 and pdf.exists(), result.stderr[-2000:]


def sheet_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run([PDFINFO, "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)]


def is_paper(size: tuple[float, float], paper: tuple[float, float]) -> bool:
    """The sheet is ``paper``, portrait or landscape (within 1.5 pt: Chromium rounds to its units)."""
    return any(abs(size[0] - w) < 1.5 and abs(size[1] - h) < 1.5 for w, h in (paper, paper[::-1]))


def missing_on_paper(html: str, printed: str) -> list[str]:
    """What of the page's tables is not on paper: a column's header, or a value of a column fewer times
    than the table holds it (a column cut off at the sheet's edge loses them all)."""
    parser = Tables()
    parser.feed(html)
    on_paper = Counter(words(printed))
    problems = []
    for headers, rows in parser.tables:
        for column, header in enumerate(headers):
            if not all(on_paper[w] for w in words(header)):
                problems.append(f"column {header!r} has no header on paper")
            needed = Counter(w for row in rows if column < len(row) for w in words(row[column]))
            short = {w: (n, on_paper[w]) for w, n in needed.items() if on_paper[w] < n}
            if short:
                problems.append(f"column {header!r}: values missing on paper (needed, printed): {short}")
    return problems


@pytest.mark.parametrize(("site", "path", "tables"), [
    ("built_site", PORT_PLAN, 2), ("built_site", CABLE_SHEET, 3), ("split_site", RACK_SHEET, 1)],
    ids=["port-plan", "cable-sheet", "one-rack-of-a-split-cable-sheet"])
def test_page_prints_every_column_on_a4(request: pytest.FixtureRequest, site: str, path: str, tables: int) -> None:
    """Every column of every table is on A4 sheets: its header, and each of its values as often as the table
    holds it (the port plan: a switch table and a table per switch; the cable sheet: a table per rack, or
    one rack's page of a long sheet)."""
    page = request.getfixturevalue(site) / path
    pdf = ARTIFACTS / f"print-{page.parent.name}-{page.stem}.pdf"
    print_pdf(page, pdf)
    sizes = sheet_sizes(pdf)
    assert sizes, "pdfinfo read no page"
    assert all(is_paper(s, A4) for s in sizes), f"sheets that are not A4: {sizes}"
    printed = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True,
                             check=True).stdout
    html = page.read_text(encoding="utf-8")
    parser = Tables()
    parser.feed(html)
    assert len(parser.tables) >= tables and all(headers and rows for headers, rows in parser.tables)
    problems = missing_on_paper(html, printed)
    assert not problems, "\n".join(problems)
    # the check finds a column that did not reach the paper: the words of the last column taken out
    headers, rows = parser.tables[-1]
    gone = {w for row in rows for w in words(row[-1])}
    cut = " ".join(w for w in words(printed) if w not in gone)
    assert any(f"column {headers[-1]!r}: values missing" in p for p in missing_on_paper(html, cut))


def test_letter_paper_when_the_site_asks_for_it(built_site: Path, tmp_path: Path) -> None:
    """With extra.stackplan_paper: letter the hook adds assets/print-letter.css after stackplan.css."""
    shutil.copytree(built_site / "assets", tmp_path / "assets")
    page = tmp_path / PORT_PLAN
    page.parent.mkdir(parents=True)
    html = (built_site / PORT_PLAN).read_text(encoding="utf-8")
    link = re.search(r'<link rel="stylesheet" href="(\.\./\.\./assets/stackplan\.css)">', html)
    assert link, "the page links assets/stackplan.css"
    page.write_text(html.replace(link[0], link[0] + '<link rel="stylesheet" href="../../assets/print-letter.css">'),
                    encoding="utf-8")
    pdf = ARTIFACTS / "print-port-plan-letter.pdf"
    print_pdf(page, pdf)
    sizes = sheet_sizes(pdf)
    assert sizes and all(is_paper(s, LETTER) for s in sizes), f"sheets that are not Letter: {sizes}"


def test_printed_runbook_starts_each_phase_on_a_new_sheet(built_site: Path) -> None:
    page = built_site / RUNBOOK
    html = page.read_text(encoding="utf-8")
    phases = [" ".join(html_unescape(re.sub(r"<[^>]+>", "", h)).replace("¶", "").split())
              for h in re.findall(r'<h2 class="sp-phase"[^>]*>(.*?)</h2>', html, re.S)]
    assert len(phases) >= 3, "the runbook's phases are marked for print (h2.sp-phase)"
    pdf = ARTIFACTS / "print-runbook.pdf"
    print_pdf(page, pdf)
    sizes = sheet_sizes(pdf)
    assert all(is_paper(s, A4) for s in sizes)
    tops = []
    for number in range(1, len(sizes) + 1):
        text = subprocess.run([PDFTOTEXT, "-f", str(number), "-l", str(number), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        tops.append(lines[0] if lines else "")
    for phase in phases:
        assert phase in tops, f"phase {phase!r} does not start a sheet; sheets start with {tops}"
