"""No design string can escape its place: every artefact of every example, rendered with hostile
text in every string of the model, is as inert as the clean render.

The loaded model of each example is walked and every string in it (names included: the model's
own checks are bypassed, for defence in depth) gets hostile text added, the same for a name and
for the references to it, so the design stays consistent. Then, artefact by artefact, against the
clean render of the same example:

- shell scripts (host scripts, the zone script, the runbook's commands) pass ``bash -n`` and
  tokenise to the same commands and operators: only the words' contents differ;
- switch configurations have the same lines, each starting with the same command word;
- YAML and JSON read back to the same shape (mappings, lists, kinds of scalar);
- Markdown pages, rendered with the extensions mkdocs.yml names, hold the same HTML elements with
  the same attributes, and no link leaves for anything but http(s) or a relative path;
- CSV downloads have the same rows and columns, and no cell a spreadsheet would run as a formula;
- diagrams hold the same Graphviz nodes, edges and clusters.
"""

from __future__ import annotations

import csv
import enum
import io
import json
import re
import shlex
import subprocess
from collections import Counter
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import markdown
import pytest
import yaml
from markupsafe import Markup
from pydantic import BaseModel

from generator.artefacts import Artefact
from generator.deployment import Deployment
from generator.diagnostics import Severity
from generator.loader import load_design
from generator.outputs import OUTPUTS, proof
from generator.rules import validate
from generator.runbook.build import build_runbook, context
from generator.site.pages import downloads, landing, nav
from tests.conftest import EXAMPLES, ROOT

# Each variant is added to every string: after it (the text continues a value), or before it
# (the text starts a value, where Markdown reads a block start). Together they hold a newline,
# both quotes, command substitution, backticks, ';', '&', '|', braces, an attribute list, raw HTML,
# Markdown links, images and emphasis, a javascript: target, a Graphviz quote and escape. Each is
# short: Graphviz fails to route the topology once names grow past about 40 characters.
HOSTILE = {
    "shell": "\n;t a'b\"$(id)`id`&|}\"];\\N",
    "formula": "=cmd|' -C x'!A0,@SUM(1)",
    "html": "<img src=x onerror=x>{: .x}",
    "link": "[l](javascript:x)![a](x)*e*_u_",
    "start": "# - !!!\n    <b onclick=x>~~~",
}
DIAGRAM_VARIANTS = ("shell", "start")
# The clean render the hostile one is compared with has as many harmless letters added in the
# same places, so that what depends on a string's length or on its being unknown (a switch model
# with no port table) is the same in both: only the hostile characters differ.
VARIANTS = {
    name: ((lambda s, t=text: t + s), (lambda s, t=text: "x" * len(t) + s)) if name in ("start", "formula") else
    ((lambda s, t=text: s + t), (lambda s, t=text: s + "x" * len(t)))
    for name, text in HOSTILE.items()
}


def _pattern(change: Any) -> Any:
    """``change`` for a host name pattern (``kvm{id}``), a format string: the braces it adds are
    doubled, to stay braces in every host's name."""
    def changed(value: str) -> str:
        marked = change("\0")
        return marked.replace("{", "{{").replace("}", "}}").replace("\0", value)
    return changed


def _label(change: Any) -> Any:
    """``change`` for a traffic label: a VMware label is 'vSwitch,vlan,type', so a comma is its grammar's
    separator (the vSwitch is the text before it), not a character that could escape; the hostile text
    goes in with its commas as ';'."""
    return lambda value: change(value).replace(",", ";")


def _hostile(value: Any, change: Any, seen: dict[int, Any]) -> Any:
    """``value`` with ``change`` applied to every string inside it (enums stay: they are vocabulary)."""
    if isinstance(value, enum.Enum) or value is None:
        return value
    if isinstance(value, str):
        return change(value)
    if isinstance(value, BaseModel):
        if id(value) in seen:
            return seen[id(value)]
        seen[id(value)] = value
        for name in type(value).model_fields:
            how = _pattern(change) if name == "name" and hasattr(value, "names") else (
                _label(change) if name == "labels" and type(value).__name__ == "Traffic" else change)
            object.__setattr__(value, name, _hostile(getattr(value, name), how, seen))
        return value
    if isinstance(value, dict):
        return {_hostile(k, change, seen): _hostile(v, change, seen) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_hostile(v, change, seen) for v in value)
    return value


