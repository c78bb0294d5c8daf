"""Ceph clusters behind RBD primary storage (generator/rules/ceph.py), the RBD URL and the client runbook."""

from __future__ import annotations

import pytest

from generator.deployment import Deployment
from generator.export import zone_export
from generator.loader.load import load_text
from generator.rules import validate
from generator.runbook.build import build_runbook, context
from tests.rules.kit import Case, Data, check_fires, check_quiet, cluster, mutated, run, zone


def pod(d: Data) -> Data:
    p: Data = zone(d)["pods"][0]
    return p


def to_ceph(d: Data) -> None:
    """What a KVM user with an existing Ceph cluster writes: the cluster with three monitors on a Ceph public
    network the hosts reach on a storage interface of their own, and an RBD pool in it."""
    d["networks"]["lab-ceph"] = {"cidr": "10.10.40.0/24", "vlan": 140, "mtu": 9000, "site": "lab"}
    d["host_profiles"]["kvm-small"]["nics"].append({"name": "eno3", "speed": "25G"})
    d["host_profiles"]["kvm-small"]["primary_storage_interfaces"] = ["eno3"]
    pod(d)["primary_storage_networks"] = ["lab-ceph"]
    d["ceph_clusters"] = [{
        "name": "lab-ceph1", "site": "lab", "pools": ["cloudstack"], "user": "cloudstack",
        "secret": "${LAB_CEPH_KEY}",
        "monitors": [{"name": f"lab-mon{i}", "address": f"10.10.40.{10 + i}"} for i in (1, 2, 3)]}]
    cluster(d)["primary_storage"] = [{"name": "lab-rbd1", "protocol": "rbd", "ceph": "lab-ceph1",
                                      "path": "cloudstack", "size": "50TB"}]


def unknown_cluster(d: Data) -> None:
    to_ceph(d)
    cluster(d)["primary_storage"][0]["ceph"] = "lab-cehp1"


def unknown_pool(d: Data) -> None:
    to_ceph(d)
    cluster(d)["primary_storage"][0]["path"] = "cloudstak"


def ceph_on_nfs_pool(d: Data) -> None:
    to_ceph(d)
    cluster(d)["primary_storage"].append({"name": "lab-nfs-pool", "protocol": "nfs", "server": "lab-nfs1",
                                          "path": "/export/primary", "ceph": "lab-ceph1"})


def one_monitor(d: Data) -> None:
    to_ceph(d)
    del d["ceph_clusters"][0]["monitors"][1:]


def two_monitors(d: Data) -> None:
    to_ceph(d)
    del d["ceph_clusters"][0]["monitors"][2:]


def monitor_on_isolated_segment(d: Data) -> None:
    """The monitors sit on the Ceph cluster network (no gateway), which no host is on."""
    to_ceph(d)
    d["networks"]["lab-ceph-cluster"] = {"cidr": "10.10.41.0/24", "vlan": 141, "site": "lab"}
    d["ceph_clusters"][0]["monitors"][2]["address"] = "10.10.41.13"


def monitor_routed(d: Data) -> None:
    """A monitor in a routed subnet elsewhere: the hosts reach it through the management gateway."""
    to_ceph(d)
    d["networks"]["lab-ceph-remote"] = {"cidr": "10.10.42.0/24", "gateway": "10.10.42.1", "vlan": 142,
                                        "site": "lab"}
    d["ceph_clusters"][0]["monitors"][2]["address"] = "10.10.42.13"


