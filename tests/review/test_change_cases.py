"""`stackplan change` on a second design, as a reviewer meets changes to it: shared guest networks,
physical networks, zone settings, storage-network ranges, a whole zone removed, and the Juniper
``delete`` lines beside the NX-OS ``no`` lines.

OLD is tests/review/change/harbor.yaml (two zones: hbr-z1 on a Junos switch with a storage network
and a shared network, hbr-z2 on an NX-OS switch). Each case changes one thing of it the way a pull
request would. Every case that CloudStack can apply passes the API check, and its script, run against
the stand-in cmk from the state OLD's zone script left, makes exactly the change once; the cases
CloudStack cannot apply on a live zone are refused at the design line that asks for them. Reordering
every list of either version changes neither the diff nor the change.
"""

from __future__ import annotations

import copy
import random
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.deployment import Deployment
from generator.export import zone_export
from generator.export.api_check import check_calls
from generator.export.calls import call
from generator.pipeline import run_text
from generator.review import compare, render_markdown
from generator.review.change import REFUSED_RULE, Action, ChangePlan, How, plan_change
from generator.review.change_render import render_change_markdown, render_change_script
from generator.review.switch_diff import _set_change
from tests.conftest import ROOT, check_golden
from tests.core.shuffle import shuffled
from tests.export.test_script_run import needs_bash_and_jq, run_script

# One worker runs this file (scripts/test.sh spreads tests with --dist loadgroup): OLD's zone script, the
# state every script run starts from, then runs once, not once per worker.
pytestmark = pytest.mark.xdist_group("review-harbor")

HERE = Path(__file__).parent / "change"
OLD = HERE / "harbor.yaml"
NAME = "tests/review/change/harbor.yaml"
GOLDEN = HERE / "golden"
Data = dict[str, Any]


def _data() -> Data:
    data: Data = yaml.safe_load(OLD.read_text())
    return data


def _z(data: Data, i: int) -> Data:
    zone: Data = data["regions"][0]["zones"][i]
    return zone


def _drop_network(data: Data, name: str) -> None:
    del data["networks"][name]
    fw = data["firewalls"][0]
    fw["interfaces"] = [i for i in fw["interfaces"] if i["network"] != name]


# --- the changes, as a pull request makes them -------------------------------------------------------

def add_shared(data: Data) -> None:
    """A DMZ for the tenants: a new subnet on VLAN 230, handed to guests as a shared network."""
    data["networks"]["hbr-dmz"] = {"cidr": "10.63.0.0/24", "gateway": "10.63.0.1", "vlan": 230, "site": "hbr"}
    data["firewalls"][0]["interfaces"].append({"network": "hbr-dmz", "address": "10.63.0.1"})
    _z(data, 0)["shared_networks"].append({"name": "hbr-shared-dmz", "network": "hbr-dmz",
                                           "range": "10.63.0.100-10.63.0.150"})


def remove_shared(data: Data) -> None:
    """Both zones' shared networks retire with their subnets: Junos and NX-OS lose VLANs 210 and 211."""
    _z(data, 0)["shared_networks"] = []
    _z(data, 1)["shared_networks"] = []
    _drop_network(data, "hbr-lan")
    _drop_network(data, "hbr-lan2")


def grow_shared(data: Data) -> None:
    _z(data, 0)["shared_networks"][0]["range"] = "10.61.0.100-10.61.0.249"


def retag(data: Data) -> None:
    _z(data, 0)["physical_networks"][1]["tags"] = ["hbr-guest-gold"]


def new_pnet(data: Data) -> None:
    """A second guest physical network for a 'silver' offering: its own tag and VLAN range."""
    _z(data, 0)["physical_networks"].append({
        "name": "hbr-pnet-silver", "interface": "eno2", "tags": ["hbr-silver"],
        "traffic": [{"type": "guest", "labels": {"kvm": "cloudbr1"}}], "guest_vlans": ["900-949"]})


def relabel(data: Data) -> None:
    for traffic in _z(data, 0)["physical_networks"][1]["traffic"]:
        traffic["labels"] = {"kvm": "cloudbr9"}


def zone_dns(data: Data) -> None:
    zone = _z(data, 0)
    zone["dns"]["public"] = ["9.9.9.9", "149.112.112.112"]
    zone["domain"] = "z1.harbour.example.net"


def storage_range(data: Data) -> None:
    _z(data, 0)["pods"][0]["storage"]["range"] = "10.60.8.100-10.60.8.159"


def pool_tags(data: Data) -> None:
    _z(data, 0)["pods"][0]["clusters"][0]["primary_storage"][0]["tags"] = ["ssd"]


def remove_host(data: Data) -> None:
    cluster = _z(data, 0)["pods"][0]["clusters"][0]
    cluster["hosts"][0]["count"] = 2
    cluster["planned_vms"] = 40


def remove_zone(data: Data) -> None:
    """Zone hbr-z2 is given up, with its switch and its subnets."""
    data["regions"][0]["zones"] = [_z(data, 0)]
    data["switches"] = [s for s in data["switches"] if s["name"] != "hbr-sw2"]
    for name in ("hbr-mgmt2", "hbr-public2", "hbr-lan2"):
        _drop_network(data, name)


