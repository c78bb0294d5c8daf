"""Faster conversion and search indexing of pages for ``mkdocs build``, the site byte for byte the same and
the search index's entries too (installed by mkdocs_speed).

- One ``markdown.Markdown`` per set of extensions and settings, reused from page to page: MkDocs's
  ``Page.render`` builds a new one for every page (its extensions, their processors, the Pygments
  formatters' options: a quarter of converting a device page of a 2,500-host site). Between two pages the
  instance is reset as Markdown's API says (``Markdown.reset``: every extension's ``reset``), and MkDocs's
  four per-page processors are registered anew, as ``Page.render`` does. Only for the versions of MkDocs,
  Markdown and pymdown-extensions whose code was read for it, and only when every extension and processor
  of the instance comes from a module read for it (below: what each keeps between two pages and how it is
  reset); anything else is converted as MkDocs does.
- Inline patterns that cannot match are skipped without the call that would try them: Markdown's inline
  processor tries each of its patterns (14 here) on every text of a page, table cells included, through a
  sorted registry, and most cells hold no character any of them starts with (see _fast_inline for why the
  result is the same).
- Material's search index parses each page's HTML with a parser whose handlers compare ``Element`` objects
  by tag through Python methods (1.4 million calls of its ``handle_data`` for a 2,500-host site): the same
  handlers on tag names (see _fast_search_parser).
- Two pure functions MkDocs calls for every link remember their results (remembered_paths).
"""

from __future__ import annotations

import functools
import importlib
import json
import logging
import operator
import re
from collections.abc import Callable
from importlib import metadata
from typing import Any

_MARK = "_stackplan_markdown"
_sre_parser: Any = importlib.import_module("re._parser")
_sre_constants: Any = importlib.import_module("re._constants")

# The versions whose code was read for this module: markdown/core.py (reset, convert), treeprocessors.py
# (InlineProcessor), inlinepatterns.py, the extensions below; mkdocs/structure/pages.py (Page.render).
_VERIFIED = {"mkdocs": ("1.6.1",), "markdown": ("3.11.3",), "pymdown-extensions": ("13.1.2",)}
_VERIFIED_MATERIAL = ("9.8.2",)  # material/plugins/search/plugin.py: Parser, Element, Section

# Modules whose extensions and processors keep nothing from one page to the next that Markdown.reset does not
# reset. What each keeps: Markdown itself its stash of raw HTML, references and the emphasis delimiters'
# stack (reset); toc md.toc and md.toc_tokens (reset); abbr its abbreviations (reset: cleared, then the
# glossary); footnotes its footnotes and references (reset; its counter of resets is put back, see _rewind);
# admonition, pymdownx.details and pymdownx.tabbed the sibling found by a block's test for its run (always
# used by that run); pymdownx.tabbed its count of tab sets (reset); tables the border and separator of the
# block under test (set by each test); fenced_code, pymdownx.superfences and pymdownx.inlinehilite their
# highlighting settings (the same for every page of one instance; superfences' stash is reset);
# pymdownx.highlight its count of code blocks (reset); md_in_html a parser made anew for every page;
# attr_list, def_list, sane_lists, pymdownx.tasklist and the core's processors nothing.
_MARKDOWN_MODULES = frozenset({
    "markdown.preprocessors", "markdown.blockprocessors", "markdown.treeprocessors", "markdown.inlinepatterns",
    "markdown.postprocessors", "markdown.extensions.toc", "markdown.extensions.tables",
    "markdown.extensions.fenced_code", "markdown.extensions.admonition", "markdown.extensions.attr_list",
    "markdown.extensions.md_in_html", "markdown.extensions.abbr", "markdown.extensions.footnotes",
    "markdown.extensions.def_list", "markdown.extensions.sane_lists",
})
_PYMDOWNX_MODULES = frozenset({
    "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.highlight",
    "pymdownx.inlinehilite",
})
_MKDOCS_PAGE = "mkdocs.structure.pages"  # its per-page processors, registered anew for each page
_MAX_KEPT = 8  # sets of Markdown settings with an instance kept (mkdocs serve reloads its settings)

