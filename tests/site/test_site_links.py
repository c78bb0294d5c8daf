"""Every internal link of the built site resolves, and no page loads anything from the network.

Pure Python (html.parser), no browser: it runs wherever the site builds.
"""

from __future__ import annotations

from functools import cache
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

import pytest

# Attributes that point at another page or file, per tag.
LINK_ATTRS = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src",
              "object": "data", "embed": "src", "video": "src", "audio": "src"}
# Tags whose URL the browser fetches while showing the page (as opposed to one the reader may follow).
# <link rel=...> values that only name an address; stylesheets, icons and preloads are fetched.
ADDRESS_ONLY = {"canonical", "alternate", "prev", "next", "author", "license"}
LOADED = {"link", "img", "script", "source", "iframe", "object", "embed", "video", "audio"}


class Link(NamedTuple):
    tag: str
    url: str
    line: int
    rel: str


class PageLinks(HTMLParser):
    """The links and the anchor ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if values.get(key):
                self.ids.add(str(values[key]))
        wanted = LINK_ATTRS.get(tag)
        url = values.get(wanted) if wanted else None
        if url is not None:
            self.links.append(Link(tag, url, self.getpos()[0], values.get("rel") or ""))


@cache
def parse(page: Path) -> PageLinks:
    parser = PageLinks()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return parser


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def broken_links(site: Path, page: Path) -> list[str]:
    """Relative links of ``page`` whose file or anchor does not exist in ``site``."""
    problems = []
    here = PurePosixPath(page.relative_to(site).as_posix())
    for tag, url, line, _ in parse(page).links:
        if is_external(url):
            continue
        parts = urlsplit(url)
        if not parts.path and not parts.fragment:
            continue  # "" or "?query": this page
        path = unquote(parts.path)
        if path.startswith("/"):  # root-relative, as on 404.html: the site's root
            target = (site / path.lstrip("/")).resolve()
        else:
            target = (site / here.parent / (path or here.name)).resolve()
        if parts.path.endswith("/") or target.is_dir():
            target = target / "index.html"
        where = f"{here}:{line} <{tag}> {url!r}"
        if not target.is_relative_to(site.resolve()):
            problems.append(f"{where}: points outside the site")
        elif not target.is_file():
            problems.append(f"{where}: {target.relative_to(site.resolve())} does not exist")
        elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in parse(target).ids:
            problems.append(f"{where}: no id {unquote(parts.fragment)!r} in {target.relative_to(site.resolve())}")
    return problems


def test_every_internal_link_resolves(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 10, "the site has hardly any pages"
    checked = sum(1 for p in pages for link in parse(p).links if not is_external(link.url))
    problems = [problem for page in pages for problem in broken_links(built_site, page)]
    assert not problems, f"{len(problems)} broken internal link(s) of {checked}:\n" + "\n".join(problems[:50])


def test_pages_load_nothing_from_the_network(built_site: Path) -> None:
    """Opened from disk in a data centre, no page may need a CDN, web font or remote image."""
    remote = [f"{page.relative_to(built_site)}:{link.line} <{link.tag}> {link.url}"
              for page in sorted(built_site.rglob("*.html"))
              for link in parse(page).links
              if link.tag in LOADED and is_external(link.url) and not link.url.startswith("data:")
              and not (link.tag == "link" and link.rel in ADDRESS_ONLY)]
    assert not remote, "pages fetch from the network:\n" + "\n".join(remote[:50])


@pytest.mark.parametrize(("url", "external"), [("https://example.org/x", True), ("//cdn.example/x.js", True),
                                               ("mailto:a@b", True), ("../x.html#a", False), ("#top", False)])
def test_external_means_scheme_or_host(url: str, external: bool) -> None:
    assert is_external(url) is external


def test_checker_finds_missing_files_and_anchors(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text('<h2 id="here">B</h2><a name="old"></a>')
    (tmp_path / "a.html").write_text('<a href="sub/b.html#here">ok</a> <a href="sub/b.html#old">ok</a>\n'
                                     '<a href="sub/b.html#gone">x</a> <img src="sub/c.png">\n'
                                     '<a href="../outside.html">x</a> <a href="#self">x</a> <p id="self"></p>\n'
                                     '<a href="https://example.org/">external</a>')
    problems = broken_links(tmp_path, tmp_path / "a.html")
    assert [p.split(": ", 1)[1] for p in problems] == [
        "no id 'gone' in sub/b.html", "sub/c.png does not exist", "points outside the site"]
