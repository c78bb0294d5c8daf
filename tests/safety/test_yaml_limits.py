"""YAML read strictly and within limits: ambiguous numbers, nesting, size, non-files, expansion.

Every case is a finding naming the file (and the line where there is one) or, for a path that is
not a file at all, a usage error (exit 2); none hangs, none takes minutes or gigabytes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.loader.load import MAX_FILE_BYTES, MAX_HOSTS, load_design, load_text
from generator.loader.yaml_source import MAX_DEPTH, read_yaml
from tests.conftest import DESIGNS, ROOT

SMALL = (DESIGNS / "small-scale.yaml").read_text()


@pytest.mark.parametrize(("written", "yaml11", "fix"), [
    ("010", "8", "write 10, or '010'"),
    ("0x10", "16", "write 16, or '0x10'"),
    ("22:22", "1342", "'22:22' in quotes"),
    ("040", "32", "write 40, or '040'"),
    ("1_000", "1000", "write 1000, or '1_000'"),
    ("0b11", "3", "write 3, or '0b11'"),
    ("-010", "-8", "write -10, or '-010'"),
    ("08", "text", "write 8, or '08'"),
    ("0o10", "text", "'0o10' in quotes"),
    ("1:30.5", "90.5", "'1:30.5' in quotes"),
])
def test_ambiguous_numbers_are_findings_with_the_fix(written: str, yaml11: str, fix: str) -> None:
    data, _, findings = read_yaml(f"a: 1\nb: {written}\n", "x.yaml")
    assert [(f.rule, f.line, f.column) for f in findings] == [("YAML-AMBIGUOUS-NUMBER", 2, 4)]
    assert yaml11 in findings[0].message and fix in findings[0].fix
    assert data == {"a": 1, "b": None}


def test_plain_numbers_dates_and_quoted_text_read_as_written() -> None:
    text = ("a: 10\nb: -5\nc: 0\nd: 1.5\ne: .5\nf: '010'\ng: \"0x10\"\nh: 2024-01-01\ni: 1e5\nj: =\nk: '22:22'\n"
            "l: true\nm: null\nn: 4.22\n")
    data, _, findings = read_yaml(text, "x.yaml")
    assert findings == []
    assert data == {"a": 10, "b": -5, "c": 0, "d": 1.5, "e": 0.5, "f": "010", "g": "0x10", "h": "2024-01-01",
                    "i": "1e5", "j": "=", "k": "22:22", "l": True, "m": None, "n": 4.22}


@pytest.mark.parametrize(("old", "new"), [
    ("vlan: 100", "vlan: 010"),
    ("vlan: 100", "vlan: 0x64"),
    ("vlan: 100", "vlan: 1:40"),
    ("max_vms: 40", "max_vms: 040"),
])
def test_a_misread_number_in_a_design_stops_it(old: str, new: str) -> None:
    text = SMALL.replace(old, new, 1)
    loaded = load_text(text, "x.yaml")
    assert loaded.design is None
    assert [f.rule for f in loaded.findings] == ["YAML-AMBIGUOUS-NUMBER"]
    assert new in text.splitlines()[loaded.findings[0].line - 1]


@pytest.mark.parametrize(("old", "new", "says"), [
    ("vlan: 100", "vlan: true", "write the number"),
    ("max_vms: 40", "max_vms: on", "write the number"),
    ("uplink_ports: [48]", "uplink_ports: [yes]", "write the number"),
    ("- name: lab-c01", "- name: no", "quotes"),
    ("- name: lab-sw1", "- name: off", "quotes"),
])
def test_a_boolean_where_a_number_or_name_belongs_is_a_finding(old: str, new: str, says: str) -> None:
    text = SMALL.replace(old, new, 1)
    findings = load_text(text, "x.yaml").findings
    assert [f.rule for f in findings] == ["SCHEMA-VALUE"], findings
    assert "booleans" in findings[0].message and says in findings[0].fix
    assert new.split(": ", maxsplit=1)[0] in text.splitlines()[findings[0].line - 1]


def test_booleans_still_set_booleans() -> None:
    loaded = load_text(SMALL.replace("redundant: false", "redundant: yes"), "x.yaml")
    assert loaded.design is not None and loaded.design.deployment.redundant is True


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 500, 100_000])
def test_deep_nesting_is_a_finding_not_a_stack_overflow(depth: int) -> None:
    for text in ("a: " + "[" * depth + "]" * depth + "\n",
                 "".join("  " * i + "k:\n" for i in range(depth if depth < 1000 else 1000)) + "  " * 1000 + "v\n"):
        _, _, findings = read_yaml(text, "x.yaml")
        assert [f.rule for f in findings] == ["YAML-DEPTH-LIMIT"]
        assert findings[0].line >= 1


def test_nesting_within_the_limit_reads() -> None:
    depth = MAX_DEPTH - 1
    data, _, findings = read_yaml("a: " + "[" * depth + "]" * depth + "\n", "x.yaml")
    assert findings == [] and isinstance(data["a"], list)


def test_a_file_over_the_size_limit_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    findings = load_design(path).findings
    assert [f.rule for f in findings] == ["FILE-SIZE"]
    assert str(MAX_FILE_BYTES) in findings[0].message


def _zone_bomb(aliases: int, count: int) -> str:
    """The small design with its zone anchored and aliased ``aliases`` more times, ``count`` hosts each."""
    head, zone = SMALL.split("    zones:\n")
    zone = zone.replace("      - name: lab-z1\n", "      - &zone\n        name: lab-z1\n", 1)
    zone = zone.replace("id: 1, count: 4}", f"id: 1, count: {count}}}")
    return head + "    zones:\n" + zone + "      - *zone\n" * aliases


def test_a_design_that_expands_past_the_host_limit_is_refused() -> None:
    text = _zone_bomb(1000, 4000)
    assert len(text) < 20_000
    loaded = load_text(text, "bomb.yaml")
    assert loaded.design is None
    assert [f.rule for f in loaded.findings] == ["DESIGN-TOO-LARGE"]
    finding = loaded.findings[0]
    assert str(MAX_HOSTS) in finding.message and "count: 4000" in text.splitlines()[finding.line - 1]


def test_a_design_at_the_host_limit_loads() -> None:
    loaded = load_text(_zone_bomb(0, 4000), "x.yaml")
    assert loaded.findings == [] and loaded.design is not None


def _stackplan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=False)


def _load_in_child(path: Path) -> subprocess.CompletedProcess[str]:
    code = ("import sys; from pathlib import Path; from generator.loader import load_design; "
            "print(*[f.rule for f in load_design(Path(sys.argv[1])).findings])")
    return subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    for command in (["validate", str(pipe)], ["build", str(pipe), "--out", str(tmp_path / "out")],
                    ["expand", str(pipe)], ["plan", str(pipe), "--table", "ips"],
                    ["export", str(pipe), "--format", "cmk"]):
        result = _stackplan(*command)  # a hang fails on the timeout
        assert result.returncode == 2, result.stderr
        assert "not a" in result.stderr and str(pipe) in result.stderr
    assert _load_in_child(pipe).stdout.split() == ["FILE-READ"]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_an_endless_device_is_refused_without_reading_it() -> None:
    result = _stackplan("validate", "/dev/zero")
    assert result.returncode == 2 and "/dev/zero" in result.stderr
    assert _load_in_child(Path("/dev/zero")).stdout.split() == ["FILE-READ"]
