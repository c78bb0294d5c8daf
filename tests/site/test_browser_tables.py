"""The vendored scripts in a real browser: tables sort and filter, headers stay on screen, wide
tables fit the page, and a diagram opens in a full-window view that pans and zooms.

Uses the browser and the offline-checking tab of test_browser.py (skipped the same way without
Chromium). Screenshots of the port plan and the diagrams page at 1280 and 1920 px go to tests/artifacts/.
"""

# ruff: noqa: F811  (the tests take the fixtures imported from test_browser.py as parameters)
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.site.test_browser import ARTIFACTS, Visit, browser, visit  # noqa: F401  (fixtures)

if TYPE_CHECKING:
    from playwright.sync_api import Locator

PORT_PLAN = "deployments/large-scale-redundant/ports.html"
DIAGRAMS = "deployments/large-scale-redundant/diagrams.html"
WIDE_PAGES = [PORT_PLAN, "deployments/large-scale-redundant/host-configs.html",
              "deployments/large-scale-redundant/ip-plan.html", "deployments/multi-site/ports.html"]


def natural_key(text: str) -> list[tuple[int, int | str]]:
    """The order the page sorts in: numbers by value, text without case, an empty cell ('—') last."""
    if text.strip() in ("", "—"):
        return [(2, "")]
    return [(0, int(p)) if p.isdigit() else (1, p.lower()) for p in re.split(r"(\d+)", text.strip()) if p]


def column(table: Locator, index: int) -> list[str]:
    cells = table.locator(f"tbody tr:not([hidden]) td:nth-child({index + 1})")
    return [str(t).strip() for t in cells.all_inner_texts()]


def test_a_table_sorts_by_any_column(visit: Visit) -> None:
    visit.open(PORT_PLAN)
    page = visit.page
    table = page.locator(".md-content table.sp-table").nth(1)  # the first switch's ports
    heads = table.locator("thead th")
    headers = [h.strip() for h in heads.all_inner_texts()]
    port = headers.index("Port")
    original = column(table, port)
    assert len(original) > 5
    heads.nth(port).click()
    assert heads.nth(port).get_attribute("aria-sort") == "ascending"
    ascending = column(table, port)
    assert ascending == sorted(original, key=natural_key), "ports in natural order (Ethernet1/2 before 1/10)"
    assert ascending != original or original == sorted(original, key=natural_key)
    heads.nth(port).click()
    assert heads.nth(port).get_attribute("aria-sort") == "descending"
    assert column(table, port) == ascending[::-1]
    peer = headers.index("Connects to")
    before = sorted(column(table, peer))
    heads.nth(peer).click()
    peers = column(table, peer)
    assert peers == sorted(peers, key=natural_key) and sorted(peers) == before, "rows move whole"
    visit.check()


def test_a_table_filters_by_words_in_any_column(visit: Visit) -> None:
    visit.open(PORT_PLAN)
    page = visit.page
    table = page.locator(".md-content table.sp-table").nth(1)
    rows = table.locator("tbody tr")
    total = rows.count()
    box = page.locator(".md-content .sp-filter").nth(1)
    texts = [t.lower() for t in rows.all_inner_texts()]
    word = "trunk"
    box.locator("input").fill(word)
    expected = sum(1 for t in texts if word in t)
    assert 0 < expected < total or expected == total
    assert table.locator("tbody tr:not([hidden])").count() == expected
    assert box.locator(".sp-filter__count").inner_text() == f"{expected} of {total} rows"
    # two words: rows holding both, in any columns and any case
    first = texts[0].split()
    query = f"{first[0].upper()} {first[-1]}"
    box.locator("input").fill(query)
    both = sum(1 for t in texts if first[0] in t and first[-1] in t)
    assert table.locator("tbody tr:not([hidden])").count() == both >= 1
    box.locator("input").fill("no-such-thing-anywhere")
    assert table.locator("tbody tr:not([hidden])").count() == 0
    box.locator("input").fill("")
    assert table.locator("tbody tr:not([hidden])").count() == total
    visit.check()


def test_header_row_stays_on_screen(visit: Visit) -> None:
    visit.open(PORT_PLAN)
    page = visit.page
    table = page.locator(".md-content table.sp-table").last
    table.locator("tbody tr").last.scroll_into_view_if_needed()
    header_bar = page.locator(".md-header").bounding_box()
    head = table.locator("thead th").first.bounding_box()
    body = table.bounding_box()
    assert header_bar and head and body
    assert body["y"] < 0, "the table's top has scrolled out of the window"
    assert abs(head["y"] - (header_bar["y"] + header_bar["height"])) < 3, "its header row sits below the bar"


