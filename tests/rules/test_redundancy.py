"""Redundant designs (generator/rules/redundancy.py): each rule against a fully redundant variant."""

from __future__ import annotations

import pytest

from tests.rules.kit import Case, Data, check_fires, check_quiet, make_redundant, mutated, pnet, run


def single_guest_nic(d: Data) -> None:
    make_redundant(d)
    pnet(d, "guest")["interface"] = "eno2"


def unpaired_switch(d: Data) -> None:
    make_redundant(d)
    d["switches"].pop()
    del d["switches"][0]["peer"]


def one_management_server(d: Data) -> None:
    make_redundant(d)
    d["management"]["servers"].pop()


def no_replica(d: Data) -> None:
    make_redundant(d)
    del d["management"]["database"]["replica"]


def one_balancer(d: Data) -> None:
    make_redundant(d)
    d["management"]["load_balancer"]["names"] = ["lab-lb1"]


def one_firewall(d: Data) -> None:
    make_redundant(d)
    d["firewalls"].pop()
    del d["firewalls"][0]["peer"]


CASES = [
    Case("REDUNDANT-NIC-NOT-BONDED", single_guest_nic, ("lab-pnet-guest", "eno2", "kvm-small", "lab-p01"),
         make_redundant),
    Case("REDUNDANT-SWITCH-UNPAIRED", unpaired_switch, ("lab-sw1", "lab-p01"), make_redundant),
    Case("REDUNDANT-SINGLE-MANAGEMENT-SERVER", one_management_server, ("lab-ms1",), make_redundant),
    Case("REDUNDANT-DB-NO-REPLICA", no_replica, ("lab-ms1", "no replica"), make_redundant),
    Case("REDUNDANT-SINGLE-LOAD-BALANCER", one_balancer, ("lab-lb1",), make_redundant),
    Case("REDUNDANT-FIREWALL-UNPAIRED", one_firewall, ("lab-fw1", "lab"), make_redundant),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_quiet(case: Case) -> None:
    check_quiet(case)


def test_non_redundant_designs_are_not_held_to_it() -> None:
    _, findings = run(mutated(lambda d: None))
    assert not [f for f in findings if f.rule.startswith("REDUNDANT-")]


def test_multipath_interfaces_need_no_bond() -> None:
    from tests.rules.kit import multipath

    def redundant_multipath(d: Data) -> None:
        make_redundant(d)
        multipath(d)

    _, findings = run(mutated(redundant_multipath))
    assert not [f for f in findings if f.rule == "REDUNDANT-NIC-NOT-BONDED"]
