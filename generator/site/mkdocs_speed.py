"""What makes ``mkdocs build`` of a big site fast, installed by the hook; the pages' HTML stays the same but
for code blocks of a thousand lines or more, shown without syntax colours.

- One Pygments formatter per set of options, reused: pymdownx.highlight builds an ``HtmlFormatter``
  for every code block, and each one builds its style sheet again (a 2,500-host site has about ten
  thousand blocks). The formatter keeps no state between blocks but caches, so sharing it gives the
  same HTML.
- A code block of a thousand lines or more is shown as plain text (no Pygments lexer: the zone script of a
  2,500-host design is 12,000 lines of bash). Its Markdown keeps the language; only the site's HTML differs.
- pymdownx.superfences puts the fenced blocks back into a page in one pass instead of one copy of the
  page per block (quadratic: 18 s of a 2,500-host build went to it).
- The Markdown libraries' versions (part of a page's cache key) are read once, not once a page.
- The search index leaves out code blocks (``<pre>``): configurations and commands have their own
  pages and downloads, and parsing them was a third of the build. It leaves out tables of more than 50
  rows too (a 2,500-host site's cable sheet, port plan, IP plan, host list: megabytes the browser indexes
  before the first result shows): every device has a page of its own, whose title and small tables name
  it and its addresses, so a device or host name still finds its page first. Headings, prose and small
  tables stay. A page's entries are kept (in memory and in the page cache's folder) by its HTML, place,
  title, table of contents and the search settings, so an unchanged page is not parsed again.
- A page whose Markdown, place, site files and Markdown settings are those of an earlier build is not
  converted again: its HTML, table of contents and anchors are kept in memory (``mkdocs serve``) and in
  the build cache's folder (a no-op ``mkdocs build``). A page whose conversion logged a warning is
  never kept, so ``--strict`` sees every warning on every build.
- A page whose themed HTML an earlier build made from the same inputs (content, place, title, front
  matter, table of contents, neighbours; the site's navigation, settings, theme and versions) is written
  from the cache's folder instead of rendered by the theme again (two thirds of a no-op build of a
  2,500-host site); not with a theme folder of the project's own, or a plugin that changes a page's context.
- A file of the site folder whose bytes are those the build would write is left as it is: MkDocs empties the
  folder before a build and writes every file anew (creating 5,700 files was a third of a no-op build of a
  2,500-host site); here the folder is emptied at the end of the build instead, of what the build did not
  write or keep, so the folder holds the same files with the same bytes as after a clean build.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.templating import Compiled

_MARK = "_stackplan_fast"
MARK = _MARK  # set on every function this package puts in a library's place (to install each once)
_CODE = re.compile(r"<pre\b[^>]*>.*?</pre>", re.DOTALL)
_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.DOTALL)
TABLE_ROWS_INDEXED = 50  # a table of more rows than this leaves the search index


def _indexed(content: str) -> str:
    """What the search index reads of a page: no code blocks, no table of more than TABLE_ROWS_INDEXED rows."""
    content = _CODE.sub("", content)
    return _TABLE.sub(lambda m: m[0] if m[0].count("<tr") <= TABLE_ROWS_INDEXED else "", content)
_MAX_FORMATTERS = 512


def _key(options: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in options.items()))


def _shared(cls: Any) -> Callable[..., Any]:
    """A stand-in for formatter class ``cls`` that returns one instance per set of options."""
    made: dict[tuple[tuple[str, Any], ...], Any] = {}

    def formatter(**options: Any) -> Any:
        key = _key(options)
        found = made.get(key)
        if found is None:
            if len(made) >= _MAX_FORMATTERS:
                made.clear()
            found = made[key] = cls(**options)
        return found

    setattr(formatter, _MARK, cls)
    return formatter


def share_formatters() -> None:
    highlight = importlib.import_module("pymdownx.highlight")
    for name in ("BlockHtmlFormatter", "InlineHtmlFormatter"):
        current = getattr(highlight, name, None)
        if current is not None and not hasattr(current, _MARK):
            setattr(highlight, name, _shared(current))


PLAIN_LINES = 1000  # a code block of this many lines or more is shown as plain text


def plain_long_blocks() -> None:
    """A code block of PLAIN_LINES lines or more is shown without syntax colours (as ``text``): the zone
    script of a 2,500-host design is 12,000 lines of bash, and colouring it cost seconds for nothing a reader
    of that block needs. Shorter blocks are highlighted as before."""
    highlight: Any = importlib.import_module("pymdownx.highlight").Highlight
    original = highlight.highlight
    if hasattr(original, _MARK):
        return

    def plain_when_long(self: Any, src: str, language: str, *args: Any, **kwargs: Any) -> Any:
        if not kwargs.get("inline") and src.count("\n") + 1 >= PLAIN_LINES:
            language = "text"
        return original(self, src, language, *args, **kwargs)

    setattr(plain_when_long, _MARK, original)
    highlight.highlight = plain_when_long


def search_without_code() -> None:
    index: Any = importlib.import_module("material.plugins.search.plugin").SearchIndex
    original = index.add_entry_from_context
    if hasattr(original, _MARK):
        return

    def add_entry_from_context(self: Any, page: Any) -> Any:
        content = page.content
        if not content:
            return original(self, page)
        meta = {k: page.meta.get(k) for k in ("search", "tags", "title")}
        key = "search-" + hashlib.sha256("\0".join((
            json.dumps(self.config, sort_keys=True, default=str), page.url, str(page.title),
            json.dumps(meta, sort_keys=True, default=str), json.dumps(_toc_tokens(page.toc or [])), content,
        )).encode()).hexdigest()
        found = _searched.get(key) or _read(key)
        if found is not None:
            self.entries.extend(dict(entry) for entry in found["entries"])
            _searched[key] = found
            return None
        first = len(self.entries)
        page.content = _indexed(content)
        try:
            result = original(self, page)
        finally:
            page.content = content
        data = {"entries": [dict(entry) for entry in self.entries[first:]]}
        if len(_searched) >= _MAX_REMEMBERED:
            _searched.clear()
        _searched[key] = data
        _write(key, data)
        return result

    setattr(add_entry_from_context, _MARK, original)
    index.add_entry_from_context = add_entry_from_context


def _reassemble(self: Any, lines: list[str]) -> list[str]:
    """pymdownx.superfences puts each fenced block back into the page's lines with a copy of the whole list
    per block (``lines[:start] + [fenced] + lines[end:]``, from the last block back): quadratic in a page
    of thousands of blocks. The same list, built in one pass."""
    stack = self.stack
    if any(stack[i][2] > stack[i + 1][1] for i in range(len(stack) - 1)) or \
            any(start > end for _, start, end in stack):
        return _reassemble_original[0](self, lines)  # not in order: as superfences does it
    out: list[str] = []
    at = 0
    for fenced, start, end in stack:
        out.extend(lines[at:start])
        out.append(fenced)
        at = end
    out.extend(lines[at:])
    stack.clear()
    return out


_reassemble_original: list[Callable[..., list[str]]] = []


def linear_fences() -> None:
    processor: Any = importlib.import_module("pymdownx.superfences").SuperFencesBlockPreprocessor
    if hasattr(processor.reassemble, _MARK):
        return
    _reassemble_original[:] = [processor.reassemble]
    setattr(_reassemble, _MARK, processor.reassemble)
    processor.reassemble = _reassemble


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_LIBRARIES = ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material", "pygments")
_MAX_REMEMBERED = 4096
_rendered: dict[str, dict[str, Any]] = {}
_searched: dict[str, dict[str, Any]] = {}
# Pages converted from Markdown and pages reused, since the process started (benchmarks/site_bench.py prints
# them for the serve edit: only the edited deployment's pages should be converted again).
counts = {"converted": 0, "reused": 0, "themed": 0, "themed again": 0, "kept": 0}
_where: list[Path | None] = [None]  # the folder of the page cache on disk (None: memory only)
_files_seen: dict[int, tuple[int, str]] = {}


def _toc_tokens(items: Any) -> list[dict[str, Any]]:
    return [{"level": a.level, "id": a.id, "name": a.title, "children": _toc_tokens(a.children)} for a in items]


def _settings(config: Any, files: Any) -> str:
    """What a page's HTML depends on besides its Markdown and place: the Markdown settings, the libraries'
    versions and the site's files (links between pages are resolved against them)."""
    seen = _files_seen.get(id(files))
    if seen is not None and seen[0] == len(files):
        listing = seen[1]
    else:
        listing = hashlib.sha256("\n".join(sorted(f.src_uri for f in files)).encode()).hexdigest()
        _files_seen.clear()
        _files_seen[id(files)] = (len(files), listing)
    return _markdown_settings(config) + listing