@dataclass
class Render:
    artefacts: dict[str, Artefact]
    commands: list[str]  # the runbook's shell commands and checks, in order


def _render(path: Path, variant: str, hostile: bool) -> Render:
    # Changed as loaded, before any stage has seen (and cached anything of) the design.
    loaded = load_design(path)
    assert loaded.design is not None
    _hostile(loaded.design, VARIANTS[variant][0 if hostile else 1], {})
    deployment = Deployment(loaded, [f for f in validate(loaded) if f.severity is not Severity.error])
    runbook = build_runbook(context(deployment))
    commands = [c.text for s in runbook.steps for c in s.commands if c.lang == "bash"]
    commands += [c.command for s in runbook.steps for c in s.checks if c.command and c.lang == "bash"]
    # Graphviz is most of the time: the diagrams are drawn for the variants aimed at them (a quote,
    # a backslash escape, a label that starts like a heading), not for the HTML and link ones.
    outputs = [o for o in OUTPUTS if o.name != "diagrams" or variant in DIAGRAM_VARIANTS]
    artefacts = [a for o in outputs for a in o.produce(deployment)]
    artefacts += proof.produce(deployment, rendered=list(artefacts))  # the Proof page reads the others back
    # The site's own pages that show the deployment's words: the landing page, the downloads page,
    # and the navigation (whose titles the theme prints as HTML, and into <title> after striptags).
    site = [Artefact("site/landing.md", landing([deployment], {deployment.slug: artefacts})),
            downloads(deployment, artefacts)]
    for section in nav([deployment], {deployment.slug: artefacts}, [])[1]["Deployments"]:
        for title, items in section.items():
            for name in [title, *(t for item in items for t in item)]:
                assert "<" not in Markup(name).striptags() and "\n" not in name, name
    return Render({a.path: a for a in [*artefacts, *site]}, commands)




# --- shell ---------------------------------------------------------------------------------------

