"""Safe YAML reading that keeps file, line and column for every value.

PyYAML's own loaders silently keep the last of duplicate keys, construct Python objects for
some tags, expand aliases without bound, recurse once per nesting level (a file nested a few
hundred levels deep exhausts Python's stack) and read YAML 1.1 numbers that other YAML readers
(and people) read differently: ``010`` is 8, ``0x10`` is 16, ``22:22`` is 1342, ``1_000`` is
1000. This reader composes the node graph with a depth-limited safe composer whose resolver
types only plain decimal numbers as numbers, and converts the graph itself, so it can report
all of those as findings instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..diagnostics import Finding, Severity

Loc = tuple[str | int, ...]

# Nodes converted per file, aliases included: generous for real designs, fatal to alias bombs.
MAX_NODES = 200_000
# Nesting levels of mappings and lists: the example designs nest at most 10 deep.
MAX_DEPTH = 64

_STANDARD_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
# Plain scalars YAML 1.1 reads as a number other than the one a person (or YAML 1.2) reads.
_AMBIGUOUS = "tag:stackplan,2026:ambiguous-number"

_AMBIGUOUS_RE = re.compile(r"""^[-+]?(?:
      0[0-9_]+                                 # leading zero: octal 010 = 8 (08 stays text)
    | 0[bBoOxX][0-9a-fA-F_]*                   # binary, octal and hexadecimal: 0x10 = 16
    | [0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?  # base 60: 22:22 = 1342
    | [0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?        # digit groups: 1_000 = 1000
    | [0-9]+\.[0-9]*_[0-9_]*
    )$""", re.X)
_INT_RE = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT_RE = re.compile(r"""^(?:[-+]?(?:0|[1-9][0-9]*)?\.[0-9]+(?:[eE][-+]?[0-9]+)?
    | [-+]?(?:0|[1-9][0-9]*)\.(?:[eE][-+]?[0-9]+)?
    | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN))$""", re.X)
_NUMBER_START = list("-+0123456789.")


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark | None) -> None:
        super().__init__("nested too deep")
        self.mark = mark


class _DesignLoader(yaml.SafeLoader):
    """The safe loader with YAML 1.2-like numbers and a bound on nesting.

    Plain decimal numbers are numbers; the YAML 1.1 forms that read as another number than the
    digits say (leading zeros, 0x/0b/0o, base 60, digit groups) resolve to ``_AMBIGUOUS`` for the
    converter to report. ``=`` and ``!``, ``&``, ``*`` alone are plain text.
    """

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML keeps its resolvers in this class attribute
        first: [(tag, regexp) for tag, regexp in resolvers
                if tag not in (_INT, _FLOAT, "tag:yaml.org,2002:value", "tag:yaml.org,2002:yaml")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        # PyYAML composes recursively: refuse to go deeper than MAX_DEPTH (Python's stack holds ~300).
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_DesignLoader.add_implicit_resolver(_AMBIGUOUS, _AMBIGUOUS_RE, _NUMBER_START)
_DesignLoader.add_implicit_resolver(_INT, _INT_RE, _NUMBER_START)
_DesignLoader.add_implicit_resolver(_FLOAT, _FLOAT_RE, _NUMBER_START)


def _ambiguity(text: str) -> tuple[str, str]:
    """What YAML 1.1 makes of an ambiguous number, and how to write what was meant."""
    yaml11 = yaml.safe_load(text)  # the standard loader: what PyYAML and other YAML 1.1 readers see
    digits = text.lstrip("+-")
    sign = "-" if text.startswith("-") else ""
    if ":" in digits:
        return (f"YAML 1.1 reads {text} as {yaml11} (base 60)",
                f"write '{text}' in quotes for the text, or the number you mean in plain digits")
    if digits[:2].lower() in ("0x", "0b", "0o"):
        base = {"x": "hexadecimal", "b": "binary", "o": "octal"}[digits[1].lower()]
        meant = f"{yaml11}" if isinstance(yaml11, int) else "the number in plain decimal digits"
        read = f"as {yaml11} ({base})" if isinstance(yaml11, int) else "as text, YAML 1.2 as an octal number"
        return f"YAML 1.1 reads {text} {read}", f"write {meant}, or '{text}' in quotes for the text"
    plain = digits.replace("_", "").lstrip("0") or "0"
    if plain.startswith("."):
        plain = "0" + plain
    if "_" in digits:
        return (f"YAML 1.1 reads {text} as {yaml11}, YAML 1.2 as text",
                f"write {sign}{plain}, or '{text}' in quotes for the text")
    read = f"as the octal number {yaml11}" if isinstance(yaml11, int) else "as text"
    return (f"YAML 1.1 reads {text} {read}, not as {sign}{plain}",
            f"write {sign}{plain}, or '{text}' in quotes for the text")


@dataclass(frozen=True)
class Mark:
    line: int
    column: int


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a file sits."""

    file: str
    values: dict[Loc, Mark] = field(default_factory=dict)
    keys: dict[Loc, Mark] = field(default_factory=dict)
    rejected: set[Loc] = field(default_factory=set)  # values the YAML layer already reported

    def is_rejected(self, loc: Loc) -> bool:
        return any(loc[: len(bad)] == bad for bad in self.rejected)

    def value(self, loc: Loc) -> Mark:
        """The mark of the value at ``loc``, or of its nearest ancestor that has one."""
        for end in range(len(loc), -1, -1):
            mark = self.values.get(loc[:end])
            if mark is not None:
                return mark
        return Mark(1, 1)

    def key(self, loc: Loc) -> Mark:
        return self.keys.get(loc) or self.value(loc)


def _tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


class _TooBig(Exception):
    pass


class _Converter:
    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.findings: list[Finding] = []
        self.nodes = 0
        self.constructor = yaml.SafeLoader("")

    def problem(self, mark: yaml.Mark | None, rule: str, message: str, fix: str) -> None:
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        self.findings.append(Finding(self.source.file, line, col, Severity.error, rule, message, fix))

    def reject_tag(self, node: yaml.Node, loc: Loc) -> None:
        self.problem(node.start_mark, "YAML-TAG", f"tag '{_tag(node.tag)}' is not allowed in a design",
                     "remove the tag; designs hold plain strings, numbers, booleans, lists and maps")
        self.source.rejected.add(loc)

    def convert(self, node: yaml.Node, loc: Loc, stack: tuple[int, ...]) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES or len(stack) > MAX_DEPTH:
            raise _TooBig
        if id(node) in stack:
            self.problem(node.start_mark, "YAML-ALIAS", "an alias refers to itself (a recursive anchor)",
                         "remove the recursive anchor/alias pair")
            return None
        self.source.values.setdefault(loc, Mark(node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _AMBIGUOUS:
                read, fix = _ambiguity(node.value)
                self.problem(node.start_mark, "YAML-AMBIGUOUS-NUMBER", f"ambiguous number {node.value}: {read}",
                             fix)
                self.source.rejected.add(loc)
                return None
            if node.tag == _TIMESTAMP:
                return node.value  # an unquoted date stays the text the author wrote
            if node.tag not in _STANDARD_SCALAR_TAGS:
                return self.reject_tag(node, loc)
            return self.constructor.construct_object(node, deep=True)
        inner = (*stack, id(node))
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                return self.reject_tag(node, loc)
            return [self.convert(item, (*loc, i), inner) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                return self.reject_tag(node, loc)
            return self.mapping(node, loc, inner)
        return None  # pragma: no cover - PyYAML has no other node kinds

    def mapping(self, node: yaml.MappingNode, loc: Loc, stack: tuple[int, ...]) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        seen: dict[Any, yaml.Mark] = {}
        merged: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                for src in sources:
                    data = self.convert(src, loc, stack)
                    if isinstance(data, dict):
                        for k, v in data.items():
                            merged.setdefault(k, v)
                    else:
                        self.problem(src.start_mark, "YAML-MERGE", "'<<' must merge a mapping",
                                     "point '<<' at an anchored mapping")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node.start_mark, "YAML-KEY", "mapping keys must be plain scalars",
                             "use a string key")
                continue
            key = self.convert(key_node, (*loc, "__key__"), stack)
            if key in seen:
                first = seen[key]
                self.problem(key_node.start_mark, "YAML-DUPLICATE-KEY",
                             f"key '{key}' is given twice in the same mapping (first at line {first.line + 1})",
                             "keep one of them: YAML would silently use only the last")
                continue
            seen[key] = key_node.start_mark
            self.source.keys[(*loc, key)] = Mark(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.convert(value_node, (*loc, key), stack)
        for k, v in merged.items():
            result.setdefault(k, v)
        return result


def read_yaml(text: str, file: str) -> tuple[Any, SourceMap, list[Finding]]:
    """Parse ``text``; return the data, where each value sits, and every problem found."""
    source = SourceMap(file)
    try:
        documents = list(yaml.compose_all(text, Loader=_DesignLoader))
    except _TooDeep as exc:
        line, col = (exc.mark.line + 1, exc.mark.column + 1) if exc.mark else (1, 1)
        return None, source, [Finding(file, line, col, Severity.error, "YAML-DEPTH-LIMIT",
                                      f"the file nests lists and mappings more than {MAX_DEPTH} levels deep",
                                      "a design nests about 10 levels: remove the extra nesting")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        return None, source, [Finding(file, line, col, Severity.error, "YAML-SYNTAX",
                                      f"YAML syntax error: {what}",
                                      "fix the indentation or quoting at this line")]
    except yaml.YAMLError as exc:
        return None, source, [Finding(file, 1, 1, Severity.error, "YAML-SYNTAX", f"YAML error: {exc}",
                                      "fix the file so it is valid YAML")]
    if not documents or documents[0] is None:
        return None, source, [Finding(file, 1, 1, Severity.error, "YAML-EMPTY", "the file holds no design",
                                      "start from one of the example designs in designs/")]
    if len(documents) > 1:
        extra = documents[1]
        line = extra.start_mark.line + 1 if extra is not None else 1
        return None, source, [Finding(file, line, 1, Severity.error, "YAML-MULTIPLE-DOCUMENTS",
                                      "the file holds more than one YAML document",
                                      "put one deployment per file and remove the extra '---'")]
    converter = _Converter(source)
    try:
        data = converter.convert(documents[0], (), ())
    except _TooBig:
        return None, source, [Finding(file, 1, 1, Severity.error, "YAML-ALIAS-LIMIT",
                                      f"the file expands to more than {MAX_NODES} values or nests deeper "
                                      f"than {MAX_DEPTH} levels (an alias bomb?)",
                                      "use fewer nested aliases; a design needs far less")]
    return data, source, converter.findings
