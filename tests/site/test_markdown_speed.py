"""generator/site/markdown_speed.py: a reused Markdown instance and the inline fast path give the HTML that
MkDocs and Markdown give without them, page after page, and nothing of one page reaches the next."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from pathlib import Path
from typing import Any

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor, Pattern, SimpleTagInlineProcessor
from markdown.treeprocessors import InlineProcessor as InlineTreeprocessor
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.site import markdown_speed
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not (markdown_speed._verified("mkdocs") and markdown_speed._verified("markdown")),
                                reason="markdown_speed is off for these versions of MkDocs or Markdown")

MARKS = (markdown_speed._MARK, "_stackplan_fast")


def _unwrapped(function: Any) -> Any:
    """The function under every wrapper of markdown_speed and mkdocs_speed."""
    while True:
        inner = next((getattr(function, mark) for mark in MARKS if hasattr(function, mark)), None)
        if inner is None:
            return function
        function = inner


@pytest.fixture(autouse=True)
def installed() -> None:
    markdown_speed.install()


SITE_EXTENSIONS = [
    "toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html", "pymdownx.details",
    "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.highlight", "pymdownx.inlinehilite",
]
SITE_CONFIGS: dict[str, dict[str, Any]] = {
    "toc": {"permalink": True}, "pymdownx.tabbed": {"alternate_style": True},
    "pymdownx.tasklist": {"custom_checkbox": True, "clickable_checkbox": True},
    "pymdownx.highlight": {"anchor_linenums": False},
}

EVERYTHING = """# The title *with* `code`

