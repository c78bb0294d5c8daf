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
