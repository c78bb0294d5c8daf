"""Turn pydantic validation errors into findings that point at the design file."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ..diagnostics import Finding, Severity
from ..model.base import PATTERN_HINTS
from ..secret_words import secret_name
from .yaml_source import Loc, SourceMap


def _unwrap(annotation: Any) -> Any:
    """Strip Optional/Annotated wrappers down to the class or container type."""
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            annotation = models[0] if models else args[0]
        else:
            return annotation


def model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that holds the mapping at ``loc`` (None when it is not a model)."""
    current: Any = root
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(part))
            if info is None:
                return None
            current = info.annotation
        elif get_origin(current) in (list, tuple):
            current = get_args(current)[0]
        elif get_origin(current) is dict:
            current = get_args(current)[1]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _where(loc: Loc) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts) or "the top level"


def _clean_loc(loc: tuple[Any, ...]) -> Loc:
    """Drop pydantic's synthetic parts (union branch names, '[key]') from an error location."""
    out: list[str | int] = []
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, str) and ("[" in part or part.startswith("function-")):
            continue
        out.append(part)
    return tuple(out)


_TYPE_HINTS = {
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "string_type": "a string",
    "list_type": "a list (YAML '- item' lines)",
    "dict_type": "a mapping (YAML 'key: value' lines)",
    "model_type": "a mapping (YAML 'key: value' lines)",
    "model_attributes_type": "a mapping (YAML 'key: value' lines)",
    "ip_v4_address": "an IPv4 address like 10.0.0.1",
    "ip_v4_network": "a CIDR like 10.0.0.0/24 with no host bits set",
    "enum": "one of the listed values",
}


def _kind_of(value: object) -> str:
    """What kind of value was given, never the value itself: it may be a secret, and errors are published."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return f"text of {len(value)} character{'s' if len(value) != 1 else ''}" if value else "empty text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def findings_from(error: ValidationError, source: SourceMap, root: type[BaseModel]) -> list[Finding]:
    findings: list[Finding] = []
    for err in error.errors(include_url=False):
        raw_loc = tuple(err["loc"])
        loc = _clean_loc(raw_loc)
        if source.is_rejected(loc):
            continue
        kind = err["type"]
        where = _where(loc)
        if kind == "extra_forbidden":
            key = str(loc[-1])
            parent = model_at(root, loc[:-1])
            known = sorted(parent.model_fields) if parent else []
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"allowed keys here: {', '.join(known)}"
            if secret_name(key):
                hint = (f"remove '{key}': secrets never go in a design (it is published and reviewed). The runbook "
                        "and the zone script use placeholders such as ${HOST_PASSWORD} that the installer fills "
                        "from their vault at install time")
            mark = source.key(loc)
            findings.append(Finding(source.file, mark.line, mark.column, Severity.error, "SCHEMA-UNKNOWN-KEY",
                                    f"unknown key '{key}' in {_where(loc[:-1])}", hint))
            continue
        if kind == "missing":
            mark = source.value(loc[:-1])
            findings.append(Finding(source.file, mark.line, mark.column, Severity.error, "SCHEMA-MISSING",
                                    f"{where} is required but missing",
                                    f"add '{loc[-1]}:' to {_where(loc[:-1])}"))
            continue
        mark = source.key(loc) if "[key]" in raw_loc else source.value(loc)  # a bad key: the key's line
        given = err.get("input")
        shown = _kind_of(given)
        msg = str(err["msg"])
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        expected = _TYPE_HINTS.get(kind)
        if kind == "too_short":
            fix = "add at least one entry"
        elif kind == "string_pattern_mismatch":
            pattern = str(err.get("ctx", {}).get("pattern", ""))
            described = PATTERN_HINTS.get(pattern)
            if described:
                msg = f"not {described[0]}"
            fix = f"write {described[1] if described else 'a value matching ' + pattern}"
        elif kind == "string_too_long":
            fix = f"shorten it to at most {err.get('ctx', {}).get('max_length')} characters"
        elif kind == "design_value":
            fix = str(err.get("ctx", {}).get("fix", "correct the value"))
        elif kind == "string_type" and isinstance(given, (bool, int, float)):
            fix = f"put the text in quotes: YAML read it as {_kind_of(given)}"
        elif kind == "enum":
            allowed = err.get("ctx", {}).get("expected", "")
            fix = f"use one of {allowed}"
        elif expected:
            fix = f"write {expected}"
        else:
            fix = "correct the value"
        rule = "SCHEMA-TYPE" if expected or kind.endswith("_type") else "SCHEMA-VALUE"
        got = "" if kind == "design_value" else f" (got {shown})"  # those messages name what is wrong themselves
        findings.append(Finding(source.file, mark.line, mark.column, Severity.error, rule,
                                f"{where}: {msg}{got}", fix))
    return findings