log = logging.getLogger(__name__)


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _verified(name: str) -> bool:
    return _version(name) in _VERIFIED[name]


def _modules() -> frozenset[str]:
    """The modules whose extensions and processors an instance may have to be reused."""
    return _MARKDOWN_MODULES | (_PYMDOWNX_MODULES if _verified("pymdown-extensions") else frozenset())


def _module_of(obj: Any) -> str:
    return str(getattr(obj, "__module__", None) or type(obj).__module__)


def _functions_known(ext: Any, option: str, modules: frozenset[str]) -> bool:
    """Whether the functions of ``option`` (superfences' custom fences, inlinehilite's custom inline code) all
    come from ``modules``: they are handed the Markdown instance and could keep something in it."""
    try:
        entries = ext.getConfig(option, [])
    except (AttributeError, KeyError):
        return True
    return all(not callable(value) or _module_of(value) in modules
               for entry in entries or [] if isinstance(entry, dict) for value in entry.values())


def _named_modules(names: list[str]) -> list[str]:
    """The module of each extension named as Markdown finds it: an entry point of that name first, else the
    dotted name (``module`` or ``module:Class``)."""
    util: Any = importlib.import_module("markdown.util")
    points = {point.name: point.value for point in util.get_installed_extensions()}
    return [points.get(name, name).split(":", 1)[0] for name in names]


def reusable(md: Any, names: list[str]) -> bool:
    """Whether every extension named (``names``), every extension registered with the Markdown instance ``md``
    and every processor of it is one read for reuse."""
    modules = _modules()
    if not all(module in modules for module in _named_modules(names)):
        return False
    for ext in md.registeredExtensions:
        if type(ext).__module__ not in modules:
            return False
        if not (_functions_known(ext, "custom_fences", modules) and _functions_known(ext, "custom_inline", modules)):
            return False
    registries = (md.preprocessors, md.parser.blockprocessors, md.treeprocessors, md.inlinePatterns,
                  md.postprocessors)
    return all(type(item).__module__ in modules or type(item).__module__ == _MKDOCS_PAGE
               for registry in registries for item in registry)


def _identity(obj: Any) -> str:
    return f"{type(obj).__module__}.{type(obj).__qualname__}@{id(obj)}"


class _Kept:
    """An idle Markdown instance for one set of settings, with the objects its key names by identity (kept
    alive, so no other object takes their identity while the key is in use)."""

    def __init__(self, md: Any, held: list[Any]) -> None:
        self.md = md
        self.held = held
        self.footnote_prefixes = _footnote_prefixes(md)


_kept: dict[str, list[_Kept]] = {}
_refused: set[str] = set()


def _footnote_prefixes(md: Any) -> list[tuple[Any, int]]:
    return [(ext, ext.unique_prefix) for ext in md.registeredExtensions
            if type(ext).__module__ == "markdown.extensions.footnotes" and hasattr(ext, "unique_prefix")]


def _rewind(kept: _Kept) -> None:
    """Markdown.reset for the next page, the footnotes' counter of resets put back first: a new instance has
    been reset as many times when its first page is converted (the counter names footnotes when UNIQUE_IDS
    is on)."""
    for ext, prefix in kept.footnote_prefixes:
        ext.unique_prefix = prefix - 1
    kept.md.reset()


def _settings_key(config: Any) -> tuple[str, list[Any]] | None:
    extensions = config["markdown_extensions"]
    if not all(isinstance(e, str) for e in extensions):
        return None
    held: list[Any] = []

    def named(obj: Any) -> str:
        held.append(obj)
        return _identity(obj)

    try:
        text = json.dumps([extensions, config["mdx_configs"] or {}], sort_keys=True, default=named)
    except (TypeError, ValueError):
        return None
    return text, held