CASES: dict[str, Callable[[Data], None]] = {
    "add-shared": add_shared, "remove-shared": remove_shared, "grow-shared": grow_shared, "retag": retag,
    "new-pnet": new_pnet, "relabel": relabel, "zone-dns": zone_dns, "storage-range": storage_range,
    "pool-tags": pool_tags, "remove-host": remove_host, "remove-zone": remove_zone,
}
cases = pytest.mark.parametrize("case", sorted(CASES))


# --- changes CloudStack cannot make on a live zone -------------------------------------------------------

def vxlan(data: Data) -> None:
    """The guest physical network moves to VXLAN (with the underlay it needs): valid as a new design."""
    guest = _z(data, 0)["physical_networks"][1]
    guest.update(isolation="VXLAN", mtu=9000, guest_vnis=["5000-5099"])
    del guest["guest_vlans"]
    data["networks"]["hbr-vtep"] = {"cidr": "10.60.9.0/24", "vlan": 240, "site": "hbr", "mtu": 9000, "untagged": True}
    _z(data, 0)["pods"][0]["vtep_network"] = "hbr-vtep"


def shared_vlan(data: Data) -> None:
    data["networks"]["hbr-lan"]["vlan"] = 212


def storage_moves(data: Data) -> None:
    pnets = _z(data, 0)["physical_networks"]
    pnets[0]["traffic"] = [t for t in pnets[0]["traffic"] if t["type"] != "storage"]
    pnets[1]["traffic"].append({"type": "storage", "labels": {"kvm": "cloudbr1"}})


def pool_moves(data: Data) -> None:
    _z(data, 0)["pods"][0]["clusters"][0]["primary_storage"][0]["path"] = "/export/c1-new"


def store_moves(data: Data) -> None:
    _z(data, 1)["secondary_storage"][0]["path"] = "/export/z2-secondary-new"


def xen_cluster(data: Data) -> None:
    """Zone hbr-z2's cluster is rebuilt on XCP-ng under the same name (a profile and Xen network labels of its own)."""
    data["host_profiles"]["hbr-xen"] = {
        **data["host_profiles"]["hbr-kvm"], "hypervisor": "xenserver", "os": "xcp-ng-8",
        "host_switches": [{"name": "cloud-private", "kind": "xen-network", "uplink": "eno1"},
                          {"name": "cloud-guest", "kind": "xen-network", "uplink": "eno2"}]}
    zone = _z(data, 1)
    zone["pods"][0]["clusters"][0].update(hypervisor="xenserver", profile="hbr-xen")
    for pnet in zone["physical_networks"]:
        for traffic in pnet["traffic"]:
            traffic["labels"]["xenserver"] = "cloud-private" if traffic["type"] == "management" else "cloud-guest"


def _walk(node: object, key: str) -> Iterator[Data]:
    """Every mapping under ``node`` that has ``key``."""
    if isinstance(node, dict):
        if key in node:
            yield node
        for value in list(node.values()):
            yield from _walk(value, key)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value, key)


def security_groups(data: Data) -> None:
    """Zone hbr-z2 turns security groups on, with what that asks of it (shared networks only, no routers, no
    public ranges): a valid design, but not a change a live zone can take."""
    zone = _z(data, 1)
    zone.update(security_groups=True, guest_network_kinds=["shared"])
    for holder in list(_walk(zone, "planned_routers")):
        holder["planned_routers"] = 0
    for holder in list(_walk(zone, "public_ranges")):
        del holder["public_ranges"]


REFUSED: dict[str, tuple[Callable[[Data], None], str, list[str]]] = {
    # case: (change, the design text at the line refused, what the message says)
    "vxlan": (vxlan, "isolation: VXLAN", ["physical network hbr-pnet-guest of zone hbr-z1: isolation method VLAN → "
                                          "VXLAN cannot change on a live zone", "also carries public traffic"]),
    "shared-vlan": (shared_vlan, "network: hbr-lan", ["shared network hbr-shared-lan of zone hbr-z1: its VLAN "
                                                             "(210 → 212) cannot change in place"]),
    "pool-moves": (pool_moves, "path: /export/c1-new", ["primary storage hbr-c1-primary of zone hbr-z1: its URL "
                                                          "changed"]),
    "store-moves": (store_moves, "path: /export/z2-secondary-new", ["image store hbr-z2-secondary of zone hbr-z2: "
                                                                    "its location changed"]),
    "xen-cluster": (xen_cluster, "hypervisor: xenserver", ["cluster hbr-z2-c1 of pod hbr-z2-p1: its hypervisor "
                                                           "(KVM → XenServer) cannot change"]),
    "storage-moves": (storage_moves, "- type: management", ["traffic Storage would move on a live zone"]),
    "security-groups": (security_groups, "security_groups: true", ["zone hbr-z2: its security groups cannot change "
                                                                   "on a live zone (false → true)",
                                                                   "its offering (DefaultSharedNetworkOffering → "
                                                                   "DefaultSharedNetworkOfferingWithSGService)"]),
}


def _text(change: Callable[[Data], None], rng: random.Random | None = None) -> str:
    data = _data()
    change(data)
    if rng is not None:
        data = shuffled(copy.deepcopy(data), rng)
    return yaml.safe_dump(data, sort_keys=False)


