"""Racks (generator/rules/racks.py): the base design in one rack of 8 U, then one mutation per rule."""

from __future__ import annotations

import pytest

from tests.rules.kit import Case, Data, check_fires, check_quiet, nfs, profile


def racked(d: Data) -> None:
    """The lab in rack lab-r01: its four 1 U hosts from U1, its switch at U8 (both by the rule)."""
    d["racks"] = [{"name": "lab-r01", "site": "lab", "pod": "lab-p01", "height": 8, "power_budget_watts": 1200}]
    d["switches"][0]["rack"] = "lab-r01"
    profile(d)["power_watts"] = 300


def switch_rack_unknown(d: Data) -> None:
    racked(d)
    d["switches"][0]["rack"] = "lab-r1"


def nfs_on_the_switch(d: Data) -> None:
    racked(d)
    d["switches"][0]["position"] = 8
    nfs(d).update(rack="lab-r01", position=8)


def nfs_below_the_switch(d: Data) -> None:
    racked(d)
    d["switches"][0]["position"] = 8
    nfs(d).update(rack="lab-r01", position=7)


def nfs_through_the_top(d: Data) -> None:
    racked(d)
    nfs(d).update(rack="lab-r01", position=8, rack_units=2)


def nfs_at_the_top(d: Data) -> None:
    racked(d)
    nfs(d).update(rack="lab-r01", position=7, rack_units=2)


def over_budget(d: Data) -> None:
    racked(d)
    d["racks"][0]["power_budget_watts"] = 1199  # 4 hosts x 300 W


def nfs_in_a_rack_of_another_site(d: Data) -> None:
    racked(d)
    d["sites"].append({"name": "lab2"})
    d["racks"].append({"name": "lab2-r01", "site": "lab2"})
    nfs(d).update(rack="lab2-r01")


def nfs_in_its_own_sites_rack(d: Data) -> None:
    racked(d)
    d["sites"].append({"name": "lab2"})
    d["racks"].append({"name": "lab2-r01", "site": "lab2"})
    nfs(d).update(rack="lab-r01")


CASES = [
    Case("RACK-REFERENCE", switch_rack_unknown, ("lab-sw1", "lab-r1", "not in 'racks'"), racked, at="rack"),
    Case("RACK-OVERLAP", nfs_on_the_switch, ("lab-nfs1", "U8-U8", "overlaps lab-sw1", "lab-r01"),
         nfs_below_the_switch, at="position"),
    Case("RACK-DOES-NOT-FIT", nfs_through_the_top, ("lab-nfs1", "reaches U9", "lab-r01 (8 U)"), nfs_at_the_top,
         at="position"),
    Case("RACK-POWER-OVER-BUDGET", over_budget, ("lab-r01", "1200 W", "1199 W"), racked,
         at="power_budget_watts"),
    Case("RACK-SITE", nfs_in_a_rack_of_another_site, ("lab-nfs1", "site lab", "lab2-r01"),
         nfs_in_its_own_sites_rack, at="rack"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_near_miss_is_quiet(case: Case) -> None:
    check_quiet(case)