[Other page](other.md) · [its part](other.md#part) · [here](#second) · [outside](https://example.org/x)
{ .crumbs }

Text with **strong**, *em*, _under_, ***both***, `code`, \\*escaped\\*, &amp; &#169; &copy;, <b>raw</b>,
<https://example.org>, <me@example.org>, ![picture](img.png), [ref link][r], [r][], [r] and a break  
after it. `#!python print("inline hilite")` and `` a ` tick ``.

[r]: other.md "Reference title"

<div class="facts" markdown>

| Fact | Value |
|---|---|
| Kind | host (kvm) |
| Link | [p03-leaf1](other.md) `Ethernet1/28` |
| Plain | just words here |

</div>

<a id="raw-anchor"></a>
<p id="raw-p">Raw HTML block</p>

## Second

!!! note "An admonition"
    With a [link](other.md) and `code`.

??? tip "Details"
    Hidden *text*.

=== "One"

    ```bash
    echo one
    ```

=== "Two"

    Tab two text.

- [x] done task
- [ ] open task

```python title="x.py"
def f():
    return 1
```

## Second

1. first
2. second with [link](other.md#part)

Term
"""

OTHER = """# Other

## Part

Plain words only, no markup at all.

=== "A"

    a

=== "B"

    b

## Second
"""

ABBR_FOOTNOTES = """# Notes

The HTML spec says so.[^1] And again.[^note]

*[HTML]: Hyper Text Markup Language

[^1]: First note.
[^note]: Second note with [a link](other.md).

## Notes
"""

WITHOUT = """# Plain

HTML without footnotes or abbreviations; a [^1] that is no reference.

## Notes
"""


def _site(tmp_path: Path, extensions: list[str], configs: dict[str, dict[str, Any]]) -> tuple[MkDocsConfig, Files]:
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    for name, text in (("every.md", EVERYTHING), ("other.md", OTHER), ("notes.md", ABBR_FOOTNOTES),
                       ("plain.md", WITHOUT)):
        (docs / name).write_text(text, "utf-8")
    (docs / "img.png").write_bytes(b"")
    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "docs_dir": str(docs), "site_dir": str(tmp_path / "site"),
                      "use_directory_urls": False, "validation": {"anchors": "info"},
                      "markdown_extensions": [{e: configs[e]} if e in configs else e for e in extensions]})
    errors, _warnings = config.validate()
    assert not errors, errors
    files = Files([File(name, str(docs), str(tmp_path / "site"), False)
                   for name in ("every.md", "other.md", "notes.md", "plain.md", "img.png")])
    return config, files


def _render(config: MkDocsConfig, files: Files, names: list[str], render: Any) -> list[dict[str, Any]]:
    results = []
    for name in names:
        file = files.get_file_from_path(name)
        assert file is not None
        page = Page(None, file, config)
        page.read_source(config)
        render(page, config, files)
        results.append({"content": page.content, "toc": _toc(page.toc), "title": page._title_from_render,
                        "anchors": sorted(page.present_anchor_ids or ()),
                        "links": {f.src_uri: dict(a) for f, a in (page.links_to_anchors or {}).items()}})
    return results


def _toc(items: Any) -> list[Any]:
    return [[item.level, item.id, item.title, _toc(item.children)] for item in items]


ORDER = ["every.md", "notes.md", "plain.md", "other.md", "every.md", "notes.md", "every.md", "plain.md"]


@pytest.mark.parametrize(("extensions", "configs"), [
    (SITE_EXTENSIONS, SITE_CONFIGS),
    ([*SITE_EXTENSIONS, "abbr", "footnotes", "def_list", "sane_lists"],
     {**SITE_CONFIGS, "footnotes": {"UNIQUE_IDS": True}}),
    (["toc", "tables", "fenced_code", "abbr", "footnotes"], {"toc": {"permalink": "#"}}),
], ids=["site", "site-and-more", "markdown-only"])
def test_reused_instance_gives_what_a_new_one_gives(tmp_path: Path, extensions: list[str],
                                                    configs: dict[str, dict[str, Any]]) -> None:
    config, files = _site(tmp_path, extensions, configs)
    fresh = _render(config, files, ORDER, _unwrapped(Page.render))
    markdown_speed._kept.clear()
    reused = _render(config, files, ORDER, Page.render)
    assert reused == fresh
    key = markdown_speed._settings_key(config)
    assert key is not None and len(markdown_speed._kept[key[0]]) == 1  # one instance did every page
    every = fresh[0]
    assert every["title"] == "The title with code"
    assert "raw-anchor" in every["anchors"] and "raw-p" in every["anchors"] and "second_1" in every["anchors"]
    assert every["links"]["other.md"] == {"part": "other.md#part"} and "second" in every["links"]["every.md"]


def test_nothing_of_one_page_reaches_the_next(tmp_path: Path) -> None:
    config, files = _site(tmp_path, [*SITE_EXTENSIONS, "abbr", "footnotes"], SITE_CONFIGS)
    notes, plain, other, other_again = _render(config, files, ["notes.md", "plain.md", "other.md", "other.md"],
                                               Page.render)
    assert '<abbr title="Hyper Text Markup Language">HTML</abbr>' in notes["content"]
    assert 'class="footnote"' in notes["content"]
    assert "<abbr" not in plain["content"] and 'class="footnote' not in plain["content"] and "fnref" not in plain["content"]
    assert [item[1] for item in plain["toc"][0][3]] == ["notes"]  # not notes_1: the ids start again
    assert 'id="__tabbed_1_1"' in other["content"] and "__tabbed_2" not in other["content"]
    assert other_again == other


def test_unknown_extension_is_converted_as_mkdocs_does(tmp_path: Path) -> None:
    config, files = _site(tmp_path, [*SITE_EXTENSIONS, "smarty"], SITE_CONFIGS)
    md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])
    assert not markdown_speed.reusable(md, config["markdown_extensions"])
    fresh = _render(config, files, ORDER, _unwrapped(Page.render))
    assert _render(config, files, ORDER, Page.render) == fresh
    key = markdown_speed._settings_key(config)
    assert key is not None and key[0] in markdown_speed._refused and key[0] not in markdown_speed._kept
    site = markdown.Markdown(extensions=SITE_EXTENSIONS, extension_configs=SITE_CONFIGS)
    assert markdown_speed.reusable(site, SITE_EXTENSIONS)
    assert not markdown_speed.reusable(site, [*SITE_EXTENSIONS, "markdown.extensions.smarty:SmartyExtension"])


class _Legacy(Pattern):
    """An old-style pattern (matched against the whole text, ``^(.*?)…(.*)$``): ``%%word%%`` as <kbd>."""

    def handleMatch(self, m: re.Match[str]) -> etree.Element:  # type: ignore[override]
        element = etree.Element("kbd")
        element.text = m.group(3)  # group 1 is what comes before the match
        return element


class _OwnExpression(InlineProcessor):
    """A new-style pattern with its own getCompiledRegExp: ``@@word@@`` as <var>."""

    def getCompiledRegExp(self) -> re.Pattern[str]:
        return re.compile(r"@@(\w+)@@")

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:  # type: ignore[override]
        element = etree.Element("var")
        element.text = m.group(1)
        return element, m.start(0), m.end(0)


class _Rejecting(InlineProcessor):
    """Matches ``~x`` but rejects every match: handleMatch runs and returns no element."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[None, None, None]:  # type: ignore[override]
        return None, None, None


class _Registering(InlineProcessor):
    """``%reg`` registers a new pattern (``++x++`` as <ins>) in the middle of the conversion."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:  # type: ignore[override]
        self.md.inlinePatterns.register(SimpleTagInlineProcessor(r"()\+\+(.+?)\+\+", "ins"), "ins", 5)
        element = etree.Element("span")
        element.text = "reg"
        return element, m.start(0), m.end(0)


class _Patterns(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.inlinePatterns.register(_Legacy(r"(%%)(\w+)%%", md), "legacy", 175)
        md.inlinePatterns.register(_OwnExpression(r"unused", md), "own", 165)
        md.inlinePatterns.register(_Rejecting(r"~\w", md), "rejecting", 55)
        md.inlinePatterns.register(SimpleTagInlineProcessor(r"()\^(.+?)\^", "sup"), "sup", 65)
        md.inlinePatterns.register(_Registering(r"%reg", md), "registering", 54)


INLINE_TEXTS = [
    "plain words in a cell", "hypervisor host (kvm)", "`10.64.12.38`", "[p03-leaf1](p03-leaf1.md) `Ethernet1/28`",
    "a *b* c **d** e ___f___ `g` h", "x \\* y \\_ z", "&amp; &#169; &nope; a & b", "<b>bold</b> <i>x",
    "<https://example.org> <me@example.org> <not a link>", "![img](a.png) ![ref][r] [r][] [r] [x](<y z>)",
    "line  \nbreak", "%%kbd%% and @@var@@ and ~rejected ^sup^", "*[x](y)* and [*x*](y) and `*not em*`",
    "`#!python 1 + 2` then **[link `code`](z.md)**", "++before++ %reg ++after++ and *%reg* ++em++", "[unclosed (link](", "a_b_c snake_case *", "<!-- c --> <?p?>",
]