@cache
def _old() -> Deployment:
    d = run_text(OLD.read_text(), NAME)
    assert d.valid, [f.text() for f in d.findings]
    return d


@cache
def _new(case: str) -> Deployment:
    change = CASES[case] if case in CASES else REFUSED[case][0]
    d = run_text(_text(change), NAME)
    assert d.valid, [f.text() for f in d.findings if f.severity.value == "error"]
    return d


@cache
def _plan(case: str) -> ChangePlan:
    return plan_change(_old(), _new(case))


def _whats(plan: ChangePlan) -> list[tuple[str, str]]:
    return [(s.action.value, s.what) for s in plan.steps]


# --- what each change does ------------------------------------------------------------------------------

STEPS: dict[str, list[tuple[str, str]]] = {
    "add-shared": [("add", "shared guest network hbr-shared-dmz (10.63.0.100-10.63.0.150, VLAN 230)")],
    "remove-shared": [("remove", "shared guest network hbr-shared-lan"),
                      ("remove", "shared guest network hbr-z2-shared")],
    "grow-shared": [("change", "address range of shared network hbr-shared-lan: 10.61.0.100-10.61.0.199 → "
                               "10.61.0.100-10.61.0.249")],
    "retag": [("change", "tags of physical network hbr-pnet-guest: hbr-guest → hbr-guest-gold")],
    "new-pnet": [("add", "guest physical network hbr-pnet-silver (tag hbr-silver)")],
    "relabel": [("change", "guest traffic labels of physical network hbr-pnet-guest: kvm cloudbr1 → kvm cloudbr9"),
                ("change", "public traffic labels of physical network hbr-pnet-guest: kvm cloudbr1 → kvm cloudbr9")],
    "zone-dns": [("change", "zone hbr-z1: dns2 none → 149.112.112.112, domain z1.harbor.example.net → "
                            "z1.harbour.example.net")],
    "storage-range": [("change", "storage-network range of pod hbr-p1: 10.60.8.100-10.60.8.139 → "
                                 "10.60.8.100-10.60.8.159")],
    "pool-tags": [("change", "tags of primary storage hbr-c1-primary: none → ssd")],
    "remove-host": [("remove", "host hbr-c1-kvm3 (10.60.1.23) of cluster hbr-c1")],
    # CloudStack's order: hosts (their cluster's pools first, while the hosts are Up) → clusters → pods →
    # storage → networks → the zone (checkIfZoneIsDeletable: no host, pod, physical network or image store)
    "remove-zone": [("remove", "zone hbr-z2: disable it"),
                    ("remove", "primary storage hbr-z2-primary of cluster hbr-z2-c1"),
                    ("remove", "host hbr-z2-kvm1 (10.60.2.11) of cluster hbr-z2-c1"),
                    ("remove", "host hbr-z2-kvm2 (10.60.2.12) of cluster hbr-z2-c1"),
                    ("remove", "cluster hbr-z2-c1 of pod hbr-z2-p1 (empty now)"),
                    ("remove", "pod hbr-z2-p1 (empty now)"),
                    ("remove", "primary storage hbr-z2-wide (zone-wide)"),
                    ("remove", "image store hbr-z2-secondary"),
                    ("remove", "address range 203.0.113.10-203.0.113.99 on hbr-public2"),
                    ("remove", "shared guest network hbr-z2-shared"),
                    ("remove", "physical network hbr-z2-pnet-guest (guest, public)"),
                    ("remove", "physical network hbr-z2-pnet-mgmt (management)"),
                    ("remove", "zone hbr-z2 (empty now)")],
}


@cases
def test_each_change_gives_its_steps_and_passes_the_api_check(case: str) -> None:
    plan = _plan(case)
    assert _whats(plan) == STEPS[case]
    assert plan.problems == () and plan.refused == ()


def test_a_new_shared_network_is_created_with_its_offering_vlan_gateway_and_range() -> None:
    (step,) = _plan("add-shared").steps
    assert [(op.how, op.call.api) for op in step.finds] == [
        (How.FIND, "listZones"), (How.CALL, "listNetworkOfferings"), (How.FIND, "listPhysicalNetworks")]
    assert step.finds[1].call.text("name") == "DefaultSharedNetworkOffering"
    create = step.ops[0].call
    assert create.api == "createNetwork" and create.lookup is not None and create.lookup.api == "listNetworks"
    assert {k: v.literal for k, v in create.params} == {
        "zoneid": None, "name": "hbr-shared-dmz", "displaytext": "hbr-shared-dmz", "networkofferingid": None,
        "physicalnetworkid": None, "gateway": "10.63.0.1", "netmask": "255.255.255.0", "startip": "10.63.0.100",
        "endip": "10.63.0.150", "vlan": "230"}
    assert [(k, v.refs) for k, v in create.params if v.refs] == [
        ("zoneid", ["Z_HBR_Z1_ID"]), ("networkofferingid", ["OFFERING_DEFAULTSHAREDNETWORKOFFERING_39FCD8_ID"]),
        ("physicalnetworkid", ["Z_HBR_Z1_PNET_HBR_PNET_GUEST_ID"])]
    # the VLAN reaches the host trunks and the firewall uplink before CloudStack uses it
    (sw,) = _plan("add-shared").switches
    assert sw.add == ("set vlans hbr-dmz vlan-id 230",
                      *(f"set interfaces {p} unit 0 family ethernet-switching vlan members 230"
                        for p in ("xe-0/0/1", "xe-0/0/3", "xe-0/0/5", "et-0/0/48")))
    assert sw.remove == ()


