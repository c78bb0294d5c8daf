"""The Guide's field reference (guide/fields.md): every section and field of the model, with its type,
default, description and the rules that read it."""

from __future__ import annotations

import re
from pathlib import Path

from generator.model import Design
from generator.rules.reads import READS
from generator.site.reference import PAGE, field_reference, readers, sections


def rows_by_section(text: str) -> dict[str, dict[str, list[str]]]:
    """section → field → its cells, read back from the page's Markdown."""
    found: dict[str, dict[str, list[str]]] = {}
    section = ""
    for line in text.splitlines():
        heading = re.match(r"## (\w+) \{ #", line)
        if heading:
            section = heading[1]
            found[section] = {}
        elif line.startswith("| `") and section:
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            found[section][cells[0].strip("`")] = cells
    return found


def test_every_field_of_the_model_is_on_the_page() -> None:
    schema = Design.model_json_schema()
    page = rows_by_section(field_reference())
    definitions = {"Design": schema, **schema["$defs"]}
    for name, definition in definitions.items():
        assert name in page, f"section {name} is missing"
        for prop, spec in definition.get("properties", {}).items():
            assert prop in page[name], f"{name}.{prop} is missing"
            cells = page[name][prop]
            assert len(cells) == 5
            assert cells[3], f"{name}.{prop}: no description"
            if prop in definition.get("required", []):
                assert cells[2] == "**required**"
            elif "default" in spec and spec["default"] not in (None, [], {}, ""):
                assert str(spec["default"]).lower() in cells[2].lower() or cells[2].startswith("["), (name, prop)
        for value in definition.get("enum", []):
            assert f"| `{value}` |" in field_reference(), f"{name}: value {value} is not explained"


def test_each_field_lists_the_rules_that_read_it() -> None:
    page = rows_by_section(field_reference())
    inverted = readers()
    assert inverted["Deployment.cloudstack_version"] == sorted(
        r for r, fields in READS.items() if "Deployment.cloudstack_version" in fields)
    for field, rule_ids in inverted.items():
        section, prop = field.split(".")
        listed = re.findall(r"\]\(\.\./rules\.md#([A-Z0-9-]+)\)", page[section][prop][4])
        assert listed == rule_ids, field


def test_types_link_to_their_sections_and_the_page_is_in_the_guide(built_site: Path) -> None:
    found = sections()
    anchors = {s.anchor for s in found}
    for section in found:
        for row in section.fields:
            assert all(p.anchor in anchors for p in row.type if p.anchor)
    zone = next(s for s in found if s.name == "Zone")
    assert zone.where == "regions[].zones[]"
    pods = next(r for r in zone.fields if r.name == "pods")
    assert [p.text for p in pods.type] == ["list of", "Pod"]
    html = (built_site / PAGE.replace(".md", ".html")).read_text(encoding="utf-8")
    assert 'id="zone"' in html and "Field reference" in html
    assert 'href="fields.html"' in (built_site / "guide" / "designs.html").read_text(encoding="utf-8")
