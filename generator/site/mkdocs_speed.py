"""What makes ``mkdocs build`` of a big site fast, installed by the hook; the pages' HTML stays the same.

- One Pygments formatter per set of options, reused: pymdownx.highlight builds an ``HtmlFormatter``
  for every code block, and each one builds its style sheet again (a 2,500-host site has about ten
  thousand blocks). The formatter keeps no state between blocks but caches, so sharing it gives the
  same HTML.
- The search index leaves out code blocks (``<pre>``): configurations and commands have their own
  pages and downloads, and parsing them was a third of the build. Headings, prose and tables stay,
  so a device or host name still finds the pages that name it.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any

_MARK = "_stackplan_fast"
_CODE = re.compile(r"<pre\b[^>]*>.*?</pre>", re.DOTALL)
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


def search_without_code() -> None:
    index: Any = importlib.import_module("material.plugins.search.plugin").SearchIndex
    original = index.add_entry_from_context
    if hasattr(original, _MARK):
        return

    def add_entry_from_context(self: Any, page: Any) -> Any:
        content = page.content
        page.content = _CODE.sub("", content) if content else content
        try:
            return original(self, page)
        finally:
            page.content = content

    setattr(add_entry_from_context, _MARK, original)
    index.add_entry_from_context = add_entry_from_context


def install() -> None:
    """Both, once per process (the hook module is loaded again on every config reload of ``mkdocs serve``)."""
    share_formatters()
    search_without_code()
