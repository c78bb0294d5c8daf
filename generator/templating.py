"""Jinja2 set-up: one environment per output language, strict, with the filters templates may use.

Templates live in the top-level ``templates/`` folder, grouped by output kind, then platform.
The template's name gives its output language (``LANGUAGES``), and that language's environment
escapes every ``{{ }}`` expression with the language's function from ``escape.py`` (Jinja's
``finalize``): a template cannot forget to escape. Values the project computed already escaped
(``Trusted``, or ``Markup`` in Markdown) pass as they are; ``trusted`` marks text the project
wrote itself, such as a platform's comment character.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import escape as esc
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
    """A Markdown table cell: design text as ``escape.markdown`` (no HTML, no Markdown syntax,
    pipes and newlines neutralised); Markup the project built passes with pipes escaped."""
    if isinstance(value, Markup):
        return Markup(str(value).replace("|", "&#124;").replace("\n", " "))
    return esc.markdown(value)


def device_link(name: Any, devices: Container[str], folder: str = "devices/") -> Markup:
    """A device's name, linking to its page (``devices/<name>.md``) when it has one, else as text: the one
    link every table naming a device uses. ``folder`` is where the device pages are, seen from the page."""
    text = esc.markdown(name)
    if str(name) not in devices:
        return text
    return Markup(f"[{text}]({esc.md_url(f'{folder}{name}.md')})")


def fence(text: str, lang: str = "") -> Markup:
    """A fenced code block whose fence is longer than any backtick run in ``text``."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    body = text if text.endswith("\n") else text + "\n"
    return Markup(f"{ticks}{lang}\n{body}{ticks}")


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _marked(escaper: Callable[..., str]) -> Callable[..., Markup]:
    """``escaper`` returning Markup: what it made is final (escaped once, never HTML-escaped)."""
    def marked(value: Any, *args: Any) -> Markup:
        return value if isinstance(value, Markup) else Markup(escaper(value, *args))
    marked.__name__ = marked.__qualname__ = escaper.__name__
    marked.__doc__ = escaper.__doc__
    return marked


# Per output language: the escaper of every {{ }} expression, and the filters of that language
# (``comment``: the text of a comment line; ``words``: a list as words of the language). Every
# environment autoescapes with its language's escaper, so a macro's output (Markup) stays as it is.
LANGUAGES: dict[str, tuple[Callable[[Any], Markup], dict[str, Callable[..., Any]]]] = {
    "markdown": (esc.markdown, {"cell": cell, "fence": fence, "code": esc.md_code, "url": esc.md_url,
                                "cite": cite, "device": device_link}),
    "shell": (_marked(esc.shell_line_word), {"comment": _marked(esc.shell_comment),
                                             "words": _marked(esc.shell_words)}),
    "switch": (_marked(esc.switch_text), {"comment": _marked(esc.switch_text)}),
    "junos": (_marked(esc.junos), {"comment": _marked(esc.switch_text), "words": _marked(esc.junos_words),
                                     "quoted": _marked(esc.junos_quoted)}),
    "yaml": (_marked(esc.yaml_scalar), {"comment": _marked(esc.yaml_comment), "words": _marked(esc.yaml_words)}),
}


def language_of(template: str) -> str:
    """The output language of a template, from its name."""
    if template.endswith((".md.j2", ".html.j2")):
        return "markdown"
    if template.endswith(".sh.j2"):
        return "shell"
    if template.endswith(".yaml.j2"):
        return "yaml"
    if template.startswith("switch/juniper_junos/"):
        return "junos"
    if template.startswith("switch/"):
        return "switch"
    raise ValueError(f"template {template}: no output language is known for its name")


@lru_cache(maxsize=len(LANGUAGES))
def environment(language: str) -> Environment:
    finalize, filters = LANGUAGES[language]
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=True,  # with ``finalize``: every expression goes through the language's escaper
        finalize=finalize,
    )
    env.filters.update(vlan_list=vlan_list, slugify=slugify, trusted=esc.trusted)
    env.filters.update(filters)
    return env


def render(template: str, **context: Any) -> str:
    return environment(language_of(template)).get_template(template).render(**context)