def test_physical_network_changes_use_the_calls_cloudstack_allows_on_a_live_zone() -> None:
    (tag,) = _plan("retag").steps
    (op,) = tag.ops
    assert (op.how, op.call.api, op.call.text("tags")) == (How.UPDATE, "updatePhysicalNetwork", "hbr-guest-gold")
    assert "allows this on a live zone" in tag.note
    guest, public = _plan("relabel").steps
    assert [(op.call.api, op.call.text("kvmnetworklabel"), op.key) for op in guest.ops] == [
        ("updateTrafficType", "cloudbr9", ("traffictype", "Guest"))]
    assert public.ops[0].key == ("traffictype", "Public")
    (new,) = _plan("new-pnet").steps
    apis = [op.call.api for op in new.ops]
    assert apis[:2] == ["createPhysicalNetwork", "addTrafficType"] and apis[-2:] == ["updatePhysicalNetwork",
                                                                                     "listPhysicalNetworks"]
    assert new.ops[0].call.text("tags") == "hbr-silver" and new.ops[-2].call.text("vlan") == "900-949"


def test_changed_host_configurations_are_applied_in_maintenance_mode() -> None:
    plan = _plan("relabel")
    assert [(h.path, h.status) for h in plan.host_configs] == [
        (f"hosts/hbr-c1-kvm{i}.yaml", "changed") for i in (1, 2, 3)]
    assert "cloudbr9" in plan.host_configs[0].text
    lines = [x for x in render_change_markdown(plan).splitlines() if x.startswith("- [ ] `hosts/")]
    assert lines == [f"- [ ] `hosts/hbr-c1-kvm{i}.yaml` (changed) applied on its host while it is in maintenance mode "
                     "(`prepareHostForMaintenance`, apply, `cancelHostMaintenance`)" for i in (1, 2, 3)]


def test_a_guest_physical_network_that_leaves_is_deleted_after_its_networks() -> None:
    """The reverse of new-pnet: the 'silver' guest physical network is given up."""
    plan = plan_change(_new("new-pnet"), _old())
    assert plan.problems == () and plan.refused == ()
    (step,) = plan.steps
    assert (step.action, step.what, step.guard) == (Action.remove, "physical network hbr-pnet-silver (guest)",
                                                    "Z_HBR_Z1_PNET_HBR_PNET_SILVER_ID")
    assert [(op.how, op.call.api) for op in step.ops] == [(How.RUN, "deletePhysicalNetwork"),
                                                          (How.GONE, "listPhysicalNetworks")]
    assert "delete its guest networks first" in step.note


def test_a_shared_network_stays_on_its_physical_network_when_a_guest_one_is_added_before_it() -> None:
    """'hbr-pnet-aaa' sorts before hbr-pnet-guest, where a fresh zone script would put new shared networks; the
    shared network made already stays where it is, so the change only adds the physical network."""
    def aaa(data: Data) -> None:
        new_pnet(data)
        _z(data, 0)["physical_networks"][-1].update(name="hbr-pnet-aaa", tags=["hbr-aaa"])
    plan = plan_change(_old(), run_text(_text(aaa), NAME))
    assert plan.refused == () and _whats(plan) == [("add", "guest physical network hbr-pnet-aaa (tag hbr-aaa)")]


def test_what_cmk_cannot_send_becomes_a_manual_step() -> None:
    """An empty value is never sent (cmk leaves it out): a tag or a second DNS server removed is cleared by hand."""
    def untag(data: Data) -> None:
        del _z(data, 0)["physical_networks"][1]["tags"]
        _z(data, 1)["dns"]["internal"] = ["10.60.2.1"]
    data = _data()
    _z(data, 1)["dns"]["internal"] = ["10.60.2.1", "10.60.1.1"]
    old = run_text(yaml.safe_dump(data, sort_keys=False), NAME)
    plan = plan_change(old, run_text(_text(untag), NAME))
    assert plan.problems == () and plan.refused == ()
    assert [(s.action, s.what, s.ops) for s in plan.steps] == [
        (Action.manual, "tags of physical network hbr-pnet-guest: hbr-guest → none", ()),
        (Action.manual, "zone hbr-z2: internaldns2 10.60.1.1 → none", ())]
    assert "clear the tag in the UI" in plan.steps[0].note and "clear it in the UI" in plan.steps[1].note
    script = render_change_script(plan)
    assert "printf 'manual step: %s (%s)\\n' 'tags of physical network hbr-pnet-guest: hbr-guest → none'" in script


