"""Safe YAML reading that keeps file, line and column for every value.

PyYAML's own loaders silently keep the last of duplicate keys, construct Python objects for
some tags and expand aliases without bound. This reader composes the node graph with the safe
composer and converts it itself, so it can report all of those as findings instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from ..diagnostics import Finding, Severity

Loc = tuple[str | int, ...]

# Nodes converted per file, aliases included: generous for real designs, fatal to alias bombs.
MAX_NODES = 200_000
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
        documents = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
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
