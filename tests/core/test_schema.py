"""The committed JSON Schema is the one the model exports, and examples point at it."""

from __future__ import annotations

import json

from generator.cli import schema_text
from tests.conftest import DESIGNS, EXAMPLES


def test_committed_schema_is_current() -> None:
    committed = (DESIGNS / "stackplan.schema.json").read_text()
    assert committed == schema_text(), (
        "designs/stackplan.schema.json is stale: run `stackplan schema > designs/stackplan.schema.json`")


def test_schema_describes_the_design() -> None:
    schema = json.loads(schema_text())
    assert set(schema["required"]) >= {"deployment", "sites", "networks", "host_profiles", "management", "regions"}
    assert schema["additionalProperties"] is False


def test_examples_point_editors_at_the_schema() -> None:
    assert EXAMPLES
    for path in EXAMPLES:
        first = path.read_text().splitlines()[0]
        assert first == "# yaml-language-server: $schema=./stackplan.schema.json", path.name
