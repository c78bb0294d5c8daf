"""Addresses: gateways and ranges inside their subnets, no collisions (generator/rules/addressing.py)."""

from __future__ import annotations

import pytest

from tests.rules.kit import (
    Case,
    Data,
    base,
    check_fires,
    check_quiet,
    cluster,
    mgmt_net,
    mutated,
    nfs,
    run,
    zone,
)


def gateway_outside(d: Data) -> None:
    mgmt_net(d)["gateway"] = "10.10.1.1"


def gateway_broadcast(d: Data) -> None:
    mgmt_net(d)["gateway"] = "10.10.0.255"


def overlapping_network(d: Data) -> None:
    d["networks"]["lab-extra"] = {"cidr": "10.10.0.128/25", "gateway": "10.10.0.129"}


def separate_network(d: Data) -> None:
    d["networks"]["lab-extra"] = {"cidr": "10.10.1.0/24", "gateway": "10.10.1.1"}


def public_range_elsewhere(d: Data) -> None:
    zone(d)["public_ranges"][0]["range"] = "192.168.101.10-192.168.101.20"


def public_range_broadcast(d: Data) -> None:
    zone(d)["public_ranges"][0]["range"] = "192.168.100.200-192.168.100.255"


def public_range_to_254(d: Data) -> None:
    zone(d)["public_ranges"][0]["range"] = "192.168.100.200-192.168.100.254"


def second_public_overlapping(d: Data) -> None:
    zone(d)["public_ranges"].append({"network": "lab-public", "range": "192.168.100.50-192.168.100.120"})


def second_public_after(d: Data) -> None:
    zone(d)["public_ranges"].append({"network": "lab-public", "range": "192.168.100.100-192.168.100.120"})


def nfs_address_outside(d: Data) -> None:
    nfs(d)["interfaces"][0]["address"] = "10.10.1.5"


def nfs_address_fixed(d: Data) -> None:
    nfs(d)["interfaces"][0]["address"] = "10.10.0.5"


def nfs_address_in_system_range(d: Data) -> None:
    nfs(d)["interfaces"][0]["address"] = "10.10.0.210"


def switch_and_nfs_same_address(d: Data) -> None:
    nfs_address_fixed(d)
    d["switches"][0]["management"]["address"] = "10.10.0.5"


def database_on_management_server(d: Data) -> None:
    d["management"]["servers"][0]["address"] = "10.10.0.5"
    d["management"]["database"]["primary"] = {"name": "lab-db1", "site": "lab", "network": "lab-mgmt",
                                              "address": "10.10.0.5"}


CASES = [
    Case("NET-GATEWAY-OUTSIDE", gateway_outside, ("10.10.1.1", "lab-mgmt", "10.10.0.0/24"), at="gateway:"),
    Case("RANGE-OUTSIDE-NETWORK", public_range_elsewhere, ("192.168.101.10-192.168.101.20", "lab-z1", "lab-public")),
    Case("NET-CIDR-OVERLAP", overlapping_network, ("lab-extra", "lab-mgmt"), separate_network),
    Case("RANGE-RESERVED-ADDRESS", public_range_broadcast, ("broadcast address 192.168.100.255", "lab-public"),
         public_range_to_254),
    Case("RANGE-OVERLAP", second_public_overlapping, ("192.168.100.50-192.168.100.120", "192.168.100.10"),
         second_public_after),
    Case("ADDRESS-OUTSIDE-NETWORK", nfs_address_outside, ("10.10.1.5", "lab-nfs1", "lab-mgmt"), nfs_address_fixed),
    Case("ADDRESS-IN-RANGE", nfs_address_in_system_range, ("10.10.0.210", "lab-nfs1", "pod lab-p01"),
         nfs_address_fixed, at="10.10.0.210"),
    Case("ADDRESS-DUPLICATE", switch_and_nfs_same_address, ("10.10.0.5", "lab-sw1", "lab-nfs1"),
         database_on_management_server),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_quiet(case: Case) -> None:
    check_quiet(case)


def test_gateway_on_broadcast_address() -> None:
    _, findings = run(mutated(gateway_broadcast))
    assert [f.message for f in findings if f.rule == "NET-GATEWAY-OUTSIDE"] == [
        "gateway 10.10.0.255 of network lab-mgmt is the broadcast address of 10.10.0.0/24"]


def test_host_entry_with_count_cannot_share_an_address() -> None:
    def shared(d: Data) -> None:
        cluster(d)["hosts"][0]["addresses"] = {"lab-mgmt": "10.10.0.50"}

    _, findings = run(mutated(shared))
    messages = [f.message for f in findings if f.rule == "ADDRESS-DUPLICATE"]
    assert "host entry lab-kvm{id:02d} gives all 4 hosts the same address 10.10.0.50 on network lab-mgmt" in messages


def test_only_the_router_may_hold_the_gateway() -> None:
    def ms_on_gateway(d: Data) -> None:
        d["management"]["servers"][0]["address"] = mgmt_net(d)["gateway"]

    _, findings = run(mutated(ms_on_gateway))
    assert any(f.rule == "ADDRESS-DUPLICATE" and "management server lab-ms1" in f.message
               and "is the gateway of network lab-mgmt" in f.message for f in findings)
    # the base design's firewall has 10.10.0.1, the management gateway, and that is fine
    assert nfs(base())["interfaces"] and base()["firewalls"][0]["interfaces"][0]["address"] == "10.10.0.1"
    _, findings = run(base())
    assert not [f for f in findings if f.rule.startswith("ADDRESS-")]


def test_a_firewall_pair_may_share_the_gateway() -> None:
    def pair(d: Data) -> None:
        fw = d["firewalls"][0]
        d["firewalls"].append({"name": "lab-fw2", "site": "lab", "peer": fw["name"],
                               "interfaces": [{"network": "lab-mgmt", "address": "10.10.0.1"}]})
        fw["peer"] = "lab-fw2"

    _, findings = run(mutated(pair))
    assert not [f for f in findings if f.rule == "ADDRESS-DUPLICATE"]
