"""The published site in a real browser: Debian's headless Chromium, driven by Playwright.

The site is built once per session (``built_site``) and opened from disk (file://, as an
installer in a data centre would) or over a loopback web server. Every request that is not
to the disk or to 127.0.0.1 is blocked and fails the test: that is the offline check.
Each test leaves a screenshot named after it in tests/artifacts/.
"""

from __future__ import annotations

import contextlib
import importlib.util
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import DESIGNS, EXAMPLES, ROOT

CHROMIUM = shutil.which("chromium") or next((p for p in ("/usr/bin/chromium",) if Path(p).exists()), None)
if CHROMIUM is None:
    pytest.skip("browser tests skipped: Debian's chromium is not installed "
                "(run `bash scripts/setup.sh` as root, or `apt-get install chromium`)", allow_module_level=True)
if importlib.util.find_spec("playwright") is None:
    pytest.skip("browser tests skipped: the playwright package is missing "
                "(`.venv/bin/pip install -e '.[test]'`; never `playwright install`: the tests use Debian's chromium)",
                allow_module_level=True)

from playwright.sync_api import Browser, Page, Route, sync_playwright  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from generator.deployment import Deployment  # noqa: E402
from generator.pipeline import run_all  # noqa: E402
from generator.site.pages import summarise  # noqa: E402

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic"]
SCREENSHOT_HEIGHT = 4000
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
SEARCH_SLUG = "small-scale"
RUNBOOK = f"deployments/{SEARCH_SLUG}/runbook.html"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def deployments() -> dict[str, Deployment]:
    return {d.slug: d for d in run_all([DESIGNS], ROOT)}


def artefact_name(request: pytest.FixtureRequest) -> str:
    return re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")


@dataclass
class Visit:
    """One browser tab on the built site that records requests leaving the machine and script errors."""

    page: Page
    site: Path
    name: str
    base: str = ""
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.base = self.base or self.site.as_uri() + "/"

    def allow(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(LOCAL_SCHEMES) or urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def open(self, path: str, base: str | None = None) -> None:
        self.page.goto((base or self.base) + path, wait_until="load")
        self.check()

    def check(self) -> None:
        assert not self.external, f"the site tried to fetch from the network: {self.external}"
        assert not self.errors, f"script errors: {self.errors}"

    def current(self) -> str:
        """The page shown, relative to the site root (for either base)."""
        path = unquote(urlsplit(self.page.url).path)
        for root in (urlsplit(self.base).path, "/"):
            if path.startswith(root):
                return path[len(root):]
        return path

    def screenshot(self) -> Path:
        """The page from the top, down to SCREENSHOT_HEIGHT pixels (long runbooks are cut there)."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{self.name}.png"
        width, height = self.page.evaluate("() => { window.scrollTo(0, 0); const root = document.documentElement;"
                                           " return [root.clientWidth, root.scrollHeight]; }")
        self.page.screenshot(path=str(path), full_page=True,
                             clip={"x": 0, "y": 0, "width": width, "height": min(height, SCREENSHOT_HEIGHT)})
        return path


@pytest.fixture
def visit(browser: Browser, built_site: Path, request: pytest.FixtureRequest) -> Iterator[Visit]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = context.new_page()
    page.set_default_timeout(10_000)
    tab = Visit(page, built_site, artefact_name(request))
    context.route("**/*", tab.allow)
    page.on("pageerror", lambda error: tab.errors.append(str(error)))
    for stale in ARTIFACTS.glob(f"{tab.name}*"):
        stale.unlink()
    try:
        yield tab
        if page.url != "about:blank":  # a test that skipped before opening a page has nothing to show
            tab.screenshot()
        tab.check()
    finally:
        context.close()


def heading(page: Page) -> str:
    """The page's title as shown, without the permalink sign."""
    return str(page.locator(".md-content h1").first.evaluate(
        "h => [...h.childNodes].filter(n => !n.classList?.contains('headerlink')).map(n => n.textContent).join('')"
    )).strip()


def pages_containing(site: Path, needle: str, under: str = "deployments") -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in (site / under).rglob("*.html")
                  if needle in p.read_text(encoding="utf-8"))