_markdown_seen: dict[int, tuple[Any, str]] = {}


def _markdown_settings(config: Any) -> str:
    """The Markdown settings and the libraries' versions, as text: once per build (per config object)."""
    seen = _markdown_seen.get(id(config))
    if seen is not None and seen[0] is config:
        return seen[1]
    text = json.dumps([config["markdown_extensions"], config["mdx_configs"], config["use_directory_urls"],
                       str(config["validation"]), _versions()], sort_keys=True, default=str)
    _markdown_seen.clear()
    _markdown_seen[id(config)] = (config, text)
    return text


@cache
def _versions() -> list[str]:
    """The Markdown libraries' versions, read once a process (reading them for every page was a tenth of a
    2,500-host build; a process does not load a library again when it is upgraded)."""
    versions = []
    for name in _LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} missing")
    return versions


def _read(key: str) -> dict[str, Any] | None:
    folder = _where[0]
    if folder is None:
        return None
    try:
        data: dict[str, Any] = json.loads((folder / f"{key}.json").read_text("utf-8"))
        return data
    except (OSError, ValueError):
        return None


def _write(key: str, data: dict[str, Any]) -> None:
    folder = _where[0]
    if folder is None:
        return
    temporary = folder / f".{key}.{secrets.token_hex(4)}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(data, separators=(",", ":")), "utf-8")
        temporary.replace(folder / f"{key}.json")
    except OSError:
        temporary.unlink(missing_ok=True)