def _convert(text: str, extensions: list[Any], configs: dict[str, Any]) -> str:
    md = markdown.Markdown(extensions=extensions, extension_configs=configs)
    return md.convert(text)


def _both(text: str, extensions: list[Any], configs: dict[str, Any], patch: pytest.MonkeyPatch) -> tuple[str, str]:
    assert hasattr(InlineTreeprocessor._InlineProcessor__handleInline, markdown_speed._MARK)  # type: ignore[attr-defined]
    fast = _convert(text, extensions, configs)
    with patch.context() as original:
        name = "_InlineProcessor__handleInline"
        original.setattr(InlineTreeprocessor, name, _unwrapped(getattr(InlineTreeprocessor, name)))
        plain = _convert(text, extensions, configs)
    return fast, plain


@pytest.mark.parametrize("text", INLINE_TEXTS)
def test_inline_fast_path_gives_markdowns_html(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for extensions in ([*SITE_EXTENSIONS, _Patterns()], ["abbr", "footnotes", _Patterns()], [], SITE_EXTENSIONS):
        table = f"[r]: r.md\n\n{text}\n\n| a | b |\n|---|---|\n| {text} | x |\n\n- {text}\n"
        fast, plain = _both(table, extensions, SITE_CONFIGS if extensions else {}, monkeypatch)
        assert fast == plain
        if "%%kbd%%" in text and any(isinstance(e, _Patterns) for e in extensions):  # the legacy pattern, the one with its own expression, ^sup^
            assert fast.count("<kbd>kbd</kbd>") == 3 and fast.count("<var>var</var>") == 3
            assert fast.count("<sup>sup</sup>") == 3 and fast.count("~rejected") == 3


PIECES = ["a", " ", "  \n", "*", "**", "_", "`", "``", "[", "]", "(", ")", "x.md", "!", "<", ">", "&", ";",
          "#", "\\", "%%", "@@", "~", "^", "http://e.org", "@", "amp", "b", "\n", "|", "%reg", "++"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=30))