CASES = [
    Case("CEPH-CLUSTER-UNKNOWN", unknown_cluster, ("lab-rbd1", "lab-cehp1"), to_ceph, at="lab-cehp1"),
    Case("CEPH-CLUSTER-UNKNOWN", unknown_pool, ("lab-rbd1", "cloudstak", "lab-ceph1"), to_ceph, at="cloudstak"),
    Case("CEPH-CLUSTER-UNKNOWN", ceph_on_nfs_pool, ("lab-nfs-pool", "only RBD"), to_ceph, at="ceph: lab-ceph1"),
    Case("CEPH-MONITORS-FEW", one_monitor, ("lab-ceph1", "1 monitor"), to_ceph, at="lab-mon1"),
    Case("CEPH-MONITORS-FEW", two_monitors, ("lab-ceph1", "2 monitors"), to_ceph, at="lab-mon1"),
    Case("CEPH-MONITOR-UNREACHABLE", monitor_on_isolated_segment, ("lab-mon3", "10.10.41.13", "lab-c01",
                                                                   "lab-ceph-cluster", "no gateway"),
         monitor_routed, at="10.10.41.13"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_quiet(case: Case) -> None:
    check_quiet(case)


def _deployment(data: Data) -> Deployment:
    text, findings = run(data)
    assert [f.text() for f in findings if f.severity.value == "error"] == []
    loaded = load_text(text, "case.yaml")
    return Deployment(loaded, validate(loaded))


def test_the_rbd_url_lists_every_monitor_and_the_key_stays_a_placeholder() -> None:
    data = mutated(to_ceph)
    data["ceph_clusters"][0]["monitors"].reverse()  # the URL does not depend on the order written
    export = zone_export(_deployment(data))
    urls = [c.get("url") for c in export.calls if c.api == "createStoragePool"]
    assert len(urls) == 1 and urls[0] is not None
    parts = urls[0].parts
    assert parts[0] == "rbd://cloudstack:" and parts[2] == "@10.10.40.11,10.10.40.12,10.10.40.13:6789/cloudstack"
    assert urls[0].secrets == ["LAB_CEPH_KEY"]
    script = export.script("case", "case.yaml")
    assert "rbd://cloudstack:${LAB_CEPH_KEY}@10.10.40.11,10.10.40.12,10.10.40.13:6789/cloudstack" in script
    assert ': "${LAB_CEPH_KEY:?export LAB_CEPH_KEY from your vault' in script


def test_the_runbook_installs_the_ceph_client_on_the_hosts_and_checks_it() -> None:
    runbook = build_runbook(context(_deployment(mutated(to_ceph))))
    step = next(s for s in runbook.steps if s.title.startswith("Ceph client for lab-ceph1"))
    text = "\n".join(c.text for c in step.commands)
    assert "ceph-common" in text and "libvirt-daemon-driver-storage-rbd" in text
    assert "mon_host = 10.10.40.11,10.10.40.12,10.10.40.13" in text
    assert "/etc/ceph/ceph.client.cloudstack.keyring" in text and "${LAB_CEPH_KEY:?}" in text
    checks = [c.command for c in step.checks]
    assert "ceph --id cloudstack -s" in checks and "rbd --id cloudstack ls -p cloudstack" in checks
    assert "LAB_CEPH_KEY" in [s.name for s in runbook.secrets]
    admin = next(s for s in runbook.steps if s.title.startswith("Ceph pool cloudstack of lab-ceph1"))
    assert any("ceph auth get-or-create client.cloudstack" in c.text for c in admin.commands)


def test_hostile_ceph_names_are_quoted_in_the_runbook_commands() -> None:
    """A pool or user name is a Name (no spaces or quotes), and still goes through shell quoting."""
    data = mutated(to_ceph)
    data["ceph_clusters"][0]["pools"] = ["cloud.stack-1"]
    cluster(data)["primary_storage"][0]["path"] = "cloud.stack-1"
    runbook = build_runbook(context(_deployment(data)))
    step = next(s for s in runbook.steps if s.title.startswith("Ceph client"))
    assert "rbd --id cloudstack ls -p cloud.stack-1" in [c.command for c in step.checks]


@pytest.mark.parametrize("secret", ["hunter2", "${lower}", "$KEY", "${KEY"])
def test_the_ceph_secret_must_be_a_placeholder(secret: str) -> None:
    data = mutated(to_ceph)
    data["ceph_clusters"][0]["secret"] = secret
    _, findings = run(data)
    assert any(f.rule.startswith("SCHEMA") and "placeholder" in f.message + f.fix for f in findings), \
        [f.text() for f in findings]