def _read_text(name: str) -> str | None:
    folder = _where[0]
    if folder is None:
        return None
    try:
        return (folder / name).read_text("utf-8")
    except (OSError, ValueError):
        return None


def _write_text(name: str, text: str) -> None:
    """``text`` as the file ``name`` of the page cache's folder, whole or not at all (a themed page is kept as
    it is: JSON-escaping its HTML cost more than the rest of writing it)."""
    folder = _where[0]
    if folder is None:
        return
    temporary = folder / f".{name}.{secrets.token_hex(4)}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, "utf-8")
        temporary.replace(folder / name)
    except OSError:
        temporary.unlink(missing_ok=True)


def _apply(page: Any, data: dict[str, Any], files: Any) -> None:
    toc = importlib.import_module("mkdocs.structure.toc")
    page.content = data["content"]
    page.toc = toc.get_toc(data["toc"])
    page._title_from_render = data["title"]
    page.present_anchor_ids = set(data["anchors"])
    if data["links"] is not None:
        links = {files.get_file_from_path(src): anchors for src, anchors in data["links"].items()}
        page.links_to_anchors = {f: anchors for f, anchors in links.items() if f is not None}


def _render_key(page: Any, config: Any, files: Any) -> str:
    """The page cache's key of a page's conversion (kept on the page for the markdown it was made of)."""
    known = getattr(page, "_stackplan_render_key", None)
    if known is not None and known[0] is page.markdown:
        return str(known[1])
    key = hashlib.sha256("\0".join((_settings(config, files), page.file.src_uri, page.file.dest_uri,
                                     page.markdown)).encode()).hexdigest()
    page._stackplan_render_key = (page.markdown, key)
    return key


def converted(page: Any, config: Any, files: Any) -> bool:
    """Whether the page cache holds the conversion of ``page`` (its source read)."""
    key = _render_key(page, config, files)
    folder = _where[0]
    return key in _rendered or (folder is not None and (folder / f"{key}.json").is_file())


def render_once() -> None:
    index: Any = importlib.import_module("mkdocs.structure.pages").Page
    original = index.render
    if hasattr(original, _MARK):
        return

    def render(self: Any, config: Any, files: Any) -> None:
        if self.markdown is None:
            original(self, config, files)
            return
        key = _render_key(self, config, files)
        data = _rendered.get(key) or _read(key)
        if data is not None:
            _apply(self, data, files)
            _rendered[key] = data
            counts["reused"] += 1
            return
        counts["converted"] += 1
        counter = _Count()
        watched = [logging.getLogger(), logging.getLogger("mkdocs")]
        for logger in watched:
            logger.addHandler(counter)
        try:
            original(self, config, files)
        finally:
            for logger in watched:
                logger.removeHandler(counter)
        if counter.count:
            return  # its warnings must show on the next build too
        links = self.links_to_anchors
        data = {"content": self.content, "toc": _toc_tokens(self.toc), "title": self._title_from_render,
                "anchors": sorted(self.present_anchor_ids or ()),
                "links": None if links is None else {f.src_uri: anchors for f, anchors in links.items()}}
        if len(_rendered) >= _MAX_REMEMBERED:
            _rendered.clear()
        _rendered[key] = data
        _write(key, data)

    setattr(render, _MARK, original)
    index.render = render


