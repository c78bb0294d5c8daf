"""Zone kinds the example designs do not cover, made from small-scale.yaml: advanced with security
groups, zone-wide primary storage, VMware, and a zone-wide pool for XenServer that must be refused."""

from __future__ import annotations

import json
from pathlib import Path

from generator.deployment import Deployment
from generator.export import zone_export
from generator.export.api_check import check_calls
from generator.pipeline import run
from tests.conftest import DESIGNS

BASE = (DESIGNS / "small-scale.yaml").read_text("utf-8")
CLUSTER_POOL = ("                primary_storage:\n                  - {name: lab-primary1, protocol: nfs, "
                "server: lab-nfs1, path: /export/primary, size: 4TB}\n")


def variant(tmp_path: Path, *edits: tuple[str, str]) -> Deployment:
    text = BASE
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "variant.yaml"
    path.write_text(text, "utf-8")
    return run(path)


def advanced_sg(tmp_path: Path) -> Deployment:
    return variant(
        tmp_path,
        ("        guest_network_kinds: [isolated, vpc]\n        guest_cidr: 10.1.0.0/16\n",
         "        security_groups: true\n        guest_network_kinds: [shared]\n"),
        ("              - type: public\n                labels: {kvm: cloudbr1}\n", ""),
        ("        public_ranges:\n          - {network: lab-public, range: 192.168.100.10-192.168.100.99}\n",
         "        shared_networks:\n"
         "          - {name: lab-shared, network: lab-public, range: 192.168.100.10-192.168.100.99}\n"),
        # Shared networks with security groups have no source-NAT routers (ZONE-SG-ISOLATED).
        ("        planned_routers: 20\n", "        planned_routers: 0\n"),
    )


def test_advanced_zone_with_security_groups(tmp_path: Path) -> None:
    d = advanced_sg(tmp_path)
    assert d.valid, [f.text() for f in d.findings]
    result = zone_export(d)
    assert check_calls(result.calls) == []
    create = next(c for c in result.calls if c.api == "createZone")
    assert create.text("securitygroupenabled") == "true" and create.get("guestcidraddress") is None
    apis = [c.api for c in result.calls]
    assert apis.index("createNetwork") < apis.index("createPod")
    assert not any(c.api == "createVlanIpRange" and c.text("forvirtualnetwork") == "true" for c in result.calls)
    network = next(c for c in result.calls if c.api == "createNetwork")
    assert (network.text("startip"), network.text("vlan")) == ("192.168.100.10", "100")
    zone = json.loads(result.marvin_text())["zones"][0]
    assert zone["securitygroupenabled"] == "true" and "guestcidraddress" not in zone
    assert zone["ipranges"] == [{"startip": "192.168.100.10", "endip": "192.168.100.99", "gateway": "192.168.100.1",
                                 "netmask": "255.255.255.0", "vlan": "100"}]


def test_zone_wide_primary_storage(tmp_path: Path) -> None:
    d = variant(tmp_path, (CLUSTER_POOL, ""), (
        "        secondary_storage:",
        "        primary_storage:\n          - {name: lab-zone1, protocol: nfs, server: lab-nfs1, path: /export/zone1, "
        "size: 4TB, hypervisor: kvm}\n        secondary_storage:"))
    assert d.valid, [f.text() for f in d.findings]
    result = zone_export(d)
    assert check_calls(result.calls) == []
    pool = next(c for c in result.calls if c.api == "createStoragePool")
    assert (pool.text("scope"), pool.text("hypervisor"), pool.get("clusterid")) == ("zone", "KVM", None)
    apis = [c.api for c in result.calls]
    assert apis.index("addHost") < apis.index("createStoragePool") < apis.index("addImageStore")
    # The pool is mounted on the zone's Up hosts as it is created: the script waits for them first.
    wait = next(i for i, c in enumerate(result.calls) if c.wait_count is not None)
    assert (result.calls[wait].wait_count, apis.index("addHost") < wait < apis.index("createStoragePool")) == (4, True)


