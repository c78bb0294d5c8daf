"""Cluster capacity (generator/rules/capacity.py)."""

from __future__ import annotations

import pytest

from tests.rules.kit import Case, Data, check_fires, check_quiet, cluster, mutated, run


def one_too_many(d: Data) -> None:
    cluster(d)["planned_vms"] = 121  # 4 hosts x 40: 120 with one host down


def exactly_enough(d: Data) -> None:
    cluster(d)["planned_vms"] = 120


def one_host(d: Data) -> None:
    cluster(d)["hosts"][0]["count"] = 1
    cluster(d)["planned_vms"] = 30


def one_host_without_ha(d: Data) -> None:
    one_host(d)
    cluster(d)["ha"] = False


CASES = [
    Case("CAPACITY-HOST-FAILURE", one_too_many, ("lab-c01", "121", "4 hosts (40 VMs each) hold 120"),
         exactly_enough, at="planned_vms"),
    Case("CLUSTER-SINGLE-HOST-HA", one_host, ("lab-c01", "one host"), one_host_without_ha),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_quiet(case: Case) -> None:
    check_quiet(case)


def test_mixed_profiles_lose_the_biggest_host() -> None:
    def mixed(d: Data) -> None:
        big = {**d["host_profiles"]["kvm-small"], "max_vms": 100}
        d["host_profiles"]["kvm-big"] = big
        cluster(d)["hosts"].append({"name": "lab-kvm05", "id": 5, "profile": "kvm-big"})
        cluster(d)["planned_vms"] = 161  # 4 x 40 remain when the 100-VM host fails

    _, findings = run(mutated(mixed))
    assert [f.message for f in findings if f.rule == "CAPACITY-HOST-FAILURE"] == [
        "cluster lab-c01 (pod lab-p01) plans 161 VMs, but 5 hosts (different VM limits) hold 160 with one host down"]


def test_host_failure_is_a_warning_unless_the_design_promises_redundancy() -> None:
    """Seed 003 calls (N-1) x limit a suggestion: a warning; 'redundant: true' makes it an error."""
    _, findings = run(mutated(one_too_many))
    assert [f.severity.value for f in findings if f.rule == "CAPACITY-HOST-FAILURE"] == ["warning"]

    def strict(d: Data) -> None:
        one_too_many(d)
        d["deployment"]["redundant"] = True

    _, findings = run(mutated(strict))
    assert [f.severity.value for f in findings if f.rule == "CAPACITY-HOST-FAILURE"] == ["error"]
