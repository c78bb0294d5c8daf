"""`stackplan change OLD NEW`: the day-2 change runbook, on pairs of designs written for it.

OLD is tests/review/change/acme.yaml (two pods, the first with two clusters); each case changes one
thing of it. The change script of every case passes the API check and runs against the stand-in
cmk (tests/export/fake_cmk.sh) from the state OLD's zone script left: it makes exactly the change,
and a second run changes nothing. From an empty cloud it stops before creating anything.
"""

from __future__ import annotations

import copy
import random
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.commands import change as change_command
from generator.deployment import Deployment
from generator.export import zone_export
from generator.export.api_check import check_calls
from generator.export.calls import call
from generator.pipeline import run_text
from generator.review.change import Action, ChangePlan, How, Op, plan_change
from generator.review.change_render import render_change_markdown, render_change_script
from tests.conftest import ROOT, check_golden
from tests.core.shuffle import shuffled
from tests.export.test_script_run import needs_bash_and_jq, run_script

HERE = Path(__file__).parent / "change"
OLD = HERE / "acme.yaml"
NAME = "tests/review/change/acme.yaml"
GOLDEN = HERE / "golden"


def _data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(OLD.read_text())
    return data


def _zone(data: dict[str, Any]) -> dict[str, Any]:
    zone: dict[str, Any] = data["regions"][0]["zones"][0]
    return zone


