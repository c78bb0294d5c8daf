"""VLANs of a zone (generator/rules/vlans.py)."""

from __future__ import annotations

import copy

import pytest

from tests.rules.kit import Case, Data, check_fires, check_quiet, early, mgmt_net, mutated, pnet, public_net, run


def public_in_guest_range(d: Data) -> None:
    public_net(d)["vlan"] = 550


def public_after_guest_range(d: Data) -> None:
    public_net(d)["vlan"] = 600


def management_on_public_vlan(d: Data) -> None:
    mgmt_net(d)["vlan"] = 100


def management_on_own_vlan(d: Data) -> None:
    mgmt_net(d)["vlan"] = 101


CASES = [
    Case("GUEST-VLAN-OVERLAP", public_in_guest_range, ("500-599", "lab-pnet-guest", "VLAN 550", "lab-public",
                                                       "lab-z1"), public_after_guest_range, at="500-599"),
    Case("VLAN-SHARED", management_on_public_vlan, ("VLAN 100", "lab-mgmt", "lab-public"), management_on_own_vlan),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_quiet(case: Case) -> None:
    check_quiet(case)


def test_guest_ranges_overlapping_each_other() -> None:
    def two_ranges(d: Data) -> None:
        pnet(d, "guest")["guest_vlans"] = ["500-599", "590-650"]

    _, findings = run(mutated(two_ranges))
    assert [f.message for f in findings if f.rule == "GUEST-VLAN-OVERLAP"] == [
        "guest VLAN range 590-650 overlaps guest VLAN range 500-599 in zone lab-z1 (physical network lab-pnet-guest)"]


def test_guest_vlans_may_be_reused_in_another_zone() -> None:
    """Zone lab-z2 reuses guest VLANs 500-599 and public VLAN 100 of zone lab-z1 (seed 002)."""

    def second_zone(d: Data) -> None:
        d["sites"].append({"name": "lab2"})
        d["networks"]["lab2-mgmt"] = {"cidr": "10.11.0.0/24", "gateway": "10.11.0.1", "site": "lab2"}
        d["networks"]["lab2-public"] = {"cidr": "192.168.101.0/24", "gateway": "192.168.101.1", "vlan": 100,
                                        "site": "lab2"}
        z = copy.deepcopy(d["regions"][0]["zones"][0])
        z.update(name="lab-z2", site="lab2")
        z["public_ranges"] = [{"network": "lab2-public", "range": "192.168.101.10-192.168.101.99"}]
        z["pods"][0].update(name="lab2-p01")
        z["pods"][0]["management"] = {"network": "lab2-mgmt", "system_range": "10.11.0.200-10.11.0.229"}
        c = z["pods"][0]["clusters"][0]
        c["name"] = "lab2-c01"
        c["hosts"] = [{"name": "lab2-kvm{id:02d}", "id": 1, "count": 4}]
        c["primary_storage"][0]["name"] = "lab2-primary1"
        d["regions"][0]["zones"].append(z)

    _, findings = run(mutated(second_zone))
    assert not [f for f in findings if f.rule in ("GUEST-VLAN-OVERLAP", "VLAN-SHARED")]
    assert not [f for f in findings if early(f)]