def test_vmware_cluster_comes_from_vcenter(tmp_path: Path) -> None:
    d = variant(
        tmp_path,
        ("    hypervisor: kvm\n    os: ubuntu-24.04", "    hypervisor: vmware\n    os: esxi-8"),
        ("                hypervisor: kvm\n                profile: kvm-small",
         "                hypervisor: vmware\n                profile: kvm-small\n"
         "                vcenter: {address: 10.10.0.5, datacenter: lab-dc}"),
        ("labels: {kvm: cloudbr0}", "labels: {vmware: vSwitch0}"),
        ("labels: {kvm: cloudbr1}", "labels: {vmware: vSwitch1}"),
        # ESXi names its uplinks vmnicN (VMWARE-NIC-NAMES).
        ("{name: eno1, speed: 10G}", "{name: vmnic0, speed: 10G}"), ("interface: eno1", "interface: vmnic0"),
        ("{name: eno2, speed: 10G}", "{name: vmnic1, speed: 10G}"), ("interface: eno2", "interface: vmnic1"),
    )
    assert d.valid, [f.text() for f in d.findings]
    result = zone_export(d)
    assert check_calls(result.calls) == []
    apis = [c.api for c in result.calls]
    assert "addHost" not in apis and apis.index("addVmwareDc") < apis.index("addCluster")
    # vCenter's hosts come with the cluster; the pool is created once they are Up.
    wait = next(i for i, c in enumerate(result.calls) if c.wait_count is not None)
    assert result.calls[wait].wait_count == 4
    assert apis.index("addCluster") < wait < apis.index("createStoragePool")
    cluster = next(c for c in result.calls if c.api == "addCluster")
    assert (cluster.text("clustertype"), cluster.text("url")) == ("ExternalManaged", "http://10.10.0.5/lab-dc/lab-c01")
    assert sorted(result.spec.secrets()) == ["VCENTER_PASSWORD", "VCENTER_USER"]
    pod = json.loads(result.marvin_text())["zones"][0]["pods"][0]
    assert pod["vmwaredc"]["password"] == "${VCENTER_PASSWORD}"


def test_zone_wide_pool_for_xenserver_is_an_error(tmp_path: Path) -> None:
    d = variant(
        tmp_path,
        ("    hypervisor: kvm\n    os: ubuntu-24.04", "    hypervisor: xenserver\n    os: xcp-ng-8"),
        ("                hypervisor: kvm\n", "                hypervisor: xenserver\n"),
        ("labels: {kvm: cloudbr0}", "labels: {xenserver: cloud-private}"),
        ("labels: {kvm: cloudbr1}", "labels: {xenserver: cloud-guest}"),
        (CLUSTER_POOL, ""),
        ("        secondary_storage:",
         "        primary_storage:\n          - {name: lab-zone1, protocol: nfs, server: lab-nfs1, path: /export/z1, "
         "size: 4TB, hypervisor: xenserver}\n        secondary_storage:"),
    )
    errors = [f for f in d.findings if f.severity.value == "error"]
    assert errors and all(f.line > 0 for f in errors)
    assert any("zone-wide" in f.message.lower() for f in errors), [f.text() for f in errors]



def test_networks_untagged_at_the_hosts_are_not_tagged_by_cloudstack(tmp_path: Path) -> None:
    """'untagged: true': the switch port puts the network in its VLAN, so CloudStack must send it
    untagged: the public range says vlan=untagged and the storage range has no vlan."""
    d = variant(
        tmp_path,
        ("    gateway: 10.10.0.1\n    site: lab\n", "    gateway: 10.10.0.1\n    vlan: 10\n    site: lab\n"),
        ("    vlan: 100\n    site: lab\n", "    vlan: 100\n    untagged: true\n    site: lab\n"),
        ("  lab-public:\n", "  lab-storage:\n    cidr: 10.10.8.0/24\n    gateway: 10.10.8.1\n    vlan: 130\n"
         "    untagged: true\n    site: lab\n  lab-public:\n"),
        ("              - type: management\n                labels: {kvm: cloudbr0}\n",
         "              - type: management\n                labels: {kvm: cloudbr0}\n"
         "              - type: storage\n                labels: {kvm: cloudbr2}\n"),
        ("              system_range: 10.10.0.200-10.10.0.229\n",
         "              system_range: 10.10.0.200-10.10.0.229\n"
         "            storage: {network: lab-storage, range: 10.10.8.100-10.10.8.120}\n"),
    )
    assert d.valid, [f.text() for f in d.findings if f.severity.value == "error"]
    result = zone_export(d)
    assert check_calls(result.calls) == []
    public = next(c for c in result.calls if c.api == "createVlanIpRange")
    assert public.text("vlan") == "untagged"
    storage = next(c for c in result.calls if c.api == "createStorageNetworkIpRange")
    assert storage.get("vlan") is None
    rows = {r.peer_interface: r for r in d.port_plan.of_host("lab-kvm01")}
    assert (rows["eno1"].native_vlan, rows["eno2"].native_vlan) == (130, 100)
