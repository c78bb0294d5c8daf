"""Designs that used to pass `validate` and then crash (exit 3) are findings with file:line, exit 1.

Each case was an internal error before: a count > 1 host entry without {id} (duplicate diagram
nodes), two primary pools or secondary stores of one name, ``cidr: 255.255.255.255/32`` (even
`validate` overflowed the address space), a name that is an absolute path, YAML nested 500 deep.
Both `validate` and `build` end with exit 1 and write nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import DESIGNS

SMALL = (DESIGNS / "small-scale.yaml").read_text()
POOL = "{name: lab-primary1, protocol: nfs, server: lab-nfs1, path: /export/primary, size: 4TB}"
STORE = "{name: lab-secondary1, protocol: nfs, server: lab-nfs1, path: /export/secondary, size: 2TB}"

# case: (replace, with, the rule expected, the text that must be on the finding's line)
CASES = {
    "hosts without id": ('"lab-kvm{id:02d}"', "lab-kvm", "SCHEMA-VALUE", "count: 4"),
    "two primary pools of one name": (
        POOL, POOL + "\n                  - " + POOL.replace("/export/primary", "/export/p2"),
        "NAME-DUPLICATE", "/export/p"),  # either entry: the finding is on the later one in canonical order
    "two secondary stores of one name": (
        STORE, STORE + "\n          - " + STORE.replace("/export/secondary", "/export/s2"),
        "NAME-DUPLICATE", "/export/s"),
    "the last address as a /32": ("cidr: 192.168.100.0/24", "cidr: 255.255.255.255/32", "SCHEMA-VALUE",
                                  "255.255.255.255/32"),
    "a cluster named by an absolute path": ("- name: lab-c01", "- name: /etc/x", "SCHEMA-VALUE", "/etc/x"),
    "a host named by an absolute path": ('"lab-kvm{id:02d}"', '"/tmp/kvm{id:02d}"', "SCHEMA-VALUE", "/tmp/kvm"),
    "a host name that climbs out of the output": ('"lab-kvm{id:02d}"', '"../../../x{id}"', "SCHEMA-VALUE",
                                                  "../../../x"),
    "YAML nested 500 deep": ("  redundant: false\n", "  redundant: false\n  extra: " + "[" * 500 + "]" * 500 + "\n",
                             "YAML-DEPTH-LIMIT", "[[[["),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_design_that_crashed_is_a_finding(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old, new, rule, on_line = CASES[case]
    assert old in SMALL
    text = SMALL.replace(old, new, 1)
    monkeypatch.chdir(tmp_path)
    Path("case.yaml").write_text(text)
    runner = CliRunner()
    checked = runner.invoke(main, ["validate", "case.yaml"])
    assert checked.exit_code == 1, (checked.output, checked.exception)
    findings = [row for row in checked.stdout.splitlines() if f" error {rule}: " in row]
    assert findings, checked.stdout
    line = int(findings[0].split(":")[1])
    assert on_line in text.splitlines()[line - 1]
    built = runner.invoke(main, ["build", "case.yaml", "--out", "out"])
    assert built.exit_code == 1, (built.output, built.exception)
    assert "internal error" not in built.output
    assert not Path("out").exists() or [p.name for p in Path("out").iterdir()] == [".stackplan.lock"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml"] + (["out"] if Path("out").exists() else [])