class _Shell:
    """A small reader of bash's grammar, enough for the scripts stackplan writes: words with their
    quotes, command substitutions ($(…) and `…`, read recursively), parameter expansions,
    operators, comments, here-documents, here-strings and line continuations."""

    OPERATORS = ("&&", "||", ";;", "<<<", "<<", ">>", ";", "&", "|", "(", ")", "<", ">", "\n")

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.heredocs: list[str] = []

    def shape(self, stop: str = "") -> list[Any]:
        """Command names, operators and line ends as they are, each other word 'W' with the shapes
        of the substitutions inside it; ``stop`` ends a substitution."""
        out: list[Any] = []
        start = True
        while self.i < len(self.text):
            c = self.text[self.i]
            if stop and self.text.startswith(stop, self.i):
                self.i += len(stop)
                return out
            if c in " \t":
                self.i += 1
            elif c == "\\" and self.text.startswith("\\\n", self.i):
                self.i += 2
            elif c == "#":
                while self.i < len(self.text) and self.text[self.i] != "\n":
                    self.i += 1
            elif op := next((o for o in self.OPERATORS if self.text.startswith(o, self.i)), ""):
                self.i += len(op)
                if op == "<<":
                    word, _ = self.word()
                    self.heredocs.append(word.strip("'\"").lstrip("-"))
                    out.append("<<")
                    continue
                if op == "\n" and self.heredocs:
                    self.skip_heredocs()
                out.append(op)
                start = op not in ("<", ">", ">>", "<<<")  # "<<<": a here-string, one word follows
            else:
                word, subs = self.word()
                if start and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", word):
                    # The zone script names variables after design names (sanitised to [A-Z0-9_] with a
                    # hash): an assignment stays an assignment, whatever its name.
                    out.append(("NAME=W", subs))
                else:
                    out.append((word if start else "W", subs))
                    start = False
        assert not stop, f"unterminated {stop}"
        return out

    def skip_heredocs(self) -> None:
        for end in self.heredocs:
            while self.i < len(self.text):
                line_end = self.text.find("\n", self.i)
                line_end = len(self.text) if line_end < 0 else line_end
                line = self.text[self.i:line_end]
                self.i = line_end + 1
                if line == end:
                    break
            else:
                raise AssertionError(f"here-document {end} never ends")
        self.heredocs = []

    def word(self) -> tuple[str, list[Any]]:
        """One word from the current position: its text and the shapes of its substitutions."""
        text: list[str] = []
        subs: list[Any] = []
        quote = ""
        while self.i < len(self.text):
            c = self.text[self.i]
            if not quote and (c in " \t\n;&|()<>"):
                break
            if c == "\\" and quote != "'":
                text.append(self.text[self.i:self.i + 2])
                self.i += 2
            elif c == "'" and quote != '"':
                quote = "" if quote else "'"
                self.i += 1
            elif c == '"' and quote != "'":
                quote = "" if quote else '"'
                self.i += 1
            elif quote == "'":
                text.append(c)
                self.i += 1
            elif self.text.startswith("$((", self.i):
                end = self.text.index("))", self.i)
                text.append(self.text[self.i:end + 2])
                self.i = end + 2
            elif self.text.startswith("$(", self.i):
                self.i += 2
                subs.append(self.shape(stop=")"))
            elif c == "`":
                self.i += 1
                subs.append(self.shape(stop="`"))
            elif self.text.startswith("${", self.i):
                depth, j = 0, self.i
                while True:  # a parameter expansion: its quotes and braces are its own
                    depth += {"{": 1, "}": -1}.get(self.text[j], 0)
                    j += 1
                    if depth == 0:
                        break
                text.append(self.text[self.i:j])
                self.i = j
            else:
                text.append(c)
                self.i += 1
        assert not quote, "unterminated quote"
        return "".join(text), subs


def _shell_shape(text: str) -> list[Any]:
    return _Shell(text).shape()


