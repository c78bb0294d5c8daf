"""secstorage.nfs.version against the NFS version of the secondary-storage export (SETTING-NFS-VERSION,
generator/rules/settings_derived.py): a new user's design with a NAS that serves NFS 4.1 only, and mutations
of it and of the base design that fire and do not fire."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import Finding, Severity
from generator.loader.load import load_text
from generator.rules import validate
from tests.rules.kit import Case, Data, check_fires, check_quiet

HERE = Path(__file__).parent
NAS = HERE / "nfs" / "nas-v41.yaml"
RULE = "SETTING-NFS-VERSION"


def exports(secondary: str) -> Data:
    return {"primary": {"path": "/export/primary", "clients": ["10.10.0.0/24"]},
            "secondary": {"path": "/export/secondary", "clients": ["10.10.0.0/24"], "version": secondary}}


def _server(d: Data, secondary: str) -> None:
    d["storage_servers"][0]["exports"] = list(exports(secondary).values())


def v41_export_v3_setting(d: Data) -> None:
    _server(d, "4.1")
    d["settings"]["secstorage.nfs.version"] = "3"


def v41_export_v41_setting(d: Data) -> None:
    _server(d, "4.1")
    d["settings"]["secstorage.nfs.version"] = "4.1"


def v4_export_default_setting(d: Data) -> None:
    _server(d, "4")


def v3_export_default_setting(d: Data) -> None:
    _server(d, "3")


CASES = [
    Case(RULE, v41_export_v3_setting, ("lab-secondary1", "/export/secondary", "4.1", "vers=3"),
         good=v41_export_v41_setting, at="secstorage.nfs.version"),
    Case(RULE, v4_export_default_setting, ("lab-secondary1", "NFS 4 only", "not set", "NFSv3"),
         good=v3_export_default_setting, at="version"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_quiet(case: Case) -> None:
    check_quiet(case)


def _nas(*edits: tuple[str, str]) -> tuple[str, list[Finding]]:
    text = NAS.read_text()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text, [f for f in validate(load_text(text, "nas-v41.yaml")) if f.rule == RULE]


def _line(text: str, needle: str, after: str = "") -> int:
    start = text.index(after) if after else 0
    return text[:text.index(needle, start)].count("\n") + 1


def test_new_design_setting_the_wrong_version_is_an_error_at_the_setting() -> None:
    text, found = _nas()
    assert [(f.line, f.severity) for f in found] == [(_line(text, "secstorage.nfs.version"), Severity.error)]
    assert "offers NFS 4.1, but secstorage.nfs.version is '3'" in found[0].message
    assert found[0].fix == ("set secstorage.nfs.version to '4.1' in 'settings', or give export /mnt/tank/secondary "
                            "version '3'")


@pytest.mark.parametrize("setting", ['"4.1"', '"4"'])
def test_new_design_fixed_by_the_setting(setting: str) -> None:
    _, found = _nas(('secstorage.nfs.version: "3"', f"secstorage.nfs.version: {setting}"))
    assert found == []


def test_new_design_with_a_minor_version_the_export_lacks() -> None:
    _, found = _nas(('secstorage.nfs.version: "3"', 'secstorage.nfs.version: "4.2"'))
    assert len(found) == 1 and "vers=4.2" in found[0].message


def test_new_design_without_the_setting_fails_on_kvm_at_the_export() -> None:
    text, found = _nas(('settings:\n  secstorage.nfs.version: "3"\n', ""))
    assert [f.line for f in found] == [_line(text, 'version: "4.1"', after="path: /mnt/tank/secondary")]
    assert "not set (CloudStack's default)" in found[0].message and "NFSv3" in found[0].message
    fixed_text, fixed = _nas(('settings:\n  secstorage.nfs.version: "3"\n', ""),
                             ('[rw, async, no_root_squash, no_subtree_check]\n        version: "4.1"',
                              '[rw, async, no_root_squash, no_subtree_check]\n        version: "3"'))
    assert fixed == [], fixed_text


def test_examples_agree_with_the_setting() -> None:
    for path in sorted((HERE.parents[1] / "designs").glob("*.yaml")):
        assert not [f.text() for f in validate(load_text(path.read_text(), path.name)) if f.rule == RULE]
