"""Global settings (generator/rules/settings.py)."""

from __future__ import annotations

import pytest

from tests.rules.kit import Case, Data, check_fires, check_quiet, mutated, run


def typo(d: Data) -> None:
    d["settings"]["expunge.dealy"] = 60


def wrong_type(d: Data) -> None:
    d["settings"]["expunge.delay"] = "soon"


def number_as_text(d: Data) -> None:
    d["settings"]["expunge.delay"] = "3600"


def bad_sites(d: Data) -> None:
    d["settings"]["secstorage.allowed.internal.sites"] = "10.0.0.0/8,192.168.10.0/33"


def good_sites(d: Data) -> None:
    d["settings"]["secstorage.allowed.internal.sites"] = "10.0.0.0/8, 192.168.10.0/24"


CASES = [
    Case("SETTING-UNKNOWN", typo, ("'expunge.dealy'",), at="expunge.dealy"),
    Case("SETTING-TYPE", wrong_type, ("expunge.delay", "takes Integer", "'soon'"), number_as_text),
    Case("SETTING-INTERNAL-SITES", bad_sites, ("192.168.10.0/33", "secstorage.allowed.internal.sites"), good_sites),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_quiet(case: Case) -> None:
    check_quiet(case)


def test_unknown_setting_suggests_the_close_name() -> None:
    _, findings = run(mutated(typo))
    assert [f.fix for f in findings if f.rule == "SETTING-UNKNOWN"] == ["did you mean 'expunge.delay'?"]


@pytest.mark.parametrize(("name", "value", "ok"), [
    ("check.pod.cidrs", False, True),  # a String setting holding true/false
    ("check.pod.cidrs", "maybe", False),
    ("system.vm.use.local.storage", True, True),
    ("system.vm.use.local.storage", 1, False),
    ("storage.overprovisioning.factor", 2.5, True),
    ("storage.overprovisioning.factor", "lots", False),
    ("expunge.delay", True, False),
    ("indirect.agent.lb.algorithm", "shuffle", True),
    ("indirect.agent.lb.algorithm", "random", False),
])
def test_value_types(name: str, value: object, ok: bool) -> None:
    def setting(d: Data) -> None:
        d["settings"][name] = value

    _, findings = run(mutated(setting))
    hits = [f for f in findings if f.rule == "SETTING-TYPE"]
    assert (not hits) == ok, [f.message for f in hits]
    assert all(name in f.message for f in hits)


@pytest.mark.parametrize("value", ["0.0.0.0/0", "10.0.0.1/8", "10.0.0.0", "10.0.0.0/8,", "not-a-cidr/8"])
def test_internal_sites_problems(value: str) -> None:
    def setting(d: Data) -> None:
        d["settings"]["secstorage.allowed.internal.sites"] = value

    _, findings = run(mutated(setting))
    assert [f.rule for f in findings if f.rule == "SETTING-INTERNAL-SITES"] == ["SETTING-INTERNAL-SITES"]
