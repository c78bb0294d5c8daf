"""Primary storage pools (generator/rules/primary_storage.py)."""

from __future__ import annotations

import pytest

from tests.rules.kit import (
    Case,
    Data,
    check_fires,
    check_quiet,
    cluster,
    mutated,
    nfs,
    pool,
    run,
    to_xen,
    zone,
)


def kvm_fibre_channel(d: Data) -> None:
    pool(d).update(protocol="fc", path="/dev/mapper/lun1")
    del pool(d)["server"]


def kvm_shared_mount_point(d: Data) -> None:
    pool(d).update(protocol="sharedmountpoint", path="/mnt/primary")
    del pool(d)["server"]


def zone_wide(d: Data, hypervisor: str | None) -> None:
    entry = {"name": "lab-zwps", "protocol": "nfs", "server": "lab-nfs1", "path": "/export/zone"}
    if hypervisor:
        entry["hypervisor"] = hypervisor
    zone(d)["primary_storage"] = [entry]


def xen_zone_wide(d: Data) -> None:
    to_xen(d)
    zone_wide(d, "xenserver")


def kvm_zone_wide(d: Data) -> None:
    zone_wide(d, "kvm")


def zone_wide_without_hypervisor(d: Data) -> None:
    zone_wide(d, None)


def eight_tb(d: Data) -> None:
    pool(d)["size"] = "8TB"


def six_tb(d: Data) -> None:
    pool(d)["size"] = "6TB"


def local_only(d: Data) -> None:
    cluster(d)["primary_storage"] = [{"name": "lab-local", "protocol": "local"}]
    zone(d)["local_storage"] = True


def local_only_asking_ha(d: Data) -> None:
    local_only(d)
    cluster(d).update(ha=True, live_migration=True)


def local_only_without_ha(d: Data) -> None:
    local_only(d)
    cluster(d).update(ha=False, live_migration=False)


def local_pool_zone_disabled(d: Data) -> None:
    local_only_without_ha(d)
    zone(d)["local_storage"] = False


def no_server(d: Data) -> None:
    del pool(d)["server"]


def iscsi_server(d: Data) -> None:
    nfs(d)["role"] = "iscsi"
    zone(d)["secondary_storage"][0]["protocol"] = "nfs"


def nfs_on_management_server(d: Data) -> None:
    d["management"]["servers"][0]["address"] = "10.10.0.10"
    nfs(d)["interfaces"][0]["address"] = "10.10.0.10"


def nfs_beside_management_server(d: Data) -> None:
    d["management"]["servers"][0]["address"] = "10.10.0.10"
    nfs(d)["interfaces"][0]["address"] = "10.10.0.11"


def rbd(d: Data, port: int) -> None:
    d["storage_servers"].append({"name": "lab-ceph1", "site": "lab", "role": "ceph",
                                 "interfaces": [{"network": "lab-mgmt"}]})
    cluster(d)["primary_storage"].append({"name": "lab-rbd1", "protocol": "rbd", "server": "lab-ceph1",
                                          "path": "cloudstack", "monitor_port": port})


def rbd_msgr2(d: Data) -> None:
    rbd(d, 3300)


def rbd_v1(d: Data) -> None:
    rbd(d, 6789)


def no_primary(d: Data) -> None:
    del cluster(d)["primary_storage"]


CASES = [
    Case("PRIMARY-PROTOCOL-HYPERVISOR", kvm_fibre_channel, ("lab-primary1", "fc", "kvm cluster lab-c01"),
         kvm_shared_mount_point, at="protocol: fc"),
    Case("PRIMARY-ZONE-WIDE-XENSERVER", xen_zone_wide, ("lab-zwps", "lab-z1", "XenServer"), kvm_zone_wide),
    Case("PRIMARY-ZONE-HYPERVISOR", zone_wide_without_hypervisor, ("lab-zwps", "lab-z1", "no hypervisor"),
         kvm_zone_wide),
    Case("PRIMARY-TOO-LARGE", eight_tb, ("lab-primary1", "8TB", "lab-c01"), six_tb),
    Case("PRIMARY-LOCAL-HA", local_only_asking_ha, ("lab-c01", "ha and live_migration"), local_only),
    Case("PRIMARY-LOCAL-DISABLED", local_pool_zone_disabled, ("lab-local", "lab-z1"), local_only_without_ha),
    Case("PRIMARY-SERVER-MISSING", no_server, ("nfs pool lab-primary1", "lab-c01")),
    Case("PRIMARY-SERVER-ROLE", iscsi_server, ("nfs pool lab-primary1", "lab-nfs1", "iscsi server")),
    Case("PRIMARY-ON-MANAGEMENT-OR-HOST", nfs_on_management_server, ("lab-primary1", "lab-nfs1", "10.10.0.10",
                                                                      "management server lab-ms1"),
         nfs_beside_management_server),
    Case("RBD-MONITOR-PORT", rbd_msgr2, ("lab-rbd1", "3300"), rbd_v1),
    Case("CLUSTER-NO-PRIMARY-STORAGE", no_primary, ("lab-c01", "lab-p01")),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_quiet(case: Case) -> None:
    check_quiet(case)


def test_kvm_iscsi_points_to_shared_mount_point() -> None:
    def kvm_iscsi(d: Data) -> None:
        nfs(d)["role"] = "iscsi"
        pool(d).update(protocol="iscsi", path="iqn.2026-01.net.example:lab/1")

    _, findings = run(mutated(kvm_iscsi))
    hits = [f for f in findings if f.rule == "PRIMARY-PROTOCOL-HYPERVISOR"]
    assert len(hits) == 1 and "sharedmountpoint" in hits[0].fix


def test_storage_server_sharing_an_address_with_a_host_is_reported_once() -> None:
    def nfs_on_host(d: Data) -> None:
        cluster(d)["hosts"].append({"name": "lab-kvm09", "id": 9, "addresses": {"lab-mgmt": "10.10.0.19"}})
        nfs(d)["interfaces"][0]["address"] = "10.10.0.19"

    _, findings = run(mutated(nfs_on_host))
    assert [f.rule for f in findings if "10.10.0.19" in f.message] == ["PRIMARY-ON-MANAGEMENT-OR-HOST"]


def test_monitor_port_only_for_rbd() -> None:
    def nfs_port(d: Data) -> None:
        pool(d)["monitor_port"] = 6789

    _, findings = run(mutated(nfs_port))
    assert [f.message for f in findings if f.rule == "RBD-MONITOR-PORT"] == [
        "nfs pool lab-primary1 of cluster lab-c01 sets monitor_port, which only RBD pools use"]


def test_a_large_rbd_pool_is_not_told_to_split() -> None:
    def big_rbd(d: Data) -> None:
        rbd_v1(d)
        cluster(d)["primary_storage"][-1]["size"] = "500TB"

    _, findings = run(mutated(big_rbd))
    assert not [f.text() for f in findings if f.rule == "PRIMARY-TOO-LARGE"]


def test_local_storage_alone_defaults_to_no_ha_nor_migration() -> None:
    """Nobody wrote 'ha:' or 'live_migration:': nothing to refuse; what is written is checked."""
    _, findings = run(mutated(local_only))
    assert not [f.text() for f in findings if f.rule in ("PRIMARY-LOCAL-HA", "CLUSTER-SINGLE-HOST-HA")]

    def only_ha(d: Data) -> None:
        local_only(d)
        cluster(d)["ha"] = True

    _, findings = run(mutated(only_ha))
    assert [f.message for f in findings if f.rule == "PRIMARY-LOCAL-HA"] == [
        "cluster lab-c01 has only local primary storage but asks for ha"]