def test_landing_page_lists_every_deployment_with_its_status(visit: Visit,
                                                             deployments: dict[str, Deployment]) -> None:
    visit.open("index.html")
    page = visit.page
    assert heading(page) == "CloudStack deployments"
    table = page.locator(".md-content table").first
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    title_at, status_at = headers.index("Deployment"), headers.index("Status")
    shown = {}
    for row in table.locator("tbody tr").all():
        cells = row.locator("td")
        href = cells.nth(title_at).locator("a").get_attribute("href") or ""
        slug = href.removeprefix("deployments/").removesuffix("/index.html")
        status = cells.nth(status_at)
        shown[slug] = (cells.nth(title_at).inner_text().strip(), status.inner_text().strip())
        assert status.locator("a").get_attribute("href") == f"deployments/{slug}/validation.html"
    expected = {slug: (d.title, summarise(d).status) for slug, d in deployments.items()}
    assert shown == expected
    assert {p.stem for p in EXAMPLES} <= set(shown)


@pytest.mark.parametrize("slug", [p.stem for p in EXAMPLES])
def test_deployment_overview_renders(visit: Visit, deployments: dict[str, Deployment], slug: str) -> None:
    visit.open(f"deployments/{slug}/index.html")
    page = visit.page
    assert heading(page) == deployments[slug].title
    assert page.locator(".md-content .admonition").first.is_visible()
    active = page.locator(".md-sidebar--primary .md-nav__link--active")
    assert active.first.inner_text().strip() == "Overview"
    if deployments[slug].valid:
        assert page.locator(".md-content table").count() >= 3, "key figures, networks and pods tables"