@pytest.mark.parametrize("width", [1280, 1920])
def test_tables_fit_the_page(visit: Visit, width: int) -> None:
    visit.page.set_viewport_size({"width": width, "height": 900})
    for path in WIDE_PAGES:
        visit.open(path)
        cut = visit.page.evaluate("""() => {
            const edge = document.querySelector('.md-content').getBoundingClientRect().right + 1;
            return [...document.querySelectorAll('.md-content table')]
              .filter(t => t.getBoundingClientRect().right > edge).map(t => t.querySelector('th')?.textContent);
        }""")
        assert not cut, f"{path} at {width} px: tables wider than the page: {cut}"
        overflow = visit.page.evaluate("() => document.documentElement.scrollWidth"
                                       " - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} at {width} px scrolls sideways by {overflow} px"


def transform(visit: Visit) -> tuple[float, float, float]:
    text = str(visit.page.locator(".sp-zoom__image").evaluate("e => e.style.transform"))
    match = re.fullmatch(r"scale\(([\d.]+)\) translate\((-?[\d.]+)px, (-?[\d.]+)px\)", text)
    assert match, text
    return float(match[1]), float(match[2]), float(match[3])


def test_a_diagram_opens_full_window_with_pan_and_zoom(visit: Visit) -> None:
    visit.open(DIAGRAMS)
    page = visit.page
    link = page.locator(".md-content a.sp-diagram").first
    link.click()
    view = page.locator(".sp-zoom[data-ready=true]")
    view.wait_for()
    assert visit.current() == DIAGRAMS, "the click opened the view, not the SVG file"
    box = view.bounding_box()
    assert box and box["width"] == 1280 and box["height"] == 900, "full window"
    image = page.locator(".sp-zoom__image")
    natural = image.evaluate("i => [i.naturalWidth, i.naturalHeight]")
    shown = image.bounding_box()
    assert shown and abs(shown["width"] - natural[0]) < 1, "opens at actual size: labels as drawn (12 pt and up)"
    scale, x, y = transform(visit)
    assert scale == 1
    page.mouse.move(640, 450)
    page.mouse.down()
    page.mouse.move(440, 300, steps=4)
    page.mouse.up()
    _, x2, y2 = transform(visit)
    assert (x2, y2) == (x - 200, y - 150), "dragging pans the picture"
    page.get_by_role("button", name="Zoom in").click()
    # Panzoom animates the step: the transform reaches its new scale a frame or more after the click.
    page.wait_for_function("() => { const m = /^scale\\(([\\d.]+)\\)/.exec("
                           "document.querySelector('.sp-zoom__image').style.transform); return m && +m[1] > 1; }",
                           timeout=5000)
    assert transform(visit)[0] > 1
    page.mouse.move(640, 450)
    page.mouse.wheel(0, 400)
    page.wait_for_timeout(100)
    zoomed_out = transform(visit)[0]
    page.get_by_role("button", name="Whole picture").click()
    page.wait_for_function("() => /^scale\\(0\\./.test(document.querySelector('.sp-zoom__image').style.transform)",
                           timeout=5000)
    fit = transform(visit)[0]
    assert fit < 1 and zoomed_out != fit
    whole = image.bounding_box()
    assert whole and whole["width"] <= 1280 + 1 and whole["height"] <= box["height"] + 1, "Fit shows all of it"
    page.screenshot(path=str(ARTIFACTS / f"{visit.name}-fit.png"))
    page.keyboard.press("Escape")
    assert page.locator(".sp-zoom").count() == 0, "Esc closes the view"
    assert page.locator("html.sp-zoom-open").count() == 0
    visit.check()


@pytest.mark.parametrize("width", [1280, 1920])
@pytest.mark.parametrize("path", [PORT_PLAN, DIAGRAMS])
def test_screenshots(visit: Visit, width: int, path: str) -> None:
    """Pictures to look at (tests/artifacts/): the page as a reader sees it first, and further down."""
    visit.page.set_viewport_size({"width": width, "height": 1000})
    visit.open(path)
    stem = ARTIFACTS / f"{Path(path).stem}-{width}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    visit.page.screenshot(path=f"{stem}.png")
    visit.page.mouse.wheel(0, 2500)
    visit.page.wait_for_timeout(200)
    visit.page.screenshot(path=f"{stem}-scrolled.png")
    if path == DIAGRAMS:
        visit.page.locator(".md-content a.sp-diagram").first.click()
        visit.page.locator(".sp-zoom[data-ready=true]").wait_for()
        visit.page.screenshot(path=f"{stem}-zoom.png")
    assert Path(f"{stem}.png").stat().st_size > 10_000