def reuse_markdown() -> None:
    """``Page.render`` with a Markdown instance reused per set of settings (see the module's docstring)."""
    pages: Any = importlib.import_module("mkdocs.structure.pages")
    page_class = pages.Page
    original = page_class.render
    if hasattr(original, _MARK) or not (_verified("mkdocs") and _verified("markdown")):
        return
    markdown: Any = importlib.import_module("markdown")
    toc: Any = importlib.import_module("mkdocs.structure.toc")

    def render(self: Any, config: Any, files: Any) -> None:
        found = _settings_key(config) if self.markdown is not None else None
        if found is None or found[0] in _refused:
            original(self, config, files)
            return
        key, held = found
        idle = _kept.get(key)
        if idle:
            kept = idle.pop()
            _rewind(kept)
        else:
            md = markdown.Markdown(extensions=config["markdown_extensions"],
                                   extension_configs=config["mdx_configs"] or {})
            if not reusable(md, config["markdown_extensions"]):
                _refused.add(key)
                original(self, config, files)
                return
            kept = _Kept(md, held)
        md = kept.md
        raw_html_ext = pages._RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = pages._ExtractAnchorsTreeprocessor(self.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = pages._RelativePathTreeprocessor(self.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = pages._ExtractTitleTreeprocessor()
        extract_title_ext._register(md)

        self.content = md.convert(self.markdown)  # an exception leaves the instance out of the pool
        self.toc = toc.get_toc(getattr(md, "toc_tokens", []))
        self._title_from_render = extract_title_ext.title
        self.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        if pages.log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = relative_path_ext.links_to_anchors
        if key not in _kept and len(_kept) >= _MAX_KEPT:
            _kept.clear()
        _kept.setdefault(key, []).append(kept)

    setattr(render, _MARK, original)
    page_class.render = render


_SNAPSHOT = "_stackplan_patterns"  # an InlineProcessor's patterns as last read from its registry
_changes = [0]  # calls of Registry.register and Registry.deregister so far, in every registry


def _counting(function: Callable[..., Any]) -> Callable[..., Any]:
    def counted(*args: Any, **kwargs: Any) -> Any:
        _changes[0] += 1
        return function(*args, **kwargs)

    setattr(counted, _MARK, function)
    return counted


def _starts(expression: re.Pattern[Any]) -> frozenset[str] | None:
    """Strings one of which begins every match of ``expression`` (at the match's start), or None where that is
    not known. Read from the parsed expression: anchors and lookarounds match no character and are passed
    over; then a run of literal characters gives one string, a set of plain characters (no negation, no
    class like \\w) one string for each, a group or a repeat of at least once what its content begins with,
    alternatives what each begins with. Anything else, or a case-insensitive expression, is not known."""
    if not isinstance(expression.pattern, str):
        return None
    try:
        parsed = _sre_parser.parse(expression.pattern, expression.flags)
    except Exception:  # noqa: BLE001 (any expression the parser here does not read is one not known)
        return None
    if parsed.state.flags & (re.IGNORECASE | re.LOCALE):
        return None
    return _sequence_starts(list(parsed.data))


def _sequence_starts(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    c = _sre_constants
    for at, (op, value) in enumerate(items):
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # matches no character
        if op is c.LITERAL:
            run = [chr(value)]
            for next_op, next_value in items[at + 1:]:
                if next_op is not c.LITERAL:
                    break
                run.append(chr(next_value))
            return frozenset(["".join(run)])
        return _item_starts(op, value)
    return None  # nothing but zero-width items: it may match the empty string


def _item_starts(op: Any, value: Any) -> frozenset[str] | None:
    c = _sre_constants
    if op is c.IN:
        chars: set[str] = set()
        for kind, item in value:
            if kind is c.LITERAL:
                chars.add(chr(item))
            elif kind is c.RANGE and item[1] - item[0] < 256:
                chars.update(chr(code) for code in range(item[0], item[1] + 1))
            else:
                return None
        return frozenset(chars) or None
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, content = value
        return None if add_flags & (re.IGNORECASE | re.LOCALE) else _sequence_starts(list(content.data))
    if op is c.BRANCH:
        starts: set[str] = set()
        for alternative in value[1]:
            found = _sequence_starts(list(alternative.data))
            if found is None:
                return None
            starts |= found
        return frozenset(starts)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)):
        low, _high, content = value
        return _sequence_starts(list(content.data)) if low >= 1 else None
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _sequence_starts(list(value.data))
    return None


_known_starts: dict[re.Pattern[Any], frozenset[str] | None] = {}


def _prefilter(expressions: list[Any]) -> re.Pattern[str] | None:
    """One expression finding every place where any of ``expressions`` could begin a match (what _starts
    gives for each), or None where one of them is not known."""
    starts: set[str] = set()
    for expression in expressions:
        if expression not in _known_starts:
            if len(_known_starts) >= 1024:
                _known_starts.clear()
            _known_starts[expression] = _starts(expression)
        found = _known_starts[expression]
        if found is None:
            return None
        starts |= found
    return re.compile("|".join(re.escape(start) for start in sorted(starts, key=lambda x: (-len(x), x))))


def _fast_inline(treeprocessors: Any, inlinepatterns: Any, atomic: type) -> Callable[..., str]:
    """InlineProcessor's ``__handleInline``, skipping a pattern that cannot match without the call that would
    try it.

    Markdown 3.11.3's ``__handleInline(data, patternIndex)`` (treeprocessors.py) returns an AtomicString as it
    is; otherwise, with ``startIndex`` 0 and ``count`` the registry's length, ``while patternIndex < count``:
    ``data, matched, startIndex = __applyPattern(registry[patternIndex], data, patternIndex, startIndex)``,
    and ``patternIndex += 1`` unless it matched. ``__applyPattern`` returns ``(data, False, 0)``, having run
    nothing but the pattern's ``getCompiledRegExp``, when an ancestor excludes the pattern or when the
    expression finds no match: for a new-style pattern (``InlineProcessor``) ``finditer(data, startIndex)``,
    which finds one exactly when ``search(data, startIndex)`` does. So for a new-style pattern whose
    ``getCompiledRegExp`` is the base class's (returning the attribute ``compiled_re``), ``search(data,
    startIndex)`` finding nothing means the call would return ``(data, False, 0)``, and the loop here does
    that itself. Every other case (an expression that finds something, a legacy ``Pattern``, a pattern with
    its own ``getCompiledRegExp`` or ``compiled_re``) calls ``__applyPattern`` as before.

    The registry's patterns (``registry[i]`` for each ``i``) are read again whenever a registry has been
    changed since they were last read: a Registry changes only through its ``register`` and ``deregister``,
    which are counted (skip_plain_text).

    Before the loop, when every pattern is such a plain one and _starts knows what each one's matches begin
    with: if none of those beginnings is anywhere in ``data`` (one search of all of them, _prefilter), no
    pattern's ``search(data)`` can find anything, so the loop would skip every pattern and return ``data``:
    it is returned at once (the expressions are checked to be the ones the prefilter was made of)."""
    plain: dict[type, bool] = {}
    base = inlinepatterns.Pattern.getCompiledRegExp
    new_style = inlinepatterns.InlineProcessor
    processor = treeprocessors.InlineProcessor
    compiled = operator.attrgetter("compiled_re")

    def is_plain(kind: type) -> bool:
        found = plain.get(kind)
        if found is None:
            found = plain[kind] = (issubclass(kind, new_style) and getattr(kind, "getCompiledRegExp", None) is base
                                   and not any("compiled_re" in vars(k) for k in kind.__mro__))
        return found

    def patterns_of(self: Any) -> tuple[list[tuple[Any, bool]], list[Any], list[Any], re.Pattern[str] | None]:
        """The registry's patterns, each with whether is_plain, as read after the last change of a registry;
        the patterns alone, their expressions then, and the _prefilter of those when every one is plain."""
        registry = self.inlinePatterns
        known = self.__dict__.get(_SNAPSHOT)
        if known is not None and known[0] is registry and known[1] == _changes[0]:
            return known[2]  # type: ignore[no-any-return]
        changes = _changes[0]
        patterns = [(pattern, is_plain(type(pattern))) for pattern in registry]
        alone = [pattern for pattern, _ in patterns]
        expressions = list(map(compiled, alone)) if all(fast for _, fast in patterns) else []
        prefilter = _prefilter(expressions) if expressions else None
        found = (patterns, alone, expressions, prefilter)
        self.__dict__[_SNAPSHOT] = (registry, changes, found)
        return found

    def handle_inline(self: Any, data: str, patternIndex: int = 0) -> str:  # noqa: N803 (Markdown's name)
        if isinstance(data, atomic):
            return data
        patterns, alone, expressions, prefilter = patterns_of(self)
        if prefilter is not None and prefilter.search(data) is None and list(map(compiled, alone)) == expressions:
            return data  # no pattern's expression can find a match anywhere in data: each would be skipped below
        count = len(patterns)
        apply = self._InlineProcessor__applyPattern
        start = 0
        while patternIndex < count:
            pattern, fast = patterns[patternIndex]
            if fast and pattern.compiled_re.search(data, start) is None:
                patternIndex += 1
                start = 0
                continue
            data, matched, start = apply(pattern, data, patternIndex, start)
            patterns = patterns_of(self)[0]  # the pattern's code ran: the registry as it is now
            if not matched:
                patternIndex += 1
        return data

    setattr(handle_inline, _MARK, processor._InlineProcessor__handleInline)
    return handle_inline


def skip_plain_text() -> None:
    """Markdown's inline processor with the fast path of _fast_inline, and the registries' changes counted."""
    if not _verified("markdown"):
        return
    treeprocessors: Any = importlib.import_module("markdown.treeprocessors")
    processor = treeprocessors.InlineProcessor
    if hasattr(processor._InlineProcessor__handleInline, _MARK):
        return
    registry: Any = importlib.import_module("markdown.util").Registry
    registry.register = _counting(registry.register)
    registry.deregister = _counting(registry.deregister)
    processor._InlineProcessor__handleInline = _fast_inline(
        treeprocessors, importlib.import_module("markdown.inlinepatterns"),
        importlib.import_module("markdown.util").AtomicString)


def _fast_search_parser(plugin: Any) -> type:
    """Material's search ``Parser`` with the same handlers, each doing what Material's does with tag names
    instead of ``Element`` objects (material/plugins/search/plugin.py, mkdocs-material 9.8.2).

    Material's ``Element`` compares equal to another ``Element`` or a string when its tag is that string, and
    hashes as its tag: ``skip.intersection(context)`` is not empty exactly when a tag of the context is
    "object", "script", "style" or the tag of an element added to ``skip`` (a set holds one of each tag, so an
    element whose tag is there already is not added, and ending any element of a tag in ``skip`` removes that
    tag unless it is one of the three); ``section.el in context`` and ``"pre" in context`` are true exactly
    when a tag of the context is ``section.el``'s or "pre"; ``context[-1] != tag`` compares the tag. So the
    parser keeps the context's tags beside its elements and the skipped tags as strings, and every handler
    appends the same text to the same sections in the same order. HTMLParser (tokenising, character
    references) is untouched: the handlers are called as before, but for ``updatepos``, which only counts
    the lines and columns that ``getpos`` reports (html.parser and Material's parser never call it; the
    ``lineno`` and ``offset`` it keeps are read nowhere else): here it returns where it is told, as it does."""
    base: Any = plugin.Parser
    element, section_class, void, escape = plugin.Element, plugin.Section, plugin.void, plugin.escape
    headings = frozenset(f"h{x}" for x in range(1, 7))
    always = ("script", "style", "object")

    class Parser(base):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.tags: list[str] = []  # the tags of self.context
            self.skipped: set[str] = {str(tag) for tag in self.skip}

        def updatepos(self, i: int, j: int) -> int:
            return j

        def skipping(self) -> bool:
            return not self.skipped.isdisjoint(self.tags)

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            attributes = dict(attrs)
            el = element(tag, attributes)
            if tag in void:
                return
            self.context.append(el)
            self.tags.append(tag)
            if tag in headings:
                depth = len(self.context)
                if "id" in attributes:
                    if tag != "h1" and not self.data:
                        self.section = section_class(element("hx"), depth)
                        self.data.append(self.section)
                    self.section = section_class(el, depth)
                    if self.data:
                        self.section.id = attributes["id"]
                    self.data.append(self.section)
            if not self.section:
                self.section = section_class(element("hx"))
                self.data.append(self.section)
            for key, value in attributes.items():
                if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                    self.skipped.add(tag)
                    return
            if tag in self.keep and not self.skipping():
                section = self.section
                data = section.title if section.el.tag in self.tags else section.text
                data.append(f"<{tag}>")

        def handle_endtag(self, tag: str) -> None:
            tags = self.tags
            if not tags or tags[-1] != tag:
                return
            if self.section.depth > len(tags):
                for section in reversed(self.data):
                    if section.depth <= len(tags):
                        self.section.depth = float("inf")
                        self.section = section
                        break
            self.context.pop()
            tags.pop()
            if tag in self.skipped:
                if tag not in always:
                    self.skipped.remove(tag)
                return
            if tag in self.keep and not self.skipping():
                section = self.section
                data = section.title if section.el.tag in tags else section.text
                index = data.index(f"<{tag}>")
                for i in range(index + 1, len(data)):
                    if not data[i].isspace():
                        index = len(data)
                        break
                if len(data) > index:
                    while len(data) > index:
                        data.pop()
                else:
                    data.append(f"</{tag}>")

        def handle_data(self, data: str) -> None:
            tags = self.tags
            if not self.skipped.isdisjoint(tags):
                return
            in_pre = "pre" in tags
            if not in_pre:
                data = " " if data.isspace() else data.replace("\n", " ")
            if not self.section:
                self.section = section_class(element("hx"))
                self.data.append(self.section)
            section = self.section
            if section.el.tag in tags:
                if not any(el.tag == "a" and el.attrs.get("class") == "headerlink" for el in self.context):
                    section.title.append(escape(data, quote=False))
            elif data.isspace():
                text = section.text
                if not text or not text[-1].isspace() or in_pre:
                    text.append(data)
            else:
                section.text.append(escape(data, quote=False))

    Parser.__name__ = Parser.__qualname__ = "Parser"
    setattr(Parser, _MARK, base)
    return Parser


def fast_search_parser() -> None:
    """Material's search plugin parses pages with _fast_search_parser's Parser."""
    if _version("mkdocs-material") not in _VERIFIED_MATERIAL:
        return
    plugin: Any = importlib.import_module("material.plugins.search.plugin")
    if hasattr(plugin.Parser, _MARK):
        return
    plugin.Parser = _fast_search_parser(plugin)


_MAX_PATHS = 1 << 16


def remembered_paths() -> None:
    """Two pure functions MkDocs calls for every link of every page (_RelativePathTreeprocessor.path_to_url)
    remember their results: ``mkdocs.utils.get_relative_url(url, other)`` (string operations on its two
    strings) and the ``PurePath(path).as_posix()`` with which ``Files.get_file_from_path`` looks a path up
    (pathlib: a tenth of converting a page of links). Both give what they gave for the same arguments."""
    if not _verified("mkdocs"):
        return
    utils: Any = importlib.import_module("mkdocs.utils")
    files: Any = importlib.import_module("mkdocs.structure.files")
    if hasattr(utils.get_relative_url, _MARK):
        return
    relative = functools.lru_cache(maxsize=_MAX_PATHS)(utils.get_relative_url)
    setattr(relative, _MARK, utils.get_relative_url)
    utils.get_relative_url = relative
    posix = functools.lru_cache(maxsize=_MAX_PATHS)(lambda path: files.PurePath(path).as_posix())
    original = files.Files.get_file_from_path

    def get_file_from_path(self: Any, path: str) -> Any:
        return self._src_uris.get(posix(path))

    setattr(get_file_from_path, _MARK, original)
    files.Files.get_file_from_path = get_file_from_path


def install() -> None:
    """All of them, once per process."""
    skip_plain_text()
    reuse_markdown()
    fast_search_parser()
    remembered_paths()
