"""Basic zones (generator/rules/basic.py)."""

from __future__ import annotations

import pytest

from tests.rules.kit import (
    Case,
    Data,
    add_pod,
    check_fires,
    check_quiet,
    mutated,
    pnet,
    pod,
    run,
    to_basic,
    zone,
)


def basic_with_guest_cidr(d: Data) -> None:
    to_basic(d)
    zone(d)["guest_cidr"] = "10.1.0.0/16"


def basic_with_guest_vlans(d: Data) -> None:
    to_basic(d)
    pnet(d, "guest")["guest_vlans"] = ["500-599"]


def basic_without_guest_range(d: Data) -> None:
    to_basic(d)
    del pod(d)["guest_ranges"]


def basic_two_pods(d: Data, second_range: str) -> None:
    to_basic(d)
    d["networks"]["lab-mgmt2"] = {"cidr": "10.10.1.0/24", "gateway": "10.10.1.1", "site": "lab"}
    p2 = add_pod(d, "lab-p02", 2, "lab-mgmt2", "10.10.1.200-10.10.1.229")
    p2["guest_ranges"] = [{"network": "lab-guest", "range": second_range}]


def basic_pods_overlapping(d: Data) -> None:
    basic_two_pods(d, "10.20.1.200-10.20.2.100")


def basic_pods_apart(d: Data) -> None:
    basic_two_pods(d, "10.20.2.10-10.20.3.250")


def advanced_with_guest_ranges(d: Data) -> None:
    d["networks"]["lab-guest"] = {"cidr": "10.20.0.0/22", "gateway": "10.20.0.1", "vlan": 200, "site": "lab"}
    pod(d)["guest_ranges"] = [{"network": "lab-guest", "range": "10.20.0.10-10.20.1.250"}]


CASES = [
    Case("BASIC-GUEST-CIDR", basic_with_guest_cidr, ("lab-z1", "10.1.0.0/16"), to_basic, at="guest_cidr"),
    Case("BASIC-ADVANCED-ONLY", basic_with_guest_vlans, ("lab-pnet-mgmt", "basic zone lab-z1"), to_basic),
    Case("BASIC-GUEST-RANGES-MISSING", basic_without_guest_range, ("lab-p01", "lab-z1"), to_basic),
    Case("BASIC-GUEST-IP-OVERLAP", basic_pods_overlapping, ("lab-p02", "lab-p01", "10.20.1.200-10.20.2.100"),
         basic_pods_apart),
    Case("ADVANCED-POD-GUEST-RANGES", advanced_with_guest_ranges, ("lab-p01", "advanced zone lab-z1")),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_quiet(case: Case) -> None:
    check_quiet(case)


def test_basic_zone_variant_is_clean() -> None:
    _, findings = run(mutated(to_basic))
    assert [f.rule for f in findings if f.severity.value == "error"] == []