def _bash_n(text: str) -> None:
    done = subprocess.run(["bash", "-n"], input=text, text=True, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr


def _check_shell(clean: str, hostile: str) -> None:
    _bash_n(hostile)
    assert _shell_shape(hostile) == _shell_shape(clean)


# --- switch configurations -----------------------------------------------------------------------

def _check_config(clean: str, hostile: str, junos: bool) -> None:
    before, after = clean.splitlines(), hostile.splitlines()
    assert len(after) == len(before)
    for a, b in zip(before, after, strict=True):
        assert a.split()[:1] == b.split()[:1], (a, b)
        if junos and not a.startswith("#"):
            assert len(shlex.split(b)) == len(shlex.split(a)), (a, b)


# --- YAML, JSON ----------------------------------------------------------------------------------

def _shape(data: Any) -> Any:
    if isinstance(data, dict):
        return ("map", sorted(repr(_shape(v)) for v in data.values()))
    if isinstance(data, list):
        return ("list", [_shape(v) for v in data])
    return type(data).__name__


# --- Markdown → HTML -----------------------------------------------------------------------------

@cache
def _md_config() -> tuple[list[Any], dict[str, Any]]:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    names: list[Any] = []
    settings: dict[str, Any] = {}
    for item in config["markdown_extensions"]:
        if isinstance(item, dict):
            (name, options), = item.items()
            names.append(name)
            settings[name] = options or {}
        else:
            names.append(item)
    # Highlighting is most of the time and adds only spans inside code blocks: the code is escaped
    # by superfences either way.
    settings.setdefault("pymdownx.highlight", {})["use_pygments"] = False
    return names, settings


class _Elements(HTMLParser):
    """The elements of a page with their attributes' names; a code block's highlighting (spans
    that depend on the code's words) counts as the block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.seen: Counter[tuple[str, tuple[str, ...]]] = Counter()
        self.targets: list[str] = []
        self.in_pre = 0

    def handle_endtag(self, tag: str) -> None:
        self.in_pre -= tag == "pre"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            self.in_pre += 1
        elif self.in_pre and tag == "span":
            return
        self.seen[(tag, tuple(sorted(name for name, _ in attrs)))] += 1
        self.targets += [value or "" for name, value in attrs if name in ("href", "src")]


def _elements(text: str) -> _Elements:
    names, settings = _md_config()
    html = markdown.markdown(text, extensions=names, extension_configs=settings)
    parser = _Elements()
    parser.feed(html)
    return parser


def _check_markdown(clean: str, hostile: str) -> None:
    before, after = _elements(clean), _elements(hostile)
    assert after.seen == before.seen, (after.seen - before.seen, before.seen - after.seen)
    for target in after.targets:
        scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", target)
        assert scheme is None or scheme[1].lower() in ("http", "https"), target


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


# --- Graphviz (SVG) ------------------------------------------------------------------------------

# A node's link to its device's page: relative, in the devices folder, every other character percent-encoded.
_DEVICE_LINK = re.compile(r"\.\./devices/[A-Za-z0-9._~%-]+\.html")


def _graph(svg: bytes) -> Counter[str]:
    """The nodes, edges, clusters and device links of a Graphviz SVG; no script, event handler or outside
    link (a link is a device's page, on an ``<a>``)."""
    root = ElementTree.fromstring(svg)
    found: Counter[str] = Counter()
    for element in root.iter():
        assert not element.tag.endswith("}script")
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), name
            if name.endswith("href") and element.tag.endswith("}a"):
                assert _DEVICE_LINK.fullmatch(value), value[:120]
                found["link"] += 1
            elif name.endswith("href"):
                assert value.startswith(("#", "data:image/")), value[:80]
        if element.tag.endswith("}g") and element.get("class") in ("node", "edge", "cluster"):
            found[str(element.get("class"))] += 1
    return found


# --- the test --------------------------------------------------------------------------------------

def _check(path: str, clean: Artefact, hostile: Artefact) -> None:
    if path.endswith(".sh"):
        _check_shell(str(clean.content), str(hostile.content))
    elif path.endswith(".cfg"):
        _check_config(str(clean.content), str(hostile.content), str(hostile.content).startswith("# "))
    elif path.endswith(".yaml"):
        assert _shape(yaml.safe_load(str(hostile.content))) == _shape(yaml.safe_load(str(clean.content)))
    elif path.endswith(".json"):
        assert _shape(json.loads(hostile.content)) == _shape(json.loads(clean.content))
    elif path.endswith(".md"):
        _check_markdown(str(clean.content), str(hostile.content))
    elif path.endswith(".csv"):
        before, after = _csv(str(clean.content)), _csv(str(hostile.content))
        assert [len(r) for r in after] == [len(r) for r in before]
        assert not [c for r in after for c in r if c.startswith(("=", "+", "-", "@"))]
    elif path.endswith(".svg"):
        assert _graph(hostile.data()) == _graph(clean.data())


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("design", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_hostile_strings_stay_inert(design: Path, variant: str) -> None:
    clean = _render(design, variant, hostile=False)
    hostile = _render(design, variant, hostile=True)
    failures = []
    # Hostile names give hostile file names: artefacts are matched by their order among the
    # artefacts of the same kind (the writer and the names' grammar keep paths in their folder).
    def key(a: Artefact) -> str:
        return a.path.rsplit(".", 1)[-1]
    pairs = zip(sorted(clean.artefacts.values(), key=key), sorted(hostile.artefacts.values(), key=key), strict=True)
    for before, after in pairs:
        try:
            _check(after.path, before, after)
        except AssertionError as exc:
            failures.append(f"{before.path}: {str(exc)[:600]}")
    for i, (before_cmd, after_cmd) in enumerate(zip(clean.commands, hostile.commands, strict=True)):
        try:
            _check_shell(before_cmd, after_cmd)
        except AssertionError as exc:
            failures.append(f"runbook command {i}: {str(exc)[:400]}\n{after_cmd[:300]}")
    assert not failures, "\n".join(failures)