def test_inline_fast_path_on_any_text(pieces: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    text = "".join(pieces)
    for extensions in ([*SITE_EXTENSIONS, _Patterns()], SITE_EXTENSIONS):  # the second with the prefilter
        fast, plain = _both(text, extensions, SITE_CONFIGS, monkeypatch)
        assert fast == plain


def test_the_site_uses_what_was_read_for_reuse() -> None:
    """The extensions of the repository's mkdocs.yml are all ones whose state markdown_speed knows."""
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    listed = re.findall(r"^  - ([\w.]+)", text.split("markdown_extensions:", 1)[1].split("\n\n", 1)[0], re.M)
    assert listed == [e for e in SITE_EXTENSIONS if e not in ("toc", "tables", "fenced_code")] or \
        set(listed) <= set(SITE_EXTENSIONS)
    md = markdown.Markdown(extensions=["toc", "tables", "fenced_code", *listed], extension_configs=SITE_CONFIGS)
    assert markdown_speed.reusable(md, ["toc", "tables", "fenced_code", *listed])


material_search = pytest.importorskip("material.plugins.search.plugin")
FastParser = markdown_speed._fast_search_parser(material_search)
MaterialParser = _unwrapped(material_search.Parser)


def _sections(parser_class: Any, html: str) -> list[tuple[Any, ...]]:
    parser = parser_class()
    parser.feed(html)
    parser.close()
    return [(s.el.tag, s.el.attrs, s.depth, s.title, s.text, s.id, s.is_excluded()) for s in parser.data]


SEARCH_HTML = [
    "<p>Before any heading</p><h1 id=\"t\">Title <code>x</code><a class=\"headerlink\" href=\"#t\">&para;</a></h1>"
    "<p>Text &amp; more &lt;b&gt;</p>\n\n<h2 id=\"a\">A</h2><ul>\n<li>one</li>\n<li> </li></ul>",
    "<h2 id=\"first\">Not h1 first</h2><p>x</p><div><h3 id=\"in\">Nested</h3><p>in</p></div><p>after the div</p>",
    "<div data-search-exclude><p>hidden</p><div>inner</div><p>seen again: the inner div's end cleared it</p></div>",
    "<div data-search-exclude><p>hidden <b>b</b></p></div><p>shown</p><table><tr><td>cell</td></tr></table>",
    "<pre><code>line 1\n\n   indented\n</code></pre><p>a\nb</p>   \n  <p> </p>",
    "<script>var x = '<p>no</p>';</script><style>p {}</style><object>o</object><p>yes</p>",
    "<table class=\"linenodiv\"><tr><td>1</td></tr></table><div class=\"linenodiv\"><p>2</p></div><p>3</p>",
    "<h1>no id</h1><h2 id=\"x\">X<br/>Y<img src=\"a\"></h2></p></div><p>stray ends</p><sub>s</sub><sup></sup>",
    "<hx>odd</hx><h4 id=\"h4\">four</h4><ol><li><p>deep <em>em</em></p></li></ol>",
]


@pytest.mark.parametrize("html", SEARCH_HTML)
def test_search_parser_gives_materials_sections(html: str) -> None:
    assert _sections(FastParser, html) == _sections(MaterialParser, html)


TAGS = ["p", "div", "h1", "h2", "h3", "pre", "code", "li", "ul", "a", "table", "td", "script", "br", "span"]


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.one_of(
    st.sampled_from(TAGS).map(lambda t: f"<{t}>"), st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
    st.sampled_from(TAGS).map(lambda t: f'<{t} id="i">'), st.sampled_from(TAGS).map(lambda t: f"<{t} data-search-exclude>"),
    st.sampled_from(["<a class=\"headerlink\">", '<div class="linenodiv">', "text", " ", "\n", "a\nb", "&amp;", "<br/>",
                     "<"]),
), max_size=40))
def test_search_parser_on_any_html(pieces: list[str]) -> None:
    html = "".join(pieces)
    try:
        expected = _sections(MaterialParser, html)
    except ValueError:  # Material's parser fails on some broken HTML (a kept end tag without its start)
        with pytest.raises(ValueError):
            _sections(FastParser, html)
        return
    assert _sections(FastParser, html) == expected