def test_every_image_on_deployment_pages_loads(visit: Visit, built_site: Path) -> None:
    with_images = pages_containing(built_site, "<img")
    if not with_images:
        pytest.skip("no deployment page shows an <img> yet (diagrams.md embeds the SVG diagrams)")
    checked = 0
    for path in with_images:
        visit.open(path)
        visit.page.evaluate("() => document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
        visit.page.wait_for_function("() => [...document.images].every(i => i.complete)")
        images = visit.page.evaluate("() => [...document.images].map(i => [i.getAttribute('src'), i.naturalWidth])")
        broken = [src for src, width in images if width == 0]
        assert not broken, f"{path}: images that did not load: {broken}"
        checked += len(images)
    assert checked > 0


@pytest.mark.parametrize("served", ["file", "http"])
def test_search_finds_a_host_by_name(visit: Visit, deployments: dict[str, Deployment],
                                     built_site: Path, request: pytest.FixtureRequest, served: str) -> None:
    host = deployments[SEARCH_SLUG].inventory.hosts[0].name
    naming = pages_containing(built_site, host, f"deployments/{SEARCH_SLUG}")
    assert naming, f"no page of {SEARCH_SLUG} names its host {host}: search cannot find hosts by name"
    base = request.getfixturevalue("site_url") if served == "http" else None
    visit.open("index.html", base)
    page = visit.page
    page.locator(".md-search__input").click()
    page.keyboard.type(host)
    results = page.locator(".md-search-result__item > .md-search-result__link")
    results.first.wait_for()
    visit.check()
    targets = [urlsplit(h or "").path for h in results.evaluate_all("links => links.map(a => a.href)")]
    hits = [t for t in targets if any(t.endswith("/" + p) for p in naming)]
    assert hits, f"searching {host} found {targets}, none of {naming}"
    results.first.click()
    page.wait_for_load_state("load")
    assert visit.current() in naming, f"the first result for {host} opened {visit.current()}"
    assert page.locator(".md-content").get_by_text(host).first.is_visible()


def test_content_tabs_switch(visit: Visit, built_site: Path) -> None:
    with_tabs = pages_containing(built_site, 'class="tabbed-set', "")
    if not with_tabs:
        pytest.skip("no page of the site has content tabs (=== \"Tab\") yet")
    visit.open(with_tabs[0])
    page = visit.page
    tabs = page.locator(".md-content .tabbed-set").filter(has=page.locator(".tabbed-labels > label:nth-child(2)"))
    assert tabs.count() > 0, f"{with_tabs[0]}: no tab set with two tabs"
    tab_set = tabs.first
    labels = tab_set.locator(":scope > .tabbed-labels > label")
    blocks = tab_set.locator(":scope > .tabbed-content > .tabbed-block")
    assert labels.count() == blocks.count()
    assert blocks.nth(0).is_visible() and not blocks.nth(1).is_visible()
    labels.nth(1).click()
    assert blocks.nth(1).is_visible() and not blocks.nth(0).is_visible()
    assert tab_set.locator(":scope > input").nth(1).is_checked()


# Material draws a task-list checkbox as the ::before box of a zero-width indicator, left of the
# item: the centre of that box is where a reader clicks (or, when printing, what shows).
CHECKBOX_BOX = """(i) => {
    const box = getComputedStyle(i, '::before'), item = i.closest('li').getBoundingClientRect();
    return {x: item.left + parseFloat(box.left) + parseFloat(box.width) / 2,
            y: item.top + parseFloat(box.top) + parseFloat(box.height) / 2,
            width: parseFloat(box.width), shown: box.display !== 'none' && box.content !== 'none'};
}"""


def test_runbook_checkboxes_can_be_ticked(visit: Visit, built_site: Path) -> None:
    if not (built_site / RUNBOOK).exists():
        pytest.skip(f"{RUNBOOK} is not generated yet")
    visit.open(RUNBOOK)
    page = visit.page
    boxes = page.locator(".md-content .task-list-item input[type=checkbox]")
    assert boxes.count() > 3, "a runbook is a list of steps to tick"
    assert not any(box.is_checked() for box in boxes.all())
    indicator = page.locator(".md-content .task-list-indicator").nth(1)
    indicator.scroll_into_view_if_needed()
    box = indicator.evaluate(CHECKBOX_BOX)
    page.mouse.click(box["x"], box["y"])
    assert boxes.nth(1).is_checked(), "clicking the drawn box ticks the step"
    assert not boxes.nth(0).is_checked() and not boxes.nth(2).is_checked()
    page.mouse.click(box["x"], box["y"])
    assert not boxes.nth(1).is_checked(), "a second click unticks it"
    page.mouse.click(box["x"], box["y"])  # ticked again, for the screenshot


def test_runbook_prints_without_navigation(visit: Visit, built_site: Path) -> None:
    if not (built_site / RUNBOOK).exists():
        pytest.skip(f"{RUNBOOK} is not generated yet")
    visit.open(RUNBOOK)
    page = visit.page
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        if page.locator(chrome).count():
            assert not page.locator(chrome).first.is_visible(), f"{chrome} shows when printing"
    assert page.locator(".md-content h1").first.is_visible()
    box = page.locator(".md-content .task-list-indicator").first.evaluate(CHECKBOX_BOX)
    assert box["shown"] and box["width"] > 0, "checkboxes print"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / f"{visit.name}.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 10_000


DEVICE_SLUG = "large-scale-redundant"  # the example with racks
DEVICE = "ams1-p02-kvm07"


def test_search_finds_a_device_page_first(visit: Visit) -> None:
    """Searching a device's name lists its own page first (front matter ``search: boost``), above the
    port plan, the runbook and the other pages that mention it."""
    visit.open("index.html")
    page = visit.page
    page.locator(".md-search__input").click()
    # The whole name in one input event: typed key by key, the first results shown belong to a prefix
    # ("ams1-p0"), whose best page is another device's. Material reads the query on key-up: End sends one.
    page.locator(".md-search__input").fill(DEVICE)
    page.locator(".md-search__input").press("End")
    results = page.locator(".md-search-result__item > .md-search-result__link")
    want = f"deployments/{DEVICE_SLUG}/devices/{DEVICE}.html"
    # The search worker indexes every page first (slow on a loaded machine): wait for the answer to the
    # whole query, then read it.
    with contextlib.suppress(PlaywrightTimeout):  # on a timeout the assertion below names the page found
        page.wait_for_function(
            "want => { const a = document.querySelector('.md-search-result__item > .md-search-result__link');"
            " return a && new URL(a.href).pathname.endsWith(want); }", arg=want, timeout=60_000)
    first = urlsplit(results.first.get_attribute("href") or "").path
    assert first.endswith(want), first
    results.first.click()
    page.wait_for_load_state("load")
    assert heading(page) == DEVICE


@pytest.mark.parametrize("path, title", [
    (f"devices/{DEVICE}.html", DEVICE),
    ("racks.html", "Racks: Amsterdam production cloud"),
    ("cables.html", "Cable sheet: Amsterdam production cloud"),
    ("bom.html", "Bill of materials: Amsterdam production cloud"),
])
def test_device_rack_cable_and_material_pages_render(visit: Visit, path: str, title: str) -> None:
    """Each new page kind opens with its tables (the screenshot of each is in tests/artifacts/); on the
    racks page every elevation loads, and device names link to device pages that exist."""
    visit.open(f"deployments/{DEVICE_SLUG}/{path}")
    page = visit.page
    assert heading(page) == title
    assert page.locator(".md-content table").count() >= 1
    page.evaluate("() => document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    widths = page.evaluate("() => [...document.querySelectorAll('.md-content img')].map(i => i.naturalWidth)")
    assert all(w > 0 for w in widths)
    if path == "racks.html":
        assert len(widths) == 3, "one elevation per rack"
    # a device page links its neighbours beside it; the other pages link into devices/
    selector = "a[href$='.html']:not([href^='..'])" if path.startswith("devices/") else "a[href*='devices/']"
    links = page.evaluate("s => [...document.querySelectorAll('.md-content ' + s)].map(a => a.getAttribute('href'))",
                          selector)
    assert links or path == "bom.html"
    base = visit.site / "deployments" / DEVICE_SLUG / Path(path).parent
    missing = [h for h in links if not (base / h.split("#")[0]).is_file()]
    assert not missing, missing


def test_device_page_facts_have_no_header_row(visit: Visit) -> None:
    """The key/value box at the top of a device page shows its rows only: no empty (or any) header row,
    no sort arrows and no filter box; the tables below it sort and filter as every table does."""
    visit.open(f"deployments/{DEVICE_SLUG}/devices/{DEVICE}.html")
    page = visit.page
    facts = page.locator(".md-content .sp-facts table")
    assert facts.count() == 1
    assert not facts.locator("thead").is_visible()
    first = facts.locator("tr:visible").first.locator("td").all_inner_texts()
    assert [t.strip() for t in first] == ["Kind", "hypervisor host (kvm)"]
    assert facts.get_attribute("data-sp") is None, "not set up as a sortable table"
    assert page.locator(".md-content .sp-facts .sp-filter").count() == 0
    assert page.locator(".md-content table.sp-table").count() >= 2


@pytest.mark.parametrize("picture, device", [("diagrams/topology.svg", "ams1-p01-leaf1"),
                                             ("racks/rack-ams1-f01.svg", "ams1-p01-kvm03")])
def test_a_device_in_a_picture_opens_its_page(visit: Visit, picture: str, device: str) -> None:
    """Opened by itself (the zoom view's "Open the SVG"), a diagram or rack elevation is a map: a click on a
    switch or host opens its page."""
    visit.open(f"deployments/{DEVICE_SLUG}/{picture}")
    page = visit.page
    page.locator(f"a[href='../devices/{device}.html'], a[*|href='../devices/{device}.html']").first.click()
    page.wait_for_load_state("load")
    assert visit.current() == f"deployments/{DEVICE_SLUG}/devices/{device}.html"
    assert heading(page) == device
