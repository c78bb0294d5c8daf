"""Jinja2 set-up: one environment, strict, with the filters templates may use.

Templates live in the top-level ``templates/`` folder, grouped by output kind, then platform.
Markdown templates (``*.md.j2``) autoescape, so design strings stay text in the HTML site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .rules.sources import cite

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def vlan_list(vlans: Iterable[int]) -> str:
    """Compress VLAN ids into ranges: [100, 200, 201, 202] → '100,200-202'."""
    ordered = sorted(set(vlans))
    parts: list[str] = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        parts.append(str(ordered[i]) if i == j else f"{ordered[i]}-{ordered[j]}")
        i = j + 1
    return ",".join(parts)


def vlan_expand(text: str) -> list[int]:
    """Expand '100,200-202' → [100, 200, 201, 202]."""
    out: list[int] = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        first, _, last = part.partition("-")
        out.extend(range(int(first), int(last or first) + 1))
    return out


def cell(value: Any) -> Markup:
    """A Markdown table cell: HTML-escaped, pipes and newlines neutralised."""
    text = str(escape("" if value is None else value))
    return Markup(text.replace("|", "&#124;").replace("\n", " "))


def fence(text: str, lang: str = "") -> Markup:
    """A fenced code block whose fence is longer than any backtick run in ``text``."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    body = text if text.endswith("\n") else text + "\n"
    return Markup(f"{ticks}{lang}\n{body}{ticks}")


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=lambda name: bool(name and (name.endswith((".md.j2", ".html.j2")))),
    )
    env.filters.update(vlan_list=vlan_list, cell=cell, fence=fence, slugify=slugify, cite=cite)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
