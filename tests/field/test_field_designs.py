"""Designs a new user writes with Ceph, VXLAN and NFS exports: valid, and every output carries them through.

``one-rack-ceph-vxlan.yaml`` is written from scratch (EL 9 hosts with one bond, multicast VXLAN, an existing
Ceph cluster, a Linux NFS server with its exports), not derived from an example.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

from generator.deployment import Deployment
from generator.diagnostics import Severity
from generator.loader.load import load_text
from generator.pipeline import artefacts, run
from generator.rules import validate
from tests.conftest import EXAMPLES

HERE = Path(__file__).parent
USER = HERE / "one-rack-ceph-vxlan.yaml"
NEW_RULES = ("CEPH-CLUSTER-UNKNOWN", "CEPH-MONITORS-FEW", "CEPH-MONITOR-UNREACHABLE", "VXLAN-VTEP-NETWORK",
             "VXLAN-UNDERLAY-MTU", "VXLAN-MULTICAST-ROUTED", "NFS-EXPORT-MISSING", "NFS-EXPORT-CLIENTS")


@cache
def outputs(text: str) -> dict[str, str]:
    loaded = load_text(text, "one-rack-ceph-vxlan.yaml")
    deployment = Deployment(loaded, validate(loaded))
    assert deployment.valid, [f.text() for f in deployment.findings]
    return {a.path: a.content if isinstance(a.content, str) else "" for a in artefacts(deployment)}


def user_outputs() -> dict[str, str]:
    return outputs(USER.read_text("utf-8"))


def test_the_users_design_is_valid() -> None:
    deployment = run(USER)
    assert [f.text() for f in deployment.findings if f.severity is Severity.error] == []


def test_each_host_has_its_vtep_on_the_vxlan_bridge_at_the_underlay_mtu() -> None:
    files = user_outputs()
    for n, address in ((1, "172.16.10.11/24"), (2, "172.16.10.12/24"), (3, "172.16.10.13/24")):
        text = files[f"hosts/kvm{n}.sh"]
        bridge = text.split("nmcli connection add type bridge con-name cloudbr1 ifname cloudbr1")[1].split("\n\n")[0]
        assert f"ipv4.addresses {address}" in bridge
        # the bridge cloudbr1 sits on the underlay's VLAN interface, and every interface under it runs at 9000
        assert ("nmcli connection add type vlan con-name bond0.10 ifname bond0.10 dev bond0 id 10 "
                "802-3-ethernet.mtu 9000 master cloudbr1 slave-type bridge") in text
        assert "802-3-ethernet.mtu 9000 \\\n    master cloudbr0" in text
        assert text.count("802-3-ethernet.mtu 9000 master bond0") == 2


def test_the_switch_trunks_the_underlay_at_jumbo_mtu() -> None:
    config = user_outputs()["configs/sw1.cfg"]
    port = config.split("interface Ethernet1\n")[1].split("!")[0]
    assert "mtu 9214" in port and "allowed vlan 1,10,20,30" in port


def test_the_zone_script_and_runbook_carry_ceph_vxlan_and_the_exports() -> None:
    files = user_outputs()
    script = files["deploy-zone.cmk.sh"]
    assert "rbd://acs:${CEPH_ACS_KEY}@172.16.20.11,172.16.20.12,172.16.20.13:6789/acs" in script
    assert "isolationmethods=VXLAN" in script and "vlan=1000-1999" in script
    runbook = files["runbook.md"]
    assert "VXLAN underlay of the KVM hosts of c1" in runbook and "239.x.y.z" in runbook
    assert "dnf install -y ceph-common libvirt-daemon-driver-storage-rbd qemu-kvm-block-rbd" in runbook
    assert "/srv/nfs/secondary 172.16.0.0/24(rw,async,no_root_squash,no_subtree_check) " \
           "ms1(rw,async,no_root_squash,no_subtree_check)" in runbook


def test_the_order_of_monitors_and_exports_changes_nothing() -> None:
    data = yaml.safe_load(USER.read_text("utf-8"))
    data["ceph_clusters"][0]["monitors"].reverse()
    data["storage_servers"][0]["exports"][0]["clients"].reverse()
    shuffled = outputs(yaml.safe_dump(data, sort_keys=False))
    original = user_outputs()
    for path in ("deploy-zone.cmk.sh", "runbook.md", "runbook-cloud.md", "runbook-storage.md", "ip-plan.csv"):
        assert shuffled[path] == original[path], path


@pytest.mark.parametrize("path", [*EXAMPLES, USER], ids=lambda p: p.stem)
def test_no_new_rule_fires_on_a_valid_design(path: Path) -> None:
    """Zero false positives: the field rules are silent on every example and on the user's design."""
    found = [f.text() for f in run(path).findings if f.rule in NEW_RULES]
    assert found == []


def test_the_ceph_monitors_are_in_the_address_plan() -> None:
    plan = user_outputs()["ip-plan.csv"]
    for name, address in (("mon-a", "172.16.20.11"), ("mon-b", "172.16.20.12"), ("mon-c", "172.16.20.13")):
        assert any(name in line and address in line for line in plan.splitlines()), name