def test_zone_and_range_updates_send_only_what_changed() -> None:
    (zone,) = _plan("zone-dns").steps
    assert [(k, v.literal) for k, v in zone.ops[0].call.params][1:] == [
        ("dns2", "149.112.112.112"), ("domain", "z1.harbour.example.net")]
    (storage,) = _plan("storage-range").steps
    assert [(k, v.literal) for k, v in storage.ops[0].call.params][1:] == [
        ("endip", "10.60.8.159"), ("netmask", "255.255.255.0"), ("vlan", "220")]
    (shared,) = _plan("grow-shared").steps
    assert shared.ops[0].call.api == "updateVlanIpRange" and shared.ops[0].call.text("endip") == "10.61.0.249"
    assert [op.call.api for op in shared.finds] == ["listZones", "listNetworks", "listVlanIpRanges"]


# --- refused --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", sorted(REFUSED))
def test_what_cloudstack_cannot_change_on_a_live_zone_is_refused_at_its_line(case: str, tmp_path: Path) -> None:
    _, at, words = REFUSED[case]
    plan = _plan(case)
    assert plan.refused and all(f.rule == REFUSED_RULE for f in plan.refused)
    new = tmp_path / "harbor.yaml"
    text = _text(REFUSED[case][0])
    new.write_text(text)
    result = CliRunner().invoke(main, ["change", str(OLD), str(new), "--format", "cmk"])
    assert result.exit_code == 1 and result.stdout == ""
    lines = [x for x in result.stderr.splitlines() if f"error {REFUSED_RULE}:" in x]
    assert lines and all(x.startswith(f"{new}:") and " Fix: " in x for x in lines)
    for word in words:
        assert any(word in x for x in lines), (word, lines)
    at_lines = [text.splitlines()[int(x.split(":")[1]) - 1] for x in lines]
    assert any(at in x for x in at_lines), (at, at_lines)  # the line the reviewer has to change
    chapter = render_change_markdown(plan)  # the chapter names them too, first
    assert "## Refused" in chapter and chapter.index("## Refused") < chapter.index("## Before you start")


# --- reordering -----------------------------------------------------------------------------------------

@cache
def _old_shuffled() -> Deployment:
    return run_text(yaml.safe_dump(shuffled(_data(), random.Random("harbor")), sort_keys=False), NAME)


@cases
def test_reordering_either_version_changes_neither_diff_nor_change(case: str) -> None:
    old = _old_shuffled()
    new = run_text(_text(CASES[case], random.Random(f"harbor-{case}")), NAME)
    plan, other = _plan(case), plan_change(old, new)
    assert render_change_script(other) == render_change_script(plan)
    assert render_change_markdown(other) == render_change_markdown(plan)
    assert render_markdown([compare(old, new)]) == render_markdown([compare(_old(), _new(case))])


def test_a_pure_reorder_is_no_diff_and_no_change() -> None:
    for seed in range(3):
        text = yaml.safe_dump(shuffled(_data(), random.Random(seed)), sort_keys=False)
        assert text != OLD.read_text()
        new = run_text(text, NAME)
        assert not compare(_old(), new)
        assert not plan_change(_old(), new)


# --- the scripts, run ---------------------------------------------------------------------------------

CHANGES = ("create", "add", "delete", "update", "prepareHostForMaintenance", "enableStorageMaintenance")
EXPECTED = {
    "add-shared": ["createNetwork"],
    "remove-shared": ["deleteNetwork", "deleteNetwork"],
    "grow-shared": ["updateVlanIpRange"],
    "retag": ["updatePhysicalNetwork"],
    "new-pnet": ["createPhysicalNetwork", "addTrafficType", "updateNetworkServiceProvider",
                 "updateNetworkServiceProvider", "updatePhysicalNetwork"],
    "relabel": ["updateTrafficType", "updateTrafficType"],
    "zone-dns": ["updateZone"],
    "storage-range": ["updateStorageNetworkIpRange"],
    "pool-tags": ["updateStoragePool"],
    "remove-host": ["prepareHostForMaintenance", "deleteHost"],
    "remove-zone": ["updateZone", "enableStorageMaintenance", "deleteStoragePool", "prepareHostForMaintenance",
                    "deleteHost", "prepareHostForMaintenance", "deleteHost", "deleteCluster", "deletePod",
                    "enableStorageMaintenance", "deleteStoragePool", "deleteImageStore", "deleteVlanIpRange",
                    "deleteNetwork", "deletePhysicalNetwork", "deletePhysicalNetwork", "deleteZone"],
}
# What a second run sends again: a new physical network's providers are enabled again, as the zone script
# does (state=Enabled on an enabled provider changes nothing); everything else is found as it should be.
AGAIN = {"new-pnet": ["updateNetworkServiceProvider", "updateNetworkServiceProvider"]}
_DEPLOYED: dict[str, str] = {}


def _deployed(tmp_path: Path) -> Path:
    """The stand-in cloud as OLD's zone script leaves it (run once per session)."""
    state = tmp_path / "cloud.jsonl"
    if "state" not in _DEPLOYED:
        old = _old()
        result = zone_export(old)
        done, _ = run_script(result.script(old.title, old.loaded.path), tmp_path, result.spec.secrets(), 3, state)
        assert done.returncode == 0, done.stderr[-2000:]
        _DEPLOYED["state"] = state.read_text("utf-8")
        _DEPLOYED["count"] = Path(f"{state}.count").read_text("utf-8")
    state.write_text(_DEPLOYED["state"], "utf-8")
    Path(f"{state}.count").write_text(_DEPLOYED["count"], "utf-8")
    return state


