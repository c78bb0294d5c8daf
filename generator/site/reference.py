"""The Guide's field reference, generated from the design model's JSON Schema and the rule catalogue:
every section of a design and every field, with its type, default, what it is for and the rules that read it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..model import Design
from ..rules import RULES
from ..rules.reads import READS
from ..templating import render, slugify

PAGE = "guide/fields.md"
TITLE = "Field reference"
ROOT = "Design"


@dataclass(frozen=True)
class Part:
    """A word or words of a type's text (pieces are joined by spaces); ``anchor`` links it to that section."""

    text: str
    anchor: str = ""


@dataclass(frozen=True)
class FieldRow:
    name: str
    type: list[Part]
    default: str
    required: bool
    about: str
    rules: list[str]


@dataclass(frozen=True)
class Value:
    value: str
    meaning: str


@dataclass(frozen=True)
class Section:
    name: str
    anchor: str
    where: str
    about: str
    fields: list[FieldRow]
    values: list[Value]


def _ref(spec: dict[str, Any]) -> str:
    return str(spec["$ref"]).rsplit("/", 1)[-1]


def _type(spec: dict[str, Any]) -> list[Part]:
    """What a value is, in words, with links to the sections of the objects and choices it holds."""
    if "$ref" in spec:
        name = _ref(spec)
        return [Part(name, slugify(name))]
    if "anyOf" in spec:
        options = [s for s in spec["anyOf"] if s.get("type") != "null"]
        parts: list[Part] = []
        for i, option in enumerate(options):
            parts += ([Part("or")] if i else []) + _type(option)
        return parts + ([Part("(optional)")] if len(options) < len(spec["anyOf"]) else [])
    kind = spec.get("type")
    if kind == "array":
        return [Part("list of"), *_type(spec.get("items", {}))]
    if kind == "object":
        values: Any = spec.get("additionalProperties") or next(iter(spec.get("patternProperties", {}).values()), {})
        keys = "hypervisor" if spec.get("propertyNames", {}).get("$ref") else "name"
        return [Part(f"map of {keys} →"), *(_type(values) if isinstance(values, dict) else [Part("value")])]
    if kind == "string":
        form = {"ipv4": "IPv4 address", "ipv4network": "IPv4 subnet (CIDR)"}.get(str(spec.get("format", "")))
        if form:
            return [Part(form)]
        example = (spec.get("examples") or [None])[0]
        return [Part(f"text, e.g. {example}" if example else "text")]
    if kind == "integer":
        low, high = spec.get("minimum"), spec.get("maximum")
        span = f" {low}-{high}" if low is not None and high is not None else f" ≥ {low}" if low is not None else ""
        return [Part(f"integer{span}")]
    if kind == "boolean":
        return [Part("true or false")]
    if kind == "number":
        return [Part("number")]
    return [Part("value")]


def _default(spec: dict[str, Any], required: bool) -> str:
    if required:
        return "required"
    if "default" not in spec:
        return "—"
    value = spec["default"]
    if value is None:
        return "none"
    if value in ([], {}, ""):
        return "empty"
    return value if isinstance(value, str) else json.dumps(value)


def readers() -> dict[str, list[str]]:
    """Class.field → the ids of the rules that read it (rules in the catalogue only)."""
    found: dict[str, set[str]] = {}
    for rule_id, fields in READS.items():
        if rule_id in RULES:
            for field in fields:
                found.setdefault(field, set()).add(rule_id)
    return {field: sorted(ids) for field, ids in found.items()}


def _children(spec: dict[str, Any]) -> list[str]:
    """The definitions a property's value refers to, in the order they appear."""
    names: list[str] = []
    if "$ref" in spec:
        names.append(_ref(spec))
    for value in spec.values():
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, dict):
                names += [n for n in _children(child) if n not in names]
    return names


def sections(schema: dict[str, Any] | None = None) -> list[Section]:
    """Every object and choice of a design, from the root down in the order a design writes them."""
    schema = schema or Design.model_json_schema()
    definitions: dict[str, dict[str, Any]] = {ROOT: schema, **schema.get("$defs", {})}
    read_by = readers()
    order, where = [ROOT], {ROOT: "the design file"}
    for name in order:  # breadth first: grows while it runs
        for prop, spec in definitions[name].get("properties", {}).items():
            for child in _children(spec):
                if child not in where and child in definitions:
                    base = "" if name == ROOT else where[name] + "."
                    plural = spec.get("type") in ("array", "object") or any(
                        o.get("type") in ("array", "object") for o in spec.get("anyOf", []))
                    where[child] = f"{base}{prop}{'[]' if plural else ''}"
                    order.append(child)
    result = []
    for name in order:
        definition = definitions[name]
        required = set(definition.get("required", []))
        fields = [FieldRow(prop, _type(spec), _default(spec, prop in required), prop in required,
                           str(spec.get("description", "")), read_by.get(f"{name}.{prop}", []))
                  for prop, spec in definition.get("properties", {}).items()]
        values = [Value(str(v), m) for v, m in zip(definition.get("enum", []),
                                                   definition.get("enumDescriptions", []), strict=False)]
        about = str(definition.get("description", "")) if not values else ""
        if name == ROOT:
            about = "The top level of a design file: one file per deployment."
        result.append(Section(name, slugify(name), where[name], about, fields, values))
    return result


def field_reference() -> str:
    """The page, as Markdown."""
    found = sections()
    return render("site/fields.md.j2", title=TITLE, sections=found,
                  fields=sum(len(s.fields) for s in found), rules=len(RULES))
