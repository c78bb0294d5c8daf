"""Traffic types on physical networks (generator/rules/traffic.py)."""

from __future__ import annotations

import pytest

from tests.rules.kit import Case, Data, check_fires, check_quiet, pnet


def management_twice(d: Data) -> None:
    pnet(d, "guest")["traffic"].append({"type": "management", "labels": {"kvm": "cloudbr1"}})


def guest_twice(d: Data) -> None:
    pnet(d, "guest")["traffic"].append({"type": "guest", "labels": {"kvm": "cloudbr1"}})


def no_guest(d: Data) -> None:
    p = pnet(d, "guest")
    p["traffic"] = [t for t in p["traffic"] if t["type"] != "guest"]


def vxlan_at_1500(d: Data) -> None:
    pnet(d, "guest")["isolation"] = "VXLAN"


def vxlan_at_9000(d: Data) -> None:
    pnet(d, "guest").update(isolation="VXLAN", mtu=9000)


CASES = [
    Case("TRAFFIC-ONE-PNET", management_twice, ("management", "lab-pnet-guest", "lab-pnet-mgmt", "lab-z1")),
    Case("TRAFFIC-REPEATED", guest_twice, ("guest traffic is listed twice", "lab-pnet-guest")),
    Case("TRAFFIC-REQUIRED", no_guest, ("lab-z1", "guest")),
    Case("VXLAN-MTU", vxlan_at_1500, ("lab-pnet-guest", "1500", "1550"), vxlan_at_9000),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_quiet(case: Case) -> None:
    check_quiet(case)
