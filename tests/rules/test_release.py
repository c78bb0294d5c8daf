"""The target release (generator/rules/release.py, generator/data/releases.yml)."""

from __future__ import annotations

import pytest

from generator.data.releases import release, releases
from tests.rules.kit import Case, Data, check_fires, check_quiet


def to_4_21(d: Data) -> None:
    d["deployment"]["cloudstack_version"] = "4.21"


def to_4_23(d: Data) -> None:
    d["deployment"]["cloudstack_version"] = "4.23"


def to_4_20_patch(d: Data) -> None:
    d["deployment"]["cloudstack_version"] = "4.20.1.0"


CASES = [
    Case("RELEASE-UNKNOWN", to_4_21, ("4.21", "4.20, 4.22, 4.23"), to_4_20_patch, at="cloudstack_version"),
    Case("RELEASE-UNKNOWN", to_4_23, ("4.23 is not released",), to_4_20_patch),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_quiet(case: Case) -> None:
    check_quiet(case)


def test_release_facts_are_data() -> None:
    assert sorted(releases()) == ["4.20", "4.22", "4.23"]
    r420 = release("4.20.1.0")
    assert r420 is not None and r420.template_version == "4.20.0"
    assert {"routed-networks", "asn-ranges", "bgp-peers"} <= r420.features
    r423 = release("4.23")
    assert r423 is not None and not r423.released and "templates-on-demand" in r423.features
    assert release("4.19") is None