@needs_bash_and_jq
@cases
def test_the_script_makes_the_change_once(case: str, tmp_path: Path) -> None:
    plan = _plan(case)
    state = _deployed(tmp_path)
    script = render_change_script(plan)
    first, calls = run_script(script, tmp_path, list(plan.secrets), 3, state)
    assert first.returncode == 0, first.stderr[-3000:]
    assert [c[0] for c in calls if c[0].startswith(CHANGES)] == EXPECTED[case]
    again, calls = run_script(script, tmp_path, list(plan.secrets), 3, state)
    assert again.returncode == 0, again.stderr[-3000:]
    assert [c[0] for c in calls if c[0].startswith(CHANGES)] == AGAIN.get(case, []), "a second run changed the cloud"


@needs_bash_and_jq
@cases
def test_on_a_cloud_old_did_not_build_the_script_changes_nothing(case: str, tmp_path: Path) -> None:
    """From an empty cloud: a change that needs OLD's objects stops at the first one it cannot find; a change that
    only removes finds everything gone already."""
    plan = _plan(case)
    done, calls = run_script(render_change_script(plan), tmp_path, list(plan.secrets), 3, tmp_path / "empty.jsonl")
    assert [c[0] for c in calls if c[0].startswith(CHANGES)] == []
    if all(s.action is Action.remove for s in plan.steps):
        assert done.returncode == 0 and done.stderr.count(": gone already") == len(plan.steps)
    else:
        assert done.returncode != 0 and "listZones finds no name hbr-z" in done.stderr
        assert "is the old design deployed?" in done.stderr


@pytest.mark.skipif(shutil.which("shellcheck") is None,
                    reason="shellcheck is not installed (apt-get install shellcheck)")
@cases
def test_the_script_passes_shellcheck(case: str) -> None:
    done = subprocess.run(["shellcheck", "--shell=bash", "--severity=style", "-"],
                          input=render_change_script(_plan(case)), text=True, capture_output=True, check=False)
    assert done.returncode == 0, done.stdout


@needs_bash_and_jq
def test_the_new_shared_network_reaches_cmk_with_its_exact_words(tmp_path: Path) -> None:
    plan = _plan("add-shared")
    done, calls = run_script(render_change_script(plan), tmp_path, [], 3, _deployed(tmp_path))
    assert done.returncode == 0, done.stderr[-2000:]
    (create,) = [c for c in calls if c[0] == "createNetwork"]
    offering = next(c for c in calls if c[0] == "listNetworkOfferings")
    assert offering == ["listNetworkOfferings", "name=DefaultSharedNetworkOffering"]
    assert [w for w in create if not w.startswith(("zoneid=", "networkofferingid=", "physicalnetworkid="))] == [
        "createNetwork", "name=hbr-shared-dmz", "displaytext=hbr-shared-dmz", "gateway=10.63.0.1",
        "netmask=255.255.255.0", "startip=10.63.0.100", "endip=10.63.0.150", "vlan=230"]
    assert all(not w.endswith("=") for w in create)  # every id was found


def _s3(name: str, path: str) -> Data:
    return {"name": name, "protocol": "s3", "bucket": name, "endpoint": "http://10.60.1.40:9000",
            "staging": {"server": "hbr-nfs1", "path": path}}


def test_a_new_s3_store_comes_after_its_staging_store() -> None:
    """A cloud on object storage (every store S3: SECONDARY-MIXED-PROVIDERS) gains a second S3 store in hbr-z2."""
    data = _data()
    _z(data, 0)["secondary_storage"] = [_s3("hbr-z1-objects", "/staging1")]
    _z(data, 1)["secondary_storage"] = [_s3("hbr-z2-objects", "/staging2")]
    old = run_text(yaml.safe_dump(data, sort_keys=False), NAME)
    _z(data, 1)["secondary_storage"].append(_s3("hbr-z2-archive", "/staging3"))
    new = run_text(yaml.safe_dump(data, sort_keys=False), NAME)
    assert old.valid and new.valid, [f.text() for f in new.findings if f.severity.value == "error"]
    plan = plan_change(old, new)
    assert plan.problems == () and plan.secrets == ("S3_ACCESS_KEY", "S3_SECRET_KEY")
    (step,) = plan.steps
    staging, store, check = step.ops
    assert (staging.call.api, staging.call.text("url"), staging.call.text("provider")) == (
        "createSecondaryStagingStore", "nfs://10.60.1.6/staging3", "NFS")
    # a second run finds the staging store by its URL instead of making another
    assert staging.call.lookup is not None and (staging.call.lookup.api, staging.call.lookup.field) == (
        "listSecondaryStagingStores", "url")
    assert (store.call.api, store.call.text("provider"), check.call.api) == ("addImageStore", "S3", "listImageStores")
    without = replace(step, ops=(store, check))  # the API check knows S3 needs its staging store first
    assert [p.message for p in check_calls([c for op in without.ops for c in op.calls], order=False)] == [
        "addImageStore: an S3 store needs a staging store first (createSecondaryStagingStore)"]


# --- the API check catches a broken call --------------------------------------------------------------------

