"""Every property of the design's JSON Schema says what it is and what it affects, and every enum value
what it means: editors show these as the design is typed, and the Guide's field reference prints them.

A property whose only description is its value type's (the generic "A name people say aloud: ..." of
``Name``, "Link speed in Gbit/s ..." of ``Speed``) does not count: it says what the value looks like,
not what the field is for.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, get_args

from pydantic.fields import FieldInfo

from generator.cli import schema_text
from generator.model import base

SCHEMA_FILE = "designs/stackplan.schema.json"


def generic_descriptions() -> set[str]:
    """The descriptions value types carry (Annotated aliases and string types of generator/model/base.py)."""
    found = set()
    for value in vars(base).values():
        for meta in get_args(value)[1:]:
            if isinstance(meta, FieldInfo) and meta.description:
                found.add(meta.description)
        if isinstance(value, type) and issubclass(value, base._StringType) and value is not base._StringType:
            found.add(value.description)
    return found


def properties(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(section, property, its schema) for the root and every definition."""
    yield from (("Design", name, spec) for name, spec in schema.get("properties", {}).items())
    for section, definition in schema.get("$defs", {}).items():
        yield from ((section, name, spec) for name, spec in definition.get("properties", {}).items())


def enums(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if isinstance(node.get("enum"), list) and len(node["enum"]) > 1:
            yield where, node
        for key, value in node.items():
            yield from enums(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from enums(value, f"{where}/{index}")


def test_schema_has_definitions_and_properties() -> None:
    schema = json.loads(schema_text())
    assert len(list(properties(schema))) > 150
    assert len(generic_descriptions()) >= 5, "the value types' own descriptions are found"


def test_every_property_says_what_it_is_and_what_it_affects() -> None:
    schema = json.loads(schema_text())
    generic = generic_descriptions()
    lacking = []
    for section, name, spec in properties(schema):
        description = str(spec.get("description", "")).strip()
        if not description:
            lacking.append(f"{section}.{name}: no description")
        elif description in generic:
            lacking.append(f"{section}.{name}: only its type's generic description ({description[:50]}…)")
        elif len(description.split()) < 3:
            lacking.append(f"{section}.{name}: a description of {len(description.split())} word(s)")
    assert not lacking, (
        f"{len(lacking)} propert{'y' if len(lacking) == 1 else 'ies'} of {SCHEMA_FILE} "
        "(class.field in generator/model/) need Field(description=...) saying what the field is and what "
        "it affects:\n  " + "\n  ".join(lacking))


def test_every_enum_value_is_explained() -> None:
    schema = json.loads(schema_text())
    lacking = []
    for where, node in enums(schema, "#"):
        meanings = node.get("enumDescriptions")
        if not isinstance(meanings, list) or len(meanings) != len(node["enum"]):
            lacking.append(f"{where} ({node.get('title', '')}): values {node['enum']} have no enumDescriptions "
                           "(decorate the enum with @explained({...}) from generator/model/base.py)")
        elif not all(isinstance(m, str) and m.strip() for m in meanings):
            lacking.append(f"{where}: an empty meaning among {meanings}")
        elif not all(str(v) in str(node.get("description", "")) for v in node["enum"]):
            lacking.append(f"{where}: the description does not list every value")
    assert not lacking, "enum values without a meaning:\n  " + "\n  ".join(lacking)


def test_explained_refuses_meanings_that_do_not_match_the_values() -> None:
    from enum import StrEnum

    import pytest

    class Colour(StrEnum):
        red = "red"
        blue = "blue"

    with pytest.raises(ValueError, match="Colour: meanings for"):
        base.explained({"red": "warm"})(Colour)
