"""Escaping of design text, one function per output language.

Every string of a design is hostile until escaped for the language it lands in. Each output
language has one function here, and each template environment applies it to every ``{{ }}``
expression by default (``templating.py``), so a template cannot forget it:

- ``shell``: one shell word (POSIX single quotes where needed); ``shell_comment`` for the text of
  a ``#`` comment (one line, nothing that ends it).
- ``switch_text``: text on a line of a Cisco NX-OS, IOS-XE or Arista EOS configuration (one line,
  printable ASCII, no CLI help character); ``junos``: one Junos ``set`` word, quoted where needed.
- ``yaml_scalar``: one YAML scalar, plain where that reads back as the same string, else JSON
  quoted (JSON strings are YAML); whole documents go through ``yaml.safe_dump`` / ``json.dumps``.
- ``markdown``: inline text of a Markdown page that becomes HTML: no HTML, no Markdown syntax
  (emphasis, code, links, images, attribute lists ``{: }``, tables, block starts); ``md_code``
  for a code span; ``md_url`` for a link target (relative paths and http(s) only), ``link_url`` the same
  target as plain text for other languages.
- ``csv_text``: a CSV download, cells a spreadsheet would run as formulas made text;
  ``exports_path``: a path in /etc/exports.
- ``xml_text``: text and attribute values of an SVG drawing (the rack elevations).
- ``dot_label``: a Graphviz label: backslash escapes literal, never an HTML-like label; ``dot_url``: a
  node's link (a relative URL, percent-encoded, no backslash for Graphviz to expand).

Each function takes any value and returns plain text for Python callers (the zone script and the
runbook build text in Python). Text already escaped for its output, or written by the project and
not the design, is marked ``Markup`` (templates: the ``trusted`` filter; macro output): every
function returns it unchanged, so nothing is escaped twice.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from html import unescape as html_unescape
from typing import Any
from urllib.parse import quote as url_quote
from urllib.parse import urlsplit

import yaml
from markupsafe import Markup
from markupsafe import escape as html_escape


def trusted(text: Any) -> Markup:
    """Mark ``text`` as needing no escaping: only for text the project wrote or an escaper made."""
    return text if isinstance(text, Markup) else Markup(str(text))


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _breaks_line(ch: str) -> bool:
    """Control characters, line and paragraph separators, and invisible format characters
    (bidirectional overrides and the like, which make text read differently from what it is)."""
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn") and ch != " "


def one_line(value: Any) -> str:
    """The text on one line: every control or format character becomes a space."""
    text = _text(value)
    if text.isascii() and text.isprintable():
        return text
    return "".join(" " if _breaks_line(ch) else ch for ch in text)


# --- shell -------------------------------------------------------------------------------------

def shell(value: Any) -> str:
    """One shell word whose value is exactly ``value`` (single-quoted unless plainly safe).

    A newline inside the quotes stays data; it cannot end the command.
    """
    if isinstance(value, Markup):
        return str(value)
    return shlex.quote(_text(value))


def shell_line_word(value: Any) -> str:
    """A shell word for a template line: ``value`` on one line, then quoted. The default of shell
    templates, where an expression may sit in a command or in a comment."""
    if isinstance(value, Markup):
        return str(value)
    return shlex.quote(one_line(value))


def shell_comment(value: Any) -> str:
    """Text for a ``#`` comment: on one line, so the comment cannot end and a command begin."""
    return one_line(value)


_PARAM_BAD = str.maketrans({"'": "\u2019", "$": "_", "`": "_", "\\": "_", '"': "_", "}": ")"})


def shell_error_word(value: Any) -> str:
    """The message of ``"${NAME:?message}"``: on one line, with none of the characters bash reads
    there (``$`` ````` ``\\`` ``"`` ``}``, and ``'``, which bash takes as a quote even inside)."""
    return one_line(value).translate(_PARAM_BAD)


def shell_double_quoted(value: Any) -> str:
    """Text inside a double-quoted shell word (``"…"``), where ``$`` and the like are live."""
    return re.sub(r'([\\"$`])', r"\\\1", _text(value))


def shell_words(values: Any, sep: str = " ") -> str:
    """Several shell words, each quoted, joined by ``sep`` (a space, or a comma inside one word)."""
    return sep.join(shell_line_word(v) for v in values)


# --- other configuration files -----------------------------------------------------------------

_EXPORTS_PLAIN = re.compile(r"[A-Za-z0-9._/+:@,=-]")


def exports_path(value: Any) -> str:
    """A path in /etc/exports: every character but plain ones as an octal escape (``\\040`` for a
    space), as exportfs reads them, so a path cannot add options or another export."""
    return "".join(c if _EXPORTS_PLAIN.match(c) else "".join(f"\\{b:03o}" for b in c.encode()) for c in _text(value))