def test_search_entries_of_a_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Material's SearchIndex gives the same entries with either parser for a page of the site's extensions."""
    config, files = _site(tmp_path, SITE_EXTENSIONS, SITE_CONFIGS)
    file = files.get_file_from_path("every.md")
    assert file is not None
    page = Page(None, file, config)
    page.read_source(config)
    _unwrapped(Page.render)(page, config, files)
    entries = []
    for parser in (MaterialParser, FastParser):
        monkeypatch.setattr(material_search, "Parser", parser)
        index = material_search.SearchIndex(separator=" ")
        index.add_entry_from_context(page)
        entries.append(index.entries)
    assert entries[0] == entries[1]
    assert [e["location"] for e in entries[0]] == ["every.html", "every.html#second", "every.html#second_1"]


@pytest.mark.parametrize(("expression", "starts"), [
    (r"  \n", {"  \n"}), (r"\!\[", {"!["}), (r"(?<!\!)\[", {"["}), (r"\*|_", {"*", "_"}),
    (r"(?:ab|c)d", {"ab", "c"}), (r"(?=x)x+y", {"x"}), (r"(?<=x)[a-c]", {"a", "b", "c"}), (r"(ab)+c", {"ab"}),
    (r"(?i)a", None), (r"(?i:a)b", None), (r"a*b", None), (r"\w", None), (r"[^a]", None), (r".", None),
    (r"(?:a|)b", None), (r"^", None), (r"(a)\1", {"a"}), (r"\\(.)", {"\\"}), (r"&(?:#\d+|[a-z]+);", {"&"}),
])
def test_what_matches_begin_with(expression: str, starts: set[str] | None) -> None:
    found = markdown_speed._starts(re.compile(expression))
    assert found == (None if starts is None else frozenset(starts))


SITE_EXPRESSIONS = [p.compiled_re for p in markdown.Markdown(extensions=SITE_EXTENSIONS,
                                                             extension_configs=SITE_CONFIGS).inlinePatterns]


def test_every_site_pattern_is_known() -> None:
    prefilter = markdown_speed._prefilter(SITE_EXPRESSIONS)
    assert prefilter is not None
    assert prefilter.search("hypervisor host (kvm) 10.64.12.38/22 p03-leaf1 Ethernet1/28") is None
    for text in ("a `b`", "a [b]", "a ![b]", "&amp;", "<b>", "x  \ny", "*a*", "_", "\\*"):
        assert prefilter.search(text) is not None, text


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="ab \n`\\[]()!<>&#;*_x:/@.-1", max_size=40))
def test_every_match_begins_as_known(text: str) -> None:
    for expression in SITE_EXPRESSIONS:
        starts = markdown_speed._starts(expression)
        assert starts is not None
        for at in range(len(text) + 1):
            match = expression.search(text, at)
            if match is not None:
                assert any(text.startswith(start, match.start()) for start in starts), (expression, text)


PATHS = ["a.md", "./a.md", "a//b.md", "dir/../a.md", "dir/", "/abs/x.md", "", ".", "../up.md", "a/b/c.html",
         "deployments/bench/devices/p03-kvm28.md", "x\\y.md"]


def test_remembered_paths_give_what_mkdocs_gives(tmp_path: Path) -> None:
    from mkdocs import utils

    assert hasattr(utils.get_relative_url, markdown_speed._MARK)
    original_relative = _unwrapped(utils.get_relative_url)
    for url in PATHS:
        for other in PATHS:
            assert utils.get_relative_url(url, other) == original_relative(url, other)
            assert utils.get_relative_url(url, other) == original_relative(url, other)  # from memory
    _config, files = _site(tmp_path, SITE_EXTENSIONS, SITE_CONFIGS)
    original_get = _unwrapped(Files.get_file_from_path)
    for path in [*PATHS, "every.md", "./every.md", "img.png", "sub/../other.md"]:
        assert files.get_file_from_path(path) is original_get(files, path)
    assert files.get_file_from_path("./every.md") is not None