def _pod(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(p for p in _zone(data)["pods"] if p["name"] == name)


def _cluster(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for p in _zone(data)["pods"] for c in p["clusters"] if c["name"] == name)


def add_host(data: dict[str, Any]) -> None:
    _cluster(data, "acme-c1")["hosts"][0]["count"] = 4


def add_cluster(data: dict[str, Any]) -> None:
    _pod(data, "acme-p2")["clusters"].append({
        "name": "acme-c4", "hypervisor": "kvm", "profile": "acme-kvm", "planned_vms": 40,
        "hosts": [{"name": "acme-c4-kvm{id}", "id": 3, "count": 2}],
        "primary_storage": [{"name": "acme-c4-primary", "protocol": "nfs", "server": "acme-nfs1",
                             "path": "/export/c4"}]})


def remove_host(data: dict[str, Any]) -> None:
    cluster = _cluster(data, "acme-c1")
    cluster["hosts"][0]["count"] = 2
    cluster["planned_vms"] = 40


def guest_vlans(data: dict[str, Any]) -> None:
    _zone(data)["physical_networks"][1]["guest_vlans"] = ["700-899"]


def setting(data: dict[str, Any]) -> None:
    data["settings"]["expunge.delay"] = 600
    data["settings"]["storage.overprovisioning.factor"] = 2


def add_pool(data: dict[str, Any]) -> None:
    _cluster(data, "acme-c2")["primary_storage"].append(
        {"name": "acme-c2-fast", "protocol": "nfs", "server": "acme-nfs1", "path": "/export/c2-fast"})


def remove_pod(data: dict[str, Any]) -> None:
    zone = _zone(data)
    zone["pods"] = [p for p in zone["pods"] if p["name"] != "acme-p2"]
    data["switches"] = [s for s in data["switches"] if s["name"] != "acme-sw2"]


CASES: dict[str, Callable[[dict[str, Any]], None]] = {
    "add-host": add_host, "add-cluster": add_cluster, "remove-host": remove_host, "guest-vlans": guest_vlans,
    "setting": setting, "add-pool": add_pool, "remove-pod": remove_pod,
}
cases = pytest.mark.parametrize("case", sorted(CASES))


def _text(change: Callable[[dict[str, Any]], None]) -> str:
    data = _data()
    change(data)
    return yaml.safe_dump(data, sort_keys=False)


@cache
def _old() -> Deployment:
    d = run_text(OLD.read_text(), NAME)
    assert d.valid, d.findings
    return d


@cache
def _plan(case: str) -> ChangePlan:
    new = run_text(_text(CASES[case]), NAME)
    assert new.valid, new.findings
    return plan_change(_old(), new)


def _whats(plan: ChangePlan, action: Action) -> list[str]:
    return [s.what for s in plan.steps if s.action is action]


# --- what each change does ------------------------------------------------------------------------

@cases
def test_every_call_passes_the_api_check(case: str) -> None:
    plan = _plan(case)
    assert plan, f"{case}: no change found"
    assert plan.problems == ()


def test_add_host_adds_only_that_host_with_its_switch_ports_and_config() -> None:
    plan = _plan("add-host")
    assert _whats(plan, Action.add) == ["host acme-c1-kvm4 (10.40.1.24) in cluster acme-c1"]
    assert not _whats(plan, Action.remove) and not _whats(plan, Action.change)
    assert [(h.path, h.status) for h in plan.host_configs] == [("hosts/acme-c1-kvm4.yaml", "added")]
    (sw,) = plan.switches
    assert sw.switch == "acme-sw1" and not sw.remove
    assert sw.add[0].startswith("interface Ethernet1/") and any("acme-c1-kvm4" in x for x in sw.add)


def test_add_cluster_creates_cluster_hosts_then_pool() -> None:
    plan = _plan("add-cluster")
    (step,) = [s for s in plan.steps if s.action is Action.add]
    apis = [op.call.api for op in step.ops]
    assert apis[:3] == ["addCluster", "addHost", "addHost"]
    assert apis.index("listHosts") < apis.index("createStoragePool")  # the pool waits for Up hosts
    assert [op.call.api for op in step.finds] == ["listZones", "listPods"]


def test_remove_host_goes_through_maintenance_and_the_switch_ports_go_back_to_defaults() -> None:
    plan = _plan("remove-host")
    (step,) = [s for s in plan.steps if s.action is Action.remove]
    assert step.what == "host acme-c1-kvm3 (10.40.1.23) of cluster acme-c1"
    assert [(op.how, op.call.api) for op in step.ops] == [
        (How.RUN, "prepareHostForMaintenance"), (How.WAIT, "listHosts"), (How.RUN, "deleteHost"),
        (How.GONE, "listHosts")]
    assert step.ops[1].want == ("resourcestate", "Maintenance")
    assert step.guard is not None and all(op.how is How.FIND_OR_NONE for op in step.finds)
    (sw,) = plan.switches
    assert not sw.add and all(x.startswith("default interface Ethernet1/") for x in sw.remove)
    assert plan.host_configs == () and plan.host_configs_removed == ("hosts/acme-c1-kvm3.yaml",)


def test_guest_vlan_range_changes_through_update_physical_network() -> None:
    plan = _plan("guest-vlans")
    (step,) = plan.steps
    (op,) = step.ops
    assert op.how is How.UPDATE and op.call.api == "updatePhysicalNetwork" and op.call.text("vlan") == "700-899"
    assert op.read is not None and op.read.api == "listPhysicalNetworks"
    lines = {sw.switch: sw for sw in plan.switches}
    assert "vlan 700-899" in lines["acme-sw1"].add  # NX-OS
    assert not lines["acme-sw1"].remove  # the trunks' allowed lists are replaced, not removed
    assert any(x.strip() == "switchport trunk allowed vlan 300,700-899" for x in lines["acme-sw2"].add)  # EOS


def test_shrinking_the_vlan_range_removes_only_the_vlans_no_longer_used() -> None:
    def shrink(data: dict[str, Any]) -> None:
        _zone(data)["physical_networks"][1]["guest_vlans"] = ["700-749"]
    plan = plan_change(_old(), run_text(_text(shrink), NAME))
    sw1 = next(sw for sw in plan.switches if sw.switch == "acme-sw1")
    assert sw1.remove[-1] == "no vlan 750-799"


def test_setting_changes_through_update_configuration() -> None:
    plan = _plan("setting")
    updates = [op.call for s in plan.steps for op in s.ops]
    assert [(c.api, c.text("name"), c.text("value")) for c in updates] == [
        ("updateConfiguration", "expunge.delay", "600"),
        ("updateConfiguration", "storage.overprovisioning.factor", "2")]
    assert not plan.switches and not plan.host_configs


def test_add_pool_waits_for_the_cluster_hosts() -> None:
    plan = _plan("add-pool")
    (step,) = [s for s in plan.steps if s.action is Action.add]
    assert [op.call.api for op in step.ops] == ["listHosts", "createStoragePool", "listStoragePools"]
    assert step.ops[0].call.wait_count == 2


def test_remove_pod_empties_it_children_first() -> None:
    plan = _plan("remove-pod")
    removed = _whats(plan, Action.remove)
    assert removed == ["primary storage acme-c3-primary of cluster acme-c3", "host acme-c3-kvm1 (10.40.2.11) of "
                       "cluster acme-c3", "host acme-c3-kvm2 (10.40.2.12) of cluster acme-c3",
                       "cluster acme-c3 of pod acme-p2 (empty now)", "pod acme-p2 (empty now)"]
    pool = next(s for s in plan.steps if s.what.startswith("primary storage"))
    assert [op.call.api for op in pool.ops] == ["enableStorageMaintenance", "listStoragePools", "deleteStoragePool",
                                                "listStoragePools"]
    (sw,) = plan.switches  # the pod's switch leaves with it
    assert sw.switch == "acme-sw2" and not sw.add and sw.remove


def test_nothing_changed_is_an_empty_plan() -> None:
    shuffled_text = yaml.safe_dump(shuffled(_data(), random.Random(5)), sort_keys=False)
    plan = plan_change(_old(), run_text(shuffled_text, NAME))
    assert not plan
    assert "Nothing to do" in render_change_markdown(plan)


@cases
def test_output_is_the_same_whatever_the_order_of_the_new_design(case: str) -> None:
    data = _data()
    CASES[case](data)
    text = yaml.safe_dump(shuffled(copy.deepcopy(data), random.Random(11)), sort_keys=False)
    other = plan_change(_old(), run_text(text, NAME))
    plan = _plan(case)
    assert render_change_script(other) == render_change_script(plan)
    assert render_change_markdown(other) == render_change_markdown(plan)


# --- the API check ------------------------------------------------------------------------------------

def _broken(plan: ChangePlan, api: str, change: Callable[[Op], Op]) -> list[str]:
    steps = tuple(replace(s, ops=tuple(change(op) if op.call.api == api else op for op in s.ops))
                  for s in plan.steps)
    return [p.message for p in check_calls(replace(plan, steps=steps).calls, order=False)]


def test_the_api_check_fails_on_a_broken_call() -> None:
    plan = _plan("guest-vlans")
    assert check_calls(plan.calls, order=False) == []

    def rename(op: Op) -> Op:  # 'vlans' is not a parameter of updatePhysicalNetwork
        params = tuple(("vlans" if k == "vlan" else k, v) for k, v in op.call.params)
        return replace(op, call=replace(op.call, params=params))
    assert "updatePhysicalNetwork has no parameter 'vlans'" in _broken(plan, "updatePhysicalNetwork", rename)

    def unknown(op: Op) -> Op:
        return replace(op, call=replace(op.call, api="updatePhysicalNetworkVlan"))
    assert "updatePhysicalNetworkVlan is not a CloudStack API" in _broken(plan, "updatePhysicalNetwork", unknown)

    removal = _plan("remove-host")

    def no_id(op: Op) -> Op:
        return replace(op, call=call("deleteHost", {"forced": True}))
    assert "deleteHost needs 'id'" in _broken(removal, "deleteHost", no_id)


def test_the_command_refuses_a_change_that_fails_the_api_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    new = tmp_path / "acme.yaml"
    new.write_text(_text(guest_vlans))
    real = plan_change

    def broken(old: Deployment, new: Deployment) -> ChangePlan:  # the change sends 'vlans', the zone script not
        plan = real(old, new)
        steps = tuple(replace(s, ops=tuple(replace(op, call=replace(op.call, params=tuple(
            ("vlans" if k == "vlan" else k, v) for k, v in op.call.params))) for op in s.ops)) for s in plan.steps)
        plan = replace(plan, steps=steps)
        return replace(plan, problems=tuple(check_calls(plan.calls, order=False)))
    monkeypatch.setattr(change_command, "plan_change", broken)
    result = CliRunner().invoke(main, ["change", str(OLD), str(new), "--format", "cmk"])
    assert result.exit_code == 1
    assert "error CHANGE-SCRIPT" in result.output and "updatePhysicalNetwork has no parameter 'vlans'" in result.output


# --- the script, run ----------------------------------------------------------------------------------

CHANGES = ("create", "add", "delete", "update", "prepareHostForMaintenance", "enableStorageMaintenance")


def _changing(calls: list[list[str]]) -> list[str]:
    return [c[0] for c in calls if c[0].startswith(CHANGES)]


_DEPLOYED: dict[str, str] = {}


def _deployed(tmp_path: Path) -> Path:
    """The stand-in cloud as OLD's zone script leaves it (the script is run once per session)."""
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


EXPECTED = {
    "add-host": ["addHost"],
    "add-cluster": ["addCluster", "addHost", "addHost", "createStoragePool"],
    "remove-host": ["prepareHostForMaintenance", "deleteHost"],
    "guest-vlans": ["updatePhysicalNetwork"],
    "setting": ["updateConfiguration", "updateConfiguration"],
    "add-pool": ["createStoragePool"],
    "remove-pod": ["enableStorageMaintenance", "deleteStoragePool", "prepareHostForMaintenance", "deleteHost",
                   "prepareHostForMaintenance", "deleteHost", "deleteCluster", "deletePod"],
}


@needs_bash_and_jq
@cases
def test_the_script_makes_the_change_once(case: str, tmp_path: Path) -> None:
    plan = _plan(case)
    state = _deployed(tmp_path)
    script = render_change_script(plan)
    first, calls = run_script(script, tmp_path, list(plan.secrets), 3, state)
    assert first.returncode == 0, first.stderr[-3000:]
    assert _changing(calls) == EXPECTED[case]
    assert "done: the cloud is as the new design says" in first.stderr
    again, calls = run_script(script, tmp_path, list(plan.secrets), 3, state)
    assert again.returncode == 0, again.stderr[-3000:]
    assert _changing(calls) == [], f"a second run changed {_changing(calls)}"


@needs_bash_and_jq
def test_the_script_stops_on_a_cloud_old_did_not_build(tmp_path: Path) -> None:
    plan = _plan("add-host")
    done, calls = run_script(render_change_script(plan), tmp_path, list(plan.secrets), 3, tmp_path / "empty.jsonl")
    assert done.returncode != 0
    assert "listZones finds no name acme-z1: is the old design deployed?" in done.stderr
    assert _changing(calls) == []


@needs_bash_and_jq
def test_a_hostile_setting_value_reaches_cmk_as_one_word(tmp_path: Path) -> None:
    value = "a'b\"c $(touch pwned)\n`touch pwned2` ; x"
    data = _data()
    data["settings"]["alert.email.sender"] = value
    new = run_text(yaml.safe_dump(data, sort_keys=False), NAME)
    assert new.valid, new.findings
    plan = plan_change(_old(), new)
    assert plan.problems == ()
    state = _deployed(tmp_path)
    done, calls = run_script(render_change_script(plan), tmp_path, [], 3, state)
    assert done.returncode == 0, done.stderr[-2000:]
    assert ["updateConfiguration", "name=alert.email.sender", f"value={value}"] in calls
    assert not list(tmp_path.rglob("pwned*"))
    again, calls = run_script(render_change_script(plan), tmp_path, [], 3, state)
    assert again.returncode == 0 and _changing(calls) == []
    markdown = render_change_markdown(plan)
    assert "$(touch pwned)\n" not in markdown.split("```")[0]  # outside code blocks: one line, escaped


@pytest.mark.skipif(shutil.which("shellcheck") is None,
                    reason="shellcheck is not installed (apt-get install shellcheck)")
@cases
def test_the_script_passes_shellcheck(case: str) -> None:
    done = subprocess.run(["shellcheck", "--shell=bash", "--severity=style", "-"],
                          input=render_change_script(_plan(case)), text=True, capture_output=True, check=False)
    assert done.returncode == 0, done.stdout


# --- goldens and the command ------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["cmk", "md"])
def test_golden_add_host(fmt: str, tmp_path: Path, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    new = tmp_path / "acme.yaml"
    new.write_text(_text(add_host))
    result = CliRunner().invoke(main, ["change", NAME, str(new), "--format", fmt], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = result.stdout.replace(str(new), "NEW/acme.yaml")
    check_golden(GOLDEN / f"add-host.{'cmk.sh' if fmt == 'cmk' else 'md'}", text, update_golden)


def test_out_writes_script_chapter_switch_lines_and_new_host_configs(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    new = tmp_path / "acme.yaml"
    new.write_text(_text(add_host))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["change", NAME, str(new), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert files == ["acme/change.cmk.sh", "acme/change.md", "acme/hosts/acme-c1-kvm4.yaml",
                     "acme/switches/acme-sw1.txt"]


def test_a_design_with_errors_is_refused(tmp_path: Path) -> None:
    new = tmp_path / "acme.yaml"
    new.write_text(OLD.read_text().replace("count: 3", "count: -3"))
    result = CliRunner().invoke(main, ["change", str(OLD), str(new)])
    assert result.exit_code == 1 and "the design has errors" in result.output