# The page events MkDocs's _build_page runs and what the theme reads are known for these versions only.
_THEMED_MKDOCS = "1.6."
# Plugins whose page_context event leaves the template's context alone (search indexes the page).
_CONTEXT_SAFE = ("material.plugins.search.plugin",)
_site_keys: dict[tuple[int, int], str] = {}


def _nav_tokens(items: Any) -> list[Any]:
    return [[type(i).__name__, str(i.title), getattr(i, "url", None), _nav_tokens(getattr(i, "children", None) or [])]
            for i in items]


def _site_key(config: Any, doc_files: Any, nav: Any) -> str | None:
    """What every page's themed HTML depends on besides the page itself: the navigation, the site's settings,
    the theme and the versions that render it, the site's pages; None where that cannot be known (a theme
    folder of the project's own, a plugin that may change a page's context)."""
    if config.theme.custom_dir is not None or any(
            not isinstance(m, _SearchContext) and getattr(m, "__module__", "") not in _CONTEXT_SAFE
            for m in config.plugins.events.get("page_context", [])):
        return None
    found = _site_keys.get((id(nav), id(doc_files)))
    if found is not None:
        return found
    theme = {k: config.theme[k] for k in config.theme}
    settings = {k: config[k] for k in ("site_name", "site_url", "site_description", "site_author", "repo_url",
                                       "repo_name", "edit_uri", "copyright", "extra", "extra_css",
                                       "extra_javascript", "use_directory_urls", "theme")}
    settings["theme"] = [config.theme.name, theme, list(config.theme.dirs)]
    text = json.dumps([settings, _nav_tokens(nav.items), [f.src_uri for f in doc_files], sorted(config.plugins),
                       _versions(), _version("jinja2")], sort_keys=True, default=str)
    key = hashlib.sha256(text.encode()).hexdigest()
    _site_keys.clear()
    _site_keys[(id(nav), id(doc_files))] = key
    return key