def test_the_api_check_knows_createnetwork_and_one_tag() -> None:
    good = call("createNetwork", {"zoneid": "z", "name": "n", "networkofferingid": "o", "gateway": "10.63.0.1",
                                  "netmask": "255.255.255.0", "startip": "10.63.0.100", "endip": "10.63.0.150",
                                  "vlan": "230"})
    assert check_calls([good], order=False) == []
    bad = call("createNetwork", {"zoneid": "z", "name": "n", "networkofferingid": "o", "netmask": "255.255.255.0",
                                 "startip": "10.64.0.100", "vlan": "5000"})
    assert [p.message for p in check_calls([bad], order=False)] == [
        "createNetwork: a network with an address range needs gateway",
        "createNetwork: vlan must be a VLAN id 1-4094 or 'untagged' (got '5000')"]
    outside = call("createNetwork", {"zoneid": "z", "name": "n", "networkofferingid": "o", "gateway": "10.63.0.1",
                                     "netmask": "255.255.255.0", "startip": "10.64.0.100"})
    assert [p.message for p in check_calls([outside], order=False)] == [
        "createNetwork: startip 10.64.0.100 is outside 10.63.0.0/24"]
    tags = call("updatePhysicalNetwork", {"id": "p", "tags": "a,b"})
    assert [p.message for p in check_calls([tags], order=False)] == [
        "updatePhysicalNetwork: CloudStack takes one tag per physical network"]


# --- goldens: a whole zone removed; Junos delete lines and NX-OS no lines --------------------------------------