# --- CSV (spreadsheets) ----------------------------------------------------------------------------

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A spreadsheet cell: text a spreadsheet would take for a formula (``=…``, ``+…``, ``-…``,
    ``@…``) gets a leading apostrophe, which spreadsheets read as "text"; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A CSV document (the csv module's quoting, ``\\n`` line ends), every cell through ``csv_cell``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return out.getvalue()


# --- switch configurations ------------------------------------------------------------------------

# On a Cisco or Arista CLI a line is one command; "?" pasted into it prints the CLI help
# and corrupts the line. Only printable ASCII survives: switches refuse other bytes.
_SWITCH_BAD = re.compile(r"[^\x20-\x3e\x40-\x7e]")


def switch_text(value: Any) -> str:
    """Text on one line of an NX-OS, IOS-XE or EOS configuration (descriptions, names, comments)."""
    if isinstance(value, Markup):
        return str(value)
    return _SWITCH_BAD.sub("_", one_line(value))


_JUNOS_PLAIN = re.compile(r"^[A-Za-z0-9._:/+,@=-]+$")


def junos(value: Any) -> str:
    """One word of a Junos ``set`` command: plain when it is one, else a quoted string."""
    if isinstance(value, Markup):
        return str(value)
    text = switch_text(value)
    if _JUNOS_PLAIN.match(text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def junos_quoted(value: Any) -> str:
    """A Junos quoted string (descriptions), quoted even when it is one word."""
    text = junos(value)
    return text if text.startswith('"') else f'"{text}"'


def junos_words(values: Any) -> str:
    """Several Junos words, each quoted where needed, separated by spaces (a ``[ … ]`` list)."""
    return " ".join(junos(v) for v in values)


# --- YAML ------------------------------------------------------------------------------------------

_YAML_PLAIN = re.compile(r"^[A-Za-z0-9_./+-][A-Za-z0-9_./+@-]*$")


@lru_cache(maxsize=4096)
def _yaml_plain(text: str) -> bool:
    """``text`` written plain reads back as the same string (not a number, boolean, null…)."""
    return bool(_YAML_PLAIN.match(text)) and yaml.safe_load(text) == text


def yaml_scalar(value: Any) -> str:
    """One YAML scalar that reads back as ``value``: numbers as they are, strings plain where
    YAML reads them back as the same string, else double-quoted as JSON writes them (a JSON
    string is a YAML string)."""
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = _text(value)
    return text if _yaml_plain(text) else json.dumps(text, ensure_ascii=False)


def yaml_words(values: Any) -> str:
    """The items of a YAML flow sequence (between ``[`` and ``]``), each a scalar."""
    return ", ".join(yaml_scalar(v) for v in values)


def yaml_comment(value: Any) -> str:
    """Text for a YAML ``#`` comment: on one line."""
    return one_line(value)


# --- Markdown that becomes HTML ---------------------------------------------------------------------

# Characters that start inline Markdown (emphasis, code, links and images, attribute lists,
# table cells, escapes) as numeric character references, and HTML's own as markupsafe writes
# them: the browser shows the character, Markdown sees none of its syntax.
_MD_INLINE = {c: f"&#{ord(c)};" for c in "\\`*[]{}|"} | {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}
# ... and "_" where it can emphasise, at a word's edge: "a_b" stays as it is.
_MD_CHARS = re.compile("[" + re.escape("".join(_MD_INLINE)) + r"]|(?<!\w)_|_(?!\w)")
# What starts a block only at the start of a line (headings, quotes, lists, admonitions, details,
# tabs, fences, rules and setext underlines): its first character is escaped where the text
# starts, since the text may start a line.
_MD_LINE_START = re.compile(r"^(?:[#>]|[-+*:](?:\s|$)|\d+[.)](?:\s|$)|[-=_*]{2,}|!!!|\?\?\?|===|~~~|:::)")


_LINE_BREAK = re.compile(r"[ \t]*(?:\r\n|\n|\r)\s*")
# Printable ASCII text without a character ``markdown`` escapes (nor "_") and without a space at either end.
_MD_PLAIN = re.compile(r"[^ \\`*\[\]{}|&<>\"'_](?:[^\\`*\[\]{}|&<>\"'_]*[^ \\`*\[\]{}|&<>\"'_])?")


def markdown(value: Any) -> Markup:
    """Design text inline in a Markdown page: shown as written, never markup.

    On one line (a newline could start a block: a line break and the indentation after it are
    one space, as HTML shows them) without white space at either end (two spaces
    at the end of a line are a line break, four at its start a code block), every character of
    inline syntax and of HTML as a character reference, and a first character that could start
    a block escaped too.
    """
    if isinstance(value, Markup):
        return value
    text = _text(value)
    if text.isascii() and text.isprintable() and _MD_PLAIN.fullmatch(text) and not _MD_LINE_START.match(text):
        return Markup(text)  # nothing to escape (most cells: names, numbers, addresses): what _markdown returns
    return _markdown(text)


def _markdown(value: str) -> Markup:
    """``markdown`` of any text, character by character."""
    text = one_line(_LINE_BREAK.sub(" ", value)).strip()
    out = _MD_CHARS.sub(lambda m: _MD_INLINE.get(m[0], "&#95;"), text)
    if _MD_LINE_START.match(text):
        first = _MD_INLINE.get(text[0], "&#95;" if text[0] == "_" else text[0])
        out = f"&#{ord(text[0])};" + out[len(first):]
    return Markup(out)


def md_code(value: Any) -> Markup:
    """A Markdown code span showing ``value`` literally (on one line)."""
    text = one_line(value).replace("\n", " ")
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    if not text:
        return Markup("")
    return Markup(f"{ticks}{pad}{text}{pad}{ticks}")


_URL_SAFE = "/#.-_~!$&'()*+,;=:@%"


def md_url(value: Any) -> Markup:
    """A link target: a relative path (each character outside URL syntax percent-encoded) or an
    http(s) URL; anything else (``javascript:``, ``data:``…) becomes ``#``."""
    text = one_line(value).strip()
    parts = urlsplit(text)
    if parts.scheme and parts.scheme.lower() not in ("http", "https"):
        return Markup("#")
    if not parts.scheme and text.startswith("//"):
        return Markup("#")
    encoded = url_quote(text, safe="/#.-_~:%")
    if not parts.scheme and ":" in encoded.split("/")[0]:
        encoded = "./" + encoded  # "a:b/c" would read as scheme a
    return Markup(str(html_escape(encoded)).replace("(", "%28").replace(")", "%29"))


def url_part(value: Any) -> str:
    """One part of a link's path made of design text (a device's name in ``devices/<name>.html``): every
    character but letters, digits and ``._~-`` percent-encoded, so a ``/``, ``#`` or ``?`` in it stays a
    character of the name."""
    return url_quote(one_line(value), safe="._~-")


def link_url(value: Any) -> str:
    """A link target as ``md_url`` makes it (relative or http(s), percent-encoded), as plain text for a caller
    that escapes for its own language (``xml_text`` in an SVG, ``dot_url`` in Graphviz)."""
    return html_unescape(str(md_url(value)))


def html_title(value: Any) -> str:
    """A page or navigation title the theme prints as raw HTML, and in ``<title>`` after its
    ``striptags`` (which unescapes): on one line, angle brackets as look-alikes, HTML-escaped."""
    text = one_line(value).strip().replace("<", "\u2039").replace(">", "\u203a")
    return str(html_escape(text))


# --- SVG and other XML ----------------------------------------------------------------------------

def xml_text(value: Any) -> str:
    """Text or an attribute value of an SVG (XML) document: on one line (XML 1.0 forbids most control
    characters), ``& < > " '`` as character references."""
    return str(html_escape(one_line(value)))


# --- Graphviz -----------------------------------------------------------------------------------------

def dot_label(value: Any) -> str:
    """A Graphviz label shown as written: lines stay lines; backslashes literal (``\\N`` or ``\\G``
    would print the node or graph name), other control characters spaces, never an HTML-like
    label (``<…>``). The DOT quoting itself is the ``graphviz`` package's."""
    from graphviz import nohtml  # type: ignore[import-untyped]

    lines = _text(value).split("\n")
    text = "\n".join(one_line(line) for line in lines).replace("\\", "\\\\")
    label: str = nohtml(text)
    return label


def dot_url(value: Any) -> str:
    """A node's ``URL`` in Graphviz: ``link_url`` with no backslash left, since Graphviz expands ``\\N``,
    ``\\G`` and the like in a URL; Graphviz writes it XML-escaped into the SVG."""
    return link_url(value).replace("\\", "%5C")


# --- XML (draw.io files) ----------------------------------------------------------------------------

# XML 1.0 allows tab, newline and carriage return among the control characters, and nothing of
# U+FFFE, U+FFFF or a lone surrogate: those become U+FFFD, the replacement character.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_ATTR = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;",
             "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def xml_attr(value: Any) -> str:
    """Text inside a double- or single-quoted XML attribute, read back exactly (line breaks too, which
    a parser would otherwise turn into spaces); characters XML cannot hold become U+FFFD."""
    text = _XML_INVALID.sub("\ufffd", _text(value))
    return "".join(_XML_ATTR.get(ch, ch) for ch in text)
