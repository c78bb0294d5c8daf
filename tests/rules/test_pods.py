"""Pods' management networks: unique per region, routed, big enough (generator/rules/pods.py)."""

from __future__ import annotations

import pytest

from tests.rules.kit import (
    Case,
    Data,
    add_pod,
    check_fires,
    check_quiet,
    mutated,
    pod,
    public_net,
    run,
    to_vmware,
    zone,
)


def second_pod_same_subnet(d: Data) -> None:
    add_pod(d, "lab-p02", 2, "lab-mgmt", "10.10.0.230-10.10.0.239")


def second_pod_shared_subnet_allowed(d: Data) -> None:
    second_pod_same_subnet(d)
    d["settings"]["check.pod.cidrs"] = False


def second_pod_shared_subnet_same_range(d: Data) -> None:
    add_pod(d, "lab-p02", 2, "lab-mgmt", "10.10.0.220-10.10.0.239")
    d["settings"]["check.pod.cidrs"] = "false"


def one_address(d: Data) -> None:
    pod(d)["management"]["system_range"] = "10.10.0.200-10.10.0.200"


def two_addresses(d: Data) -> None:
    pod(d)["management"]["system_range"] = "10.10.0.200-10.10.0.201"


def public_without_gateway(d: Data) -> None:
    del public_net(d)["gateway"]
    d["firewalls"][0]["interfaces"] = d["firewalls"][0]["interfaces"][:1]


CASES = [
    Case("POD-CIDR-OVERLAP", second_pod_same_subnet, ("lab-p02", "lab-p01", "check.pod.cidrs is true"),
         second_pod_shared_subnet_allowed),
    Case("POD-SYSTEM-RANGE-SMALL", one_address, ("lab-p01", "1 address(es)", "needs 2"), two_addresses,
         at="system_range"),
    Case("RANGE-NETWORK-NO-GATEWAY", public_without_gateway, ("lab-public", "public range")),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_quiet(case: Case) -> None:
    check_quiet(case)


def test_shared_pod_subnet_still_needs_separate_ranges() -> None:
    _, findings = run(mutated(second_pod_shared_subnet_same_range))
    hits = [f.message for f in findings if f.rule == "POD-CIDR-OVERLAP"]
    assert len(hits) == 1 and "10.10.0.220-10.10.0.239 of pod lab-p02" in hits[0]
    assert not [f for f in findings if f.rule == "RANGE-OVERLAP"]  # reported once, by the pod rule


def test_pods_in_different_regions_may_share_a_subnet() -> None:
    def other_region(d: Data) -> None:
        second_pod_same_subnet(d)
        moved = zone(d)["pods"].pop()
        z2 = {**zone(d), "name": "lab-z2", "pods": [moved]}
        d["regions"].append({"name": "lab2", "zones": [z2]})

    _, findings = run(mutated(other_region))
    assert not [f for f in findings if f.rule == "POD-CIDR-OVERLAP"]


def test_vmware_pods_need_an_address_per_router() -> None:
    _, findings = run(mutated(to_vmware))
    hits = [f.message for f in findings if f.rule == "POD-SYSTEM-RANGE-SMALL"]
    assert hits == []  # 30 addresses hold 2 system VMs and the 20 planned routers

    def more_routers(d: Data) -> None:
        to_vmware(d)
        zone(d)["planned_routers"] = 40

    _, findings = run(mutated(more_routers))
    hits = [f.message for f in findings if f.rule == "POD-SYSTEM-RANGE-SMALL"]
    assert hits == ["system-VM range 10.10.0.200-10.10.0.229 of pod lab-p01 has 30 address(es); it needs 42: "
                    "1 secondary storage VM, 1 console proxy VM, 40 for the 40 planned routers on vmware"]
