"""The loader: positions for every value, and every YAML hazard reported with file:line."""

from __future__ import annotations

import time

from generator.loader.load import load_text
from generator.loader.yaml_source import read_yaml
from tests.conftest import DESIGNS

SMALL = (DESIGNS / "small-scale.yaml").read_text()


def rules_of(text: str) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in load_text(text, "x.yaml").findings]


def test_valid_design_loads_with_positions() -> None:
    loaded = load_text(SMALL, "designs/small-scale.yaml")
    assert loaded.findings == []
    assert loaded.design is not None
    zone = loaded.design.regions[0].zones[0]
    line_of_zone = next(i for i, text in enumerate(SMALL.splitlines(), 1) if "- name: lab-z1" in text)
    assert loaded.where(zone, "name").line == line_of_zone
    pod = zone.pods[0]
    mark = loaded.where(pod.management, "system_range")
    assert "system_range" in SMALL.splitlines()[mark.line - 1]


def test_syntax_error_has_line() -> None:
    findings = load_text("deployment:\n  name: [unclosed\nsites: []\n", "x.yaml").findings
    assert [f.rule for f in findings] == ["YAML-SYNTAX"]
    assert findings[0].line >= 2


def test_duplicate_key_reported_with_both_lines() -> None:
    text = SMALL.replace("  lab-public:\n", "  lab-mgmt:\n    cidr: 10.99.0.0/24\n  lab-public:\n", 1)
    findings = load_text(text, "x.yaml").findings
    dup = [f for f in findings if f.rule == "YAML-DUPLICATE-KEY"]
    assert len(dup) == 1
    assert "lab-mgmt" in dup[0].message and "first at line" in dup[0].message


def test_unknown_key_suggests_the_right_one() -> None:
    text = SMALL.replace("    system_range:", "    sytem_range:", 1)
    findings = load_text(text, "x.yaml").findings
    unknown = [f for f in findings if f.rule == "SCHEMA-UNKNOWN-KEY"]
    assert unknown and "did you mean 'system_range'?" in unknown[0].fix
    assert "sytem_range" in SMALL.replace("    system_range:", "    sytem_range:", 1).splitlines()[unknown[0].line - 1]


def test_a_secret_key_is_refused_with_the_vault_hint() -> None:
    """password/passwd/secret/api_key under any object: the fix says secrets never go in a design,
    and the finding does not repeat the value."""
    cases = [("    cidr: 10.10.0.0/24\n", "api_key", "networks.lab-mgmt"),
             ("deployment:\n", "password", "deployment"),
             ("deployment:\n", "passwd", "deployment"),
             ("deployment:\n", "secret", "deployment"),
             ("deployment:\n", "admin-password", "deployment")]
    for anchor, key, where in cases:
        indent = anchor[:len(anchor) - len(anchor.lstrip())] or "  "
        text = SMALL.replace(anchor, f"{anchor}{indent}{key}: hunter2\n", 1)
        hits = [f for f in load_text(text, "x.yaml").findings if f.rule == "SCHEMA-UNKNOWN-KEY"]
        assert [f.message for f in hits] == [f"unknown key '{key}' in {where}"], key
        assert "secrets never go in a design" in hits[0].fix and "vault" in hits[0].fix, key
        assert "hunter2" not in hits[0].text(), key
        assert f"{key}: hunter2" in text.splitlines()[hits[0].line - 1]
    in_list = SMALL.replace("os: ubuntu-24.04}", "os: ubuntu-24.04, db_password: hunter2}", 1)
    hits = [f for f in load_text(in_list, "x.yaml").findings if f.rule == "SCHEMA-UNKNOWN-KEY"]
    assert [f.message for f in hits] == ["unknown key 'db_password' in management.servers[0]"]
    assert "secrets never go in a design" in hits[0].fix
    typo = SMALL.replace("deployment:\n", "deployment:\n  descripton: x\n", 1)
    other = [f for f in load_text(typo, "x.yaml").findings if f.rule == "SCHEMA-UNKNOWN-KEY"]
    assert other and other[0].fix == "did you mean 'description'?"  # other unknown keys keep their hint


def test_wrong_type_and_bad_address() -> None:
    text = SMALL.replace("max_vms: 40", "max_vms: forty").replace("gateway: 10.10.0.1\n", "gateway: 10.10.0.300\n", 1)
    rules = {f.rule for f in load_text(text, "x.yaml").findings}
    assert rules == {"SCHEMA-TYPE"}
    assert len(load_text(text, "x.yaml").findings) == 2  # all errors at once, not the first only


def test_python_tags_are_refused_without_constructing() -> None:
    text = "deployment: !!python/object/apply:os.system ['echo pwned']\n"
    findings = load_text(text, "x.yaml").findings
    assert findings[0].rule == "YAML-TAG" and findings[0].line == 1
    assert not [f for f in findings if "deployment" in f.message and f.rule != "YAML-TAG"]


def test_alias_bomb_is_bounded() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    started = time.perf_counter()
    data, _, findings = read_yaml("\n".join(lines) + "\n", "bomb.yaml")
    assert data is None
    assert [f.rule for f in findings] == ["YAML-ALIAS-LIMIT"]
    assert time.perf_counter() - started < 10


def test_plain_aliases_and_merge_keys_work() -> None:
    text = "base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n"
    data, _, findings = read_yaml(text, "m.yaml")
    assert findings == []
    assert data == {"base": {"x": 1, "y": 2}, "other": {"x": 1, "y": 3}}


def test_empty_and_multi_document_files() -> None:
    assert rules_of("") == [("YAML-EMPTY", 1)]
    assert rules_of("a: 1\n---\nb: 2\n")[0][0] == "YAML-MULTIPLE-DOCUMENTS"


def test_top_level_must_be_mapping() -> None:
    assert rules_of("- just\n- a list\n") == [("SCHEMA-TYPE", 1)]


def test_unquoted_date_stays_text() -> None:
    data, _, findings = read_yaml("when: 2026-01-02\n", "d.yaml")
    assert findings == [] and data == {"when": "2026-01-02"}


def test_interface_names_follow_os_rules() -> None:
    text = SMALL.replace("{name: eno1, speed: 10G}", '{name: "eno1-with-a-very-long-name", speed: 10G}')
    text = text.replace("{name: eno2, speed: 10G}", '{name: "2bad", speed: 10G}')
    findings = load_text(text, "x.yaml").findings
    fixes = sorted(f.fix for f in findings)
    assert fixes == ["shorten it to at most 15 characters",
                     "write an interface name that starts with a letter, then letters, digits, '.', '_' or '-'"]
