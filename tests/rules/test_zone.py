"""Zone DNS, guest CIDR and guest VLANs (generator/rules/zone.py)."""

from __future__ import annotations

import pytest

from tests.rules.kit import Case, Data, check_fires, check_quiet, mgmt_net, mutated, pnet, run, zone


def no_internal_dns(d: Data) -> None:
    zone(d)["dns"]["internal"] = []


def dns_network(d: Data, gateway: bool) -> None:
    net: Data = {"cidr": "10.10.5.0/24", "site": "lab"}
    if gateway:
        net["gateway"] = "10.10.5.1"
    d["networks"]["lab-dns"] = net
    zone(d)["dns"]["internal"] = ["10.10.5.53"]


def dns_unrouted(d: Data) -> None:
    dns_network(d, gateway=False)


def dns_routed(d: Data) -> None:
    dns_network(d, gateway=True)


def guest_cidr_over_management(d: Data) -> None:
    zone(d)["guest_cidr"] = "10.10.0.0/16"


def no_guest_vlans(d: Data) -> None:
    del pnet(d, "guest")["guest_vlans"]


def shared_only(d: Data) -> None:
    no_guest_vlans(d)
    zone(d)["guest_network_kinds"] = ["shared"]


CASES = [
    Case("ZONE-DNS-MISSING", no_internal_dns, ("lab-z1", "internal DNS", "internaldns1")),
    Case("ZONE-INTERNAL-DNS-UNREACHABLE", dns_unrouted, ("10.10.5.53", "lab-z1", "lab-p01", "lab-dns"), dns_routed,
         at="10.10.5.53"),
    Case("GUEST-CIDR-OVERLAP", guest_cidr_over_management, ("10.10.0.0/16", "lab-z1", "lab-mgmt")),
    Case("ZONE-GUEST-VLANS-MISSING", no_guest_vlans, ("lab-z1", "isolated and vpc", "lab-pnet-guest"), shared_only),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_quiet(case: Case) -> None:
    check_quiet(case)


def test_internal_dns_outside_an_unrouted_pod_network() -> None:
    def unrouted(d: Data) -> None:
        dns_routed(d)
        del mgmt_net(d)["gateway"]

    _, findings = run(mutated(unrouted))
    assert [f.message for f in findings if f.rule == "ZONE-INTERNAL-DNS-UNREACHABLE"] == [
        "internal DNS 10.10.5.53 of zone lab-z1 is unreachable from pod lab-p01: outside lab-mgmt (10.10.0.0/24), "
        "which has no gateway"]
