"""Storage traffic and separated primary storage (generator/rules/storage_networks.py)."""

from __future__ import annotations

import pytest

from tests.rules.kit import (
    Case,
    Data,
    check_fires,
    check_quiet,
    multipath,
    mutated,
    nfs,
    nothing,
    pnet,
    pod,
    pool,
    profile,
    run,
    separate_primary,
    with_storage,
)


def primary_inside_management(d: Data) -> None:
    separate_primary(d, "10.10.0.128/25")


def primary_server_not_on_it(d: Data) -> None:
    separate_primary(d)
    nfs(d)["interfaces"].pop()


def no_primary_interface(d: Data) -> None:
    separate_primary(d)
    profile(d)["primary_storage_interfaces"] = []


def storage_range_dropped(d: Data) -> None:
    with_storage(d)
    del pod(d)["storage"]


def storage_traffic_dropped(d: Data) -> None:
    with_storage(d)
    p = pnet(d, "storage")
    p["traffic"] = [t for t in p["traffic"] if t["type"] != "storage"]


def multipath_over_nfs(d: Data) -> None:
    pool(d)["multipath"] = True


def multipath_one_network(d: Data) -> None:
    multipath(d)
    pod(d)["primary_storage_networks"].pop()
    profile(d)["primary_storage_interfaces"].pop()


def slow_nics(d: Data) -> None:
    profile(d)["nics"][0]["speed"] = "1G"  # eno1 carries management (and primary storage); eno2 stays 10G


def primary_on_storage_traffic_network(d: Data) -> None:
    with_storage(d)
    nfs(d)["interfaces"] = [{"network": "lab-storage"}]


CASES = [
    Case("PRIMARY-NET-OVERLAPS-MANAGEMENT", primary_inside_management,
         ("lab-pstore", "10.10.0.128/25", "lab-p01", "lab-mgmt"), separate_primary),
    Case("PRIMARY-SERVER-OUTSIDE-NETWORK", primary_server_not_on_it, ("lab-nfs1", "lab-primary1", "lab-pstore"),
         separate_primary),
    Case("PRIMARY-INTERFACES-COUNT", no_primary_interface, ("kvm-small", "lab-p01", "0 primary-storage"),
         separate_primary),
    Case("STORAGE-NETWORK-ABSENT", nothing, ("lab-p01", "management network"), with_storage),
    Case("STORAGE-TRAFFIC-WITHOUT-RANGE", storage_range_dropped, ("lab-z1", "lab-pnet-guest", "lab-p01"),
         with_storage),
    Case("STORAGE-RANGE-WITHOUT-TRAFFIC", storage_traffic_dropped, ("lab-p01", "10.10.8.100-10.10.8.120", "lab-z1"),
         with_storage),
    Case("ISCSI-MULTIPATH-NETWORKS", multipath_one_network, ("lab-primary1", "1 primary-storage network"),
         multipath),
    Case("STORAGE-NIC-SPEED", slow_nics, ("kvm-small", "eno1 1G", "10G"), at="speed: 1G"),
    Case("PRIMARY-VIA-STORAGE-TRAFFIC", primary_on_storage_traffic_network, ("lab-primary1", "lab-nfs1",
                                                                             "lab-storage", "lab-p01"),
         with_storage),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_quiet(case: Case) -> None:
    check_quiet(case)


def test_multipath_needs_iscsi() -> None:
    _, findings = run(mutated(multipath_over_nfs))
    assert [f.message for f in findings if f.rule == "ISCSI-MULTIPATH-NETWORKS"] == [
        "pool lab-primary1 (cluster lab-c01, pod lab-p01) asks for multipath over protocol nfs"]


def test_multipath_networks_each_have_a_gateway_and_interface() -> None:
    def broken(d: Data) -> None:
        multipath(d)
        del d["networks"]["lab-iscsi-b"]["gateway"]
        profile(d)["primary_storage_interfaces"] = ["eno3", "eno3"]

    _, findings = run(mutated(broken))
    messages = sorted(f.message for f in findings if f.rule == "ISCSI-MULTIPATH-NETWORKS")
    assert messages == ["host profile kvm-small uses eno3 for both multipath networks of pod lab-p01",
                        "multipath network lab-iscsi-b of pod lab-p01 has no gateway"]


def test_multipath_server_on_both_networks() -> None:
    def one_portal(d: Data) -> None:
        multipath(d)
        d["storage_servers"][-1]["interfaces"].pop()

    _, findings = run(mutated(one_portal))
    assert any(f.rule == "PRIMARY-SERVER-OUTSIDE-NETWORK" and "lab-san1" in f.message and "lab-iscsi-b" in f.message
               for f in findings)
