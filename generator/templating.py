"""Jinja2 set-up: one environment per output language, strict, with the filters templates may use.

Templates live in the top-level ``templates/`` folder, grouped by output kind, then platform.
The template's name gives its output language (``LANGUAGES``), and that language's environment
escapes every ``{{ }}`` expression with the language's function from ``escape.py`` (Jinja's
``finalize``): a template cannot forget to escape. Values the project computed already escaped
(``Trusted``, or ``Markup`` in Markdown) pass as they are; ``trusted`` marks text the project
wrote itself, such as a platform's comment character.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Callable, Container, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket
from markupsafe import Markup

from . import escape as esc
from .rules.sources import cite

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def vlan_list(vlans: Iterable[int]) -> str:
    """Compress VLAN ids into ranges: [100, 200, 201, 202] → '100,200-202'. Many ports and switches carry the
    same set of a thousand VLANs, so a set's text is remembered (``_vlan_ranges``)."""
    return _vlan_ranges(vlans if isinstance(vlans, frozenset) else frozenset(vlans))


@lru_cache(maxsize=4096)
def _vlan_ranges(vlans: frozenset[int]) -> str:
    ordered = sorted(vlans)
    if not ordered:
        return ""
    parts: list[str] = []
    first = last = ordered[0]
    for vlan in ordered[1:]:
        if vlan != last + 1:
            parts.append(str(first) if first == last else f"{first}-{last}")
            first = vlan
        last = vlan
    parts.append(str(first) if first == last else f"{first}-{last}")
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
    return Markup(f"[{text}]({esc.md_url(f'{folder}{esc.url_part(name)}.md')})")


# A word that may be a device's name: a name's characters, starting with a letter or digit and ending in a
# letter, digit or underscore (so a sentence's full stop or a trailing hyphen is not taken in). A name that
# is not such a word (only where the model's checks were bypassed) stands in the text as one character of
# Unicode's private use area, which counts as a letter here: it is found where its clean twin would be.
_STAND_IN = 0xE000
_WORD = re.compile("[A-Za-z0-9\ue000-\uf8ff][A-Za-z0-9._\ue000-\uf8ff-]*[A-Za-z0-9_\ue000-\uf8ff]"
                   "|[A-Za-z0-9\ue000-\uf8ff]")
_PLAIN_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?")


@lru_cache(maxsize=16)
def _odd_names(devices: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """The device names that are not a plain word, as (the name as it stands in one line of text, the name),
    longest first (a name inside another is found last)."""
    odd = ((esc.one_line(n), n) for n in devices if n and not _PLAIN_NAME.fullmatch(n))
    return tuple(sorted(odd, key=lambda pair: (-len(pair[0]), pair)))


def device_words(value: Any, devices: Container[str], folder: str = "devices/") -> Markup:
    """Design text as ``cell`` writes it, with every word that names a device linking to its page
    (``device_link``): "every host of c1 (kvm01 … kvm12)", "kvm01 → sw1 → fw1". A file named after a
    device (``hosts/kvm01.yaml``) is not the device. Markup the project built passes as ``cell`` passes it."""
    if isinstance(value, Markup):
        return cell(value)
    text = esc.one_line(str(value))  # no private-use character is left in it
    odd = _odd_names(devices) if isinstance(devices, frozenset) else ()
    names: dict[int, str] = {}  # stand-in → the name as written in the text
    real: dict[str, str] = {}  # the name as written → the device's name
    for form, name in odd:
        if form and form in text and len(names) < 0x1900:
            names[_STAND_IN + len(names)] = form
            real[form] = name
            text = text.replace(form, chr(_STAND_IN + len(names) - 1))
    out: list[str] = []
    at = 0
    for match in _WORD.finditer(text):
        word = match[0].translate(names) if names else match[0]
        word = real.get(word, word)
        if word in devices:
            out.append(_piece(text[at:match.start()].translate(names)))
            out.append(str(device_link(word, devices, folder)))
            at = match.end()
    if not out:
        return cell(text.translate(names))
    out.append(_piece(text[at:].translate(names)))
    return Markup("".join(out).strip())


def _piece(text: str) -> str:
    """A piece of text between two links: escaped, with the spaces around it kept (``escape.markdown``
    trims them); a space inside stays one space."""
    if not text.strip():
        return " " if text else ""
    lead = " " if text[0].isspace() else ""
    tail = " " if text[-1].isspace() else ""
    return lead + str(esc.markdown(text)) + tail


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
                                "cite": cite, "device": device_link,
                                "device_words": device_words}),
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


class Compiled(FileSystemBytecodeCache):
    """Jinja's cache of compiled templates in a folder (an entry is used only for the source it was compiled
    from), which never fails a render: a folder that cannot be written is no cache."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError, TypeError, pickle.UnpicklingError):
            bucket.reset()  # unreadable or cut short: compiled anew

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


_compiled: list[Compiled | None] = [None]


def keep_compiled(folder: Path | None) -> None:
    """Compiled templates kept in ``folder`` (None: in memory only) from now on: compiling the templates was
    about 2 s of every process that renders outputs (each build worker, each ``mkdocs serve`` edit of a design
    not built before in the process)."""
    if folder is None and _compiled[0] is None:
        return
    if folder is not None and _compiled[0] is not None and Path(_compiled[0].directory) == folder:
        return
    _compiled[0] = None if folder is None else Compiled(str(folder))
    for language in LANGUAGES:
        environment(language).bytecode_cache = _compiled[0]


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
        bytecode_cache=_compiled[0],
    )
    env.filters.update(vlan_list=vlan_list, slugify=slugify, trusted=esc.trusted)
    env.filters.update(filters)
    return env


def render(template: str, **context: Any) -> str:
    return environment(language_of(template)).get_template(template).render(**context)