def _cli(args: list[str], case: str, tmp_path: Path) -> tuple[str, Path]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    new = tmp_path / "harbor.yaml"
    new.write_text(_text(CASES[case]))
    result = CliRunner().invoke(main, [*args[:1], NAME, str(new), *args[1:]], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout.replace(str(new), "NEW/harbor.yaml"), new


@pytest.mark.parametrize("fmt", ["md", "cmk"])
def test_golden_remove_zone(fmt: str, tmp_path: Path, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    text, _ = _cli(["change", "--format", fmt], "remove-zone", tmp_path)
    check_golden(GOLDEN / f"remove-zone.{'cmk.sh' if fmt == 'cmk' else 'md'}", text, update_golden)
    if fmt == "cmk":  # the script's changing calls, read back from it, in CloudStack's order of deletion
        order = [w for line in text.splitlines() if not line.lstrip().startswith("#") for w in line.split()
                 if w in ("deleteHost", "deleteCluster", "deletePod", "deleteStoragePool", "deleteImageStore",
                          "deleteNetwork", "deletePhysicalNetwork", "deleteZone")]
        assert order == ["deleteStoragePool", "deleteHost", "deleteHost", "deleteCluster", "deletePod",
                         "deleteStoragePool", "deleteImageStore", "deleteNetwork", "deletePhysicalNetwork",
                         "deletePhysicalNetwork", "deleteZone"]


def test_golden_diff_of_a_removed_zone(tmp_path: Path, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    text, _ = _cli(["diff"], "remove-zone", tmp_path)
    check_golden(GOLDEN / "remove-zone.diff.md", text, update_golden)
    removed = set(compare(_old(), _new("remove-zone")).sections[0].removed)
    assert {"zone hbr-z2", "pod hbr-z2/hbr-z2-p1", "cluster hbr-z2/hbr-z2-p1/hbr-z2-c1", "host hbr-z2-kvm1",
            "host hbr-z2-kvm2", "switch hbr-sw2", "physical network hbr-z2/hbr-z2-pnet-guest",
            "physical network hbr-z2/hbr-z2-pnet-mgmt", "primary storage hbr-z2/hbr-z2-wide",
            "shared network hbr-z2/hbr-z2-shared", "secondary storage hbr-z2/hbr-z2-secondary"} <= removed
    assert not any("hbr-z1" in x or "hbr-c1" in x for x in removed)


def test_the_diff_names_a_shared_network_added_as_its_own_object() -> None:
    objects = compare(_old(), _new("add-shared")).sections[0]
    assert objects.added == ["network hbr-dmz", "shared network hbr-z1/hbr-shared-dmz"]
    assert [c.key for c in objects.changed] == ["firewall hbr-fw1"]  # its new interface; the zone itself is as it was
    grown = compare(_old(), _new("grow-shared")).sections[0]
    assert [(c.key, c.fields) for c in grown.changed] == [
        ("shared network hbr-z1/hbr-shared-lan", (("range", "10.61.0.100-10.61.0.199", "10.61.0.100-10.61.0.249"),))]


def _switch_file(case: str, switch: str, tmp_path: Path) -> str:
    _, new = _cli(["change", "--format", "md"], case, tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["change", NAME, str(new), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return (out / "harbor" / "switches" / f"{switch}.txt").read_text("utf-8")


def _section(text: str, name: str) -> list[str]:
    """The lines under '# add:' or '# remove ...' of a switch file (its comment character is '#' or '!')."""
    lines, out, inside = text.splitlines(), [], False
    for line in lines[1:]:
        if line[:1] in "#!" and line[2:].startswith(("add:", "remove")):
            inside = line[2:].startswith(name)
            continue
        if inside:
            out.append(line)
    return out


def test_golden_junos_delete_lines_for_a_removed_host(tmp_path: Path, update_golden: bool,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    text = _switch_file("remove-host", "hbr-sw1", tmp_path)
    check_golden(GOLDEN / "remove-host.hbr-sw1.txt", text, update_golden)
    assert _section(text, "add:") == []
    # the host's two ports are deleted whole (interface and spanning-tree edge port); nothing else
    assert _section(text, "remove") == ["delete protocols mstp interface xe-0/0/5", "delete interfaces xe-0/0/5",
                                        "delete protocols mstp interface xe-0/0/4", "delete interfaces xe-0/0/4"]


def test_golden_removed_vlans_junos_delete_and_nxos_no(tmp_path: Path, update_golden: bool,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    junos = _switch_file("remove-shared", "hbr-sw1", tmp_path / "j")
    nxos = _switch_file("remove-shared", "hbr-sw2", tmp_path / "n")
    check_golden(GOLDEN / "remove-shared.hbr-sw1.txt", junos, update_golden)
    check_golden(GOLDEN / "remove-shared.hbr-sw2.txt", nxos, update_golden)
    # Junos: VLAN 210 leaves each trunk (only that member: 'set' adds to a list, so nothing is re-set) and the
    # VLAN goes last
    assert _section(junos, "add:") == []
    assert _section(junos, "remove") == [
        *(f"delete interfaces {p} unit 0 family ethernet-switching vlan members 210"
          for p in ("et-0/0/48", "xe-0/0/5", "xe-0/0/3", "xe-0/0/1")), "delete vlans hbr-lan"]
    # NX-OS: the trunks' allowed lists are entered again without 211 (that replaces them), then 'no vlan 211'
    added = _section(nxos, "add:")
    assert [x for x in added if x.startswith("interface ")] == ["interface Ethernet1/2", "interface Ethernet1/4",
                                                                "interface Ethernet1/49"]
    assert not any("211" in x for x in added)
    assert _section(nxos, "remove") == ["no vlan 211"]


def test_junos_keeps_members_still_listed_and_replaces_single_values() -> None:
    """A VLAN renumbered (210 → 212, refused on CloudStack but the switch lines are still worked out): the new id
    is added and only the old one deleted; the VLAN's own id is set again, never deleted."""
    (sw,) = [s for s in _plan("shared-vlan").switches if s.switch == "hbr-sw1"]
    assert sw.add[0] == "set vlans hbr-lan vlan-id 212"
    assert all(x.endswith("vlan members 212") for x in sw.add[1:])
    assert all(x.startswith("delete ") and x.endswith("vlan members 210") for x in sw.remove)
    assert not any("vlan-id" in x for x in sw.remove)


@needs_bash_and_jq
def test_the_zone_removal_stops_while_system_vms_are_left(tmp_path: Path) -> None:
    plan = _plan("remove-zone")
    state = _deployed(tmp_path)
    done, calls = run_script(render_change_script(plan), tmp_path, [], 3, state,
                             extra={"FAKE_CMK_SYSTEMVMS": "1"})
    assert done.returncode != 0
    assert "error: listSystemVms still shows listSystemVms-" in done.stderr
    assert "destroy what it lists, then run the script again" in done.stderr
    assert [c[0] for c in calls if c[0].startswith(CHANGES)] == ["updateZone"]  # disabled, nothing deleted
    # once they are destroyed the script goes on: test_the_script_makes_the_change_once[remove-zone]


def test_junos_lines_are_read_as_words_with_quoted_descriptions() -> None:
    """A description (escaped by escape.junos) with spaces, brackets and an escaped quote is one word: changing it
    sets it again, and an interface that goes takes its description with it."""
    old = "\n".join([
        "# header",
        'set interfaces xe-0/0/1 description "web [a] \\"b\\" c"',
        "set interfaces xe-0/0/1 unit 0 family ethernet-switching vlan members [ 210 300 700-799 ]",
        'set interfaces xe-0/0/2 description "db"',
        "set interfaces xe-0/0/2 unit 0 family ethernet-switching vlan members 1",
        "set vlans hbr-lan vlan-id 210"])
    new = "\n".join([
        'set interfaces xe-0/0/1 description "web [a] \\"b\\" d"',
        "set interfaces xe-0/0/1 unit 0 family ethernet-switching vlan members [ 210 300 700-849 ]",
        "set vlans hbr-lan vlan-id 210"])
    add, remove = _set_change(old, new, "#")
    assert add == ['set interfaces xe-0/0/1 description "web [a] \\"b\\" d"',
                   "set interfaces xe-0/0/1 unit 0 family ethernet-switching vlan members 700-849"]
    assert remove == ["delete interfaces xe-0/0/2",
                      "delete interfaces xe-0/0/1 unit 0 family ethernet-switching vlan members 700-799"]


def test_removal_steps_are_guarded_and_verified() -> None:
    plan = _plan("remove-zone")
    for step in plan.steps:
        assert step.action is Action.remove and step.guard is not None
        assert all(op.how is How.FIND_OR_NONE for op in step.finds)
        assert step.ops[-1].how in (How.GONE, How.NONE)
    network = next(s for s in plan.steps if s.what == "shared guest network hbr-z2-shared")
    assert [(op.how, op.call.api) for op in network.ops] == [(How.RUN, "deleteNetwork"), (How.GONE, "listNetworks")]