class _SearchContext:
    """Material's search plugin's page_context event, but for its ``re.sub`` removing ``data-search-*``
    attributes from the page's HTML, run only on a page that has one: the pattern's optional leading space
    made it try every character of every page (a tenth of a no-op build of a 2,500-host site)."""

    def __init__(self, plugin: Any) -> None:
        self.plugin = plugin
        self.original = plugin.on_page_context

    def __call__(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        content = page.content
        if not self.plugin.config.enabled or not isinstance(content, str) or "data-search-" in content:
            return self.original(context, page=page, config=config, nav=nav)
        self.plugin.search_index.add_entry_from_context(page)
        return None


def search_context_when_needed(config: Any) -> None:
    """Material's search page_context event replaced by _SearchContext in this build's plugins."""
    plugin: Any = importlib.import_module("material.plugins.search.plugin").SearchPlugin
    collection = config.plugins
    events = collection.events.get("page_context", [])
    for i, method in enumerate(events):
        if getattr(method, "__func__", None) is plugin.on_page_context:
            events[i] = _SearchContext(method.__self__)
            collection._event_origins[events[i]] = collection._event_origins.get(method, "<unknown>")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "missing"


def _page_key(site: str, page: Any) -> str:
    def near(other: Any) -> Any:
        return None if other is None else [other.url, str(other.title)]

    parents = []
    parent = page.parent
    while parent is not None:
        parents.append(str(parent.title))
        parent = parent.parent
    text = json.dumps([site, page.url, page.file.src_uri, page.file.dest_uri, str(page.title), page.meta,
                       _toc_tokens(page.toc or []), near(page.previous_page), near(page.next_page), parents,
                       page.edit_url, page.canonical_url], sort_keys=True, default=str)
    digest = hashlib.sha256(text.encode())
    content = page.content  # hashed as it is: JSON-escaping every page's HTML was a tenth of a no-op build
    digest.update(b"\0s" + content.encode() if isinstance(content, str) else b"\0j" + json.dumps(content).encode())
    return "page-" + digest.hexdigest()


def _known_page_key(site: str, page: Any) -> str:
    """_page_key, computed once for a page's content in a site (``themed`` asks first, the theme after)."""
    known = getattr(page, "_stackplan_page_key", None)
    if known is not None and known[0] == site and known[1] is page.content:
        return str(known[2])
    key = _page_key(site, page)
    page._stackplan_page_key = (site, page.content, key)
    return key


def themed(page: Any, config: Any, doc_files: Any, nav: Any) -> bool:
    """Whether the page cache holds the themed HTML of ``page`` (converted), or it cannot hold it."""
    site = None if _where[0] is None else _site_key(config, doc_files, nav)
    if site is None or _where[0] is None:
        return True
    return (_where[0] / f"{_known_page_key(site, page)}.html").is_file()


@contextmanager
def not_writing(config: Any) -> Iterator[None]:
    """Within the block, MkDocs writes no file of the site and the search index takes no entry: a page is
    themed (and indexed) for the page cache only."""
    utils: Any = importlib.import_module("mkdocs.utils")
    write = utils.write_file
    found: list[Any] = [getattr(plugin, "search_index", None) for plugin in config.plugins.values()]
    indexes = [(index, len(index.entries)) for index in found if isinstance(getattr(index, "entries", None), list)]
    utils.write_file = lambda content, output_path: None
    try:
        yield
    finally:
        utils.write_file = write
        for index, length in indexes:
            del index.entries[length:]


def compiled_templates(env: Any) -> None:
    """The theme's templates compiled once, kept in the page cache's folder (Jinja's bytecode cache: an entry
    is used only for the template source it was compiled from); compiling them was a tenth of a no-op build."""
    folder = _where[0]
    if folder is None or env.bytecode_cache is not None:
        return
    env.bytecode_cache = Compiled(str(folder / "templates"))


def cache_folder() -> Path | None:
    """The folder of the page cache on disk (None: in memory only)."""
    return _where[0]


def known_mkdocs() -> bool:
    """Whether MkDocs is a version whose build loop, page events and theme this module knows."""
    return _version("mkdocs").startswith(_THEMED_MKDOCS)


def theme_once() -> None:
    """A page whose themed HTML was made by an earlier build with the same inputs (its content, place, title,
    front matter, table of contents, neighbours, and the site's navigation, settings, theme and versions) is
    written from the page cache's folder instead of rendered by the theme again: in a no-op build of a
    2,500-host site the theme's templates were two thirds of the time. The page's events still run (search
    indexes it)."""
    build: Any = importlib.import_module("mkdocs.commands.build")
    original = build._build_page
    if hasattr(original, _MARK) or not _version("mkdocs").startswith(_THEMED_MKDOCS):
        return

    def _build_page(page: Any, config: Any, doc_files: Any, nav: Any, env: Any, dirty: bool = False,
                    excluded: bool = False) -> None:
        site = None if dirty or excluded or _where[0] is None else _site_key(config, doc_files, nav)
        if site is None:
            original(page, config, doc_files, nav, env, dirty, excluded)
            return
        key = _known_page_key(site, page)
        html = _read_text(f"{key}.html")
        if html is None:
            made: list[str] = []
            render = env.get_template(page.meta.get("template", "main.html")).render

            class Capture:
                """The theme's template, keeping what it rendered."""

                def render(self, context: Any) -> str:
                    made.append(render(context))
                    return made[-1]

            counter = _Count()
            watched = [logging.getLogger(), logging.getLogger("mkdocs")]
            get_template = env.get_template
            for logger in watched:
                logger.addHandler(counter)
            def page_template(*_args: Any, **_kwargs: Any) -> Capture:
                env.get_template = get_template  # the template's own (extends, includes) are the theme's
                return Capture()

            env.get_template = page_template
            try:
                original(page, config, doc_files, nav, env, dirty, excluded)
            finally:
                env.get_template = get_template
                for logger in watched:
                    logger.removeHandler(counter)
            if made and not counter.count:
                _write_text(f"{key}.html", made[0])
            counts["themed"] += 1
            return
        counts["themed again"] += 1
        config._current_page = page
        try:
            page.active = True
            context = build.get_context(nav, doc_files, config, page)
            config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            output = config.plugins.on_post_page(html, page=page, config=config)
            if output.strip():
                build.utils.write_file(output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)
        finally:
            page.active = False
            config._current_page = None

    setattr(_build_page, _MARK, original)
    build._build_page = _build_page


# The site folder's files before this build ({path: (inode, size, mtime)}), its folders, and the files the build
# kept because their bytes were already those it would write: what is left of the rest is removed at its end.
_before: dict[str, tuple[int, int, int]] = {}
_folders: list[str] = []
_kept: set[str] = set()
_pending: list[bool] = [False]


def _stamp(status: os.stat_result) -> tuple[int, int, int]:
    return (status.st_ino, status.st_size, status.st_mtime_ns)


def _same_bytes(path: str, content: bytes) -> bool:
    """Whether the regular file ``path`` holds exactly ``content`` (its size is compared first)."""
    try:
        status = os.lstat(path)
        if not os.path.isfile(path) or os.path.islink(path) or status.st_size != len(content):
            return False
        with open(path, "rb") as existing:
            return existing.read() == content
    except OSError:
        return False


def _record(directory: str) -> None:
    """What ``mkdocs.utils.clean_directory`` would remove, noted instead of removed (links are removed now,
    so nothing is ever written through one)."""
    _before.clear()
    _folders.clear()
    _kept.clear()
    for entry in sorted(os.listdir(directory)):
        if entry.startswith("."):
            continue  # as MkDocs: hidden entries of the site folder stay
        path = os.path.join(directory, entry)
        if os.path.islink(path) or not os.path.isdir(path):
            if os.path.islink(path):
                os.unlink(path)
            else:
                _before[os.path.normpath(path)] = _stamp(os.lstat(path))
            continue
        for folder, subfolders, names in os.walk(path):
            _folders.append(os.path.normpath(folder))
            for name in [*names, *subfolders]:
                inner = os.path.join(folder, name)
                if os.path.islink(inner):
                    os.unlink(inner)
                elif name in names:
                    _before[os.path.normpath(inner)] = _stamp(os.lstat(inner))
    _pending[0] = True


def finish_build() -> None:
    """The end of a build (the hook's last post_build event, or a build error): the site folder's files of
    before the build that it neither wrote nor kept are removed, then its folders left empty."""
    if not _pending[0]:
        return
    _pending[0] = False
    for path, stamp in _before.items():
        if path in _kept:
            continue
        try:
            if _stamp(os.lstat(path)) == stamp:
                os.unlink(path)
        except OSError:
            pass  # removed or replaced by the build: nothing left of before
    for folder in sorted(_folders, key=lambda f: f.count(os.sep), reverse=True):
        try:
            os.rmdir(folder)
        except OSError:
            pass  # the build wrote into it
    _before.clear()
    _folders.clear()
    _kept.clear()


def keep_unchanged_files() -> None:
    """A file whose bytes are already those the build would write is kept instead of written again."""
    utils: Any = importlib.import_module("mkdocs.utils")
    file: Any = importlib.import_module("mkdocs.structure.files").File
    if hasattr(utils.clean_directory, _MARK) or not _version("mkdocs").startswith(_THEMED_MKDOCS):
        return
    clean, write, copy, copy_file = utils.clean_directory, utils.write_file, utils.copy_file, file.copy_file

    def clean_directory(directory: str) -> None:
        if not os.path.isdir(directory) or os.path.islink(directory):
            clean(directory)
            return
        _record(directory)

    def kept(path: str, content: bytes) -> bool:
        if _pending[0] and _same_bytes(path, content):
            _kept.add(os.path.normpath(path))
            counts["kept"] += 1
            return True
        return False

    def write_file(content: bytes, output_path: str) -> None:
        if not kept(output_path, content):
            write(content, output_path)

    def copy_static(source_path: str, output_path: str) -> None:
        target = os.path.join(output_path, os.path.basename(source_path)) if os.path.isdir(output_path) \
            else output_path
        try:
            with open(source_path, "rb") as source:
                content = source.read()
        except OSError:
            content = None
        if content is None or not kept(target, content):
            copy(source_path, output_path)

    def copy_generated(self: Any, dirty: bool = False) -> None:
        content = self._content
        if dirty or content is None:
            copy_file(self, dirty)
            return
        if not kept(self.abs_dest_path, content.encode("utf-8") if isinstance(content, str) else content):
            copy_file(self, dirty)

    for function, original in ((clean_directory, clean), (write_file, write), (copy_static, copy),
                               (copy_generated, copy_file)):
        setattr(function, _MARK, original)
    utils.clean_directory, utils.write_file, utils.copy_file = clean_directory, write_file, copy_static
    file.copy_file = copy_generated


def install(pages: Path | None = None) -> None:
    """All of them, once per process (the hook module is loaded again on every config reload of ``mkdocs
    serve``); ``pages`` is the folder of the page cache on disk (None: in memory only)."""
    _where[0] = pages
    share_formatters()
    plain_long_blocks()
    linear_fences()
    search_without_code()
    theme_once()
    render_once()
    keep_unchanged_files()
