"""The port plan of every example design, and how it behaves when a design changes."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.deployment import Deployment
from generator.inventory import Host, expand
from generator.loader.load import load_text
from generator.model import Design, IsolationMethod, Networking, Platform, Speed
from generator.pipeline import run
from generator.ports import LinkKind, PortRow, plan_ports
from generator.ports.platforms import platform
from generator.rules import validate
from tests.conftest import EXAMPLES, ROOT


@cache
def deployment(path: Path) -> Deployment:
    d = run(path, str(path.relative_to(ROOT)))
    assert d.valid, [f.text() for f in d.findings if f.severity.value == "error"]
    return d


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


def needed(design: Design, host: Host, iface: str) -> tuple[set[int], dict[str, int]]:
    """What the interface must carry, straight from CloudStack's rules: (tagged VLANs, untagged
    networks with the switch VLAN each is in: its 'vlan', or 1 without one)."""
    tagged: set[int] = set()
    untagged: dict[str, int] = {}

    def network(name: str) -> None:
        net = design.networks[name]
        if net.vlan is None or net.untagged:
            untagged[name] = net.vlan or 1
        else:
            tagged.add(net.vlan)

    zone, pod = host.zone, host.pod
    guest_pnets = [p for p in zone.physical_networks if any(t.type.value == "guest" for t in p.traffic)]
    for pnet in zone.physical_networks:
        if pnet.interface != iface:
            continue
        kinds = {t.type.value for t in pnet.traffic}
        if "management" in kinds:
            network(pod.management.network)
        if "storage" in kinds and pod.storage:
            network(pod.storage.network)
        if "public" in kinds:
            for r in zone.public_ranges:
                network(r.network)
        if "guest" in kinds and zone.networking is Networking.basic:
            for g in pod.guest_ranges:
                network(g.network)
        elif "guest" in kinds:
            if pnet.isolation is IsolationMethod.vlan:
                for span in pnet.guest_vlans:
                    tagged.update(range(span.first, span.last + 1))
            elif pnet.isolation is IsolationMethod.vxlan and pod.vtep_network:
                network(pod.vtep_network)  # the VXLAN underlay: the hosts' VTEPs
            if pnet is guest_pnets[0]:
                for s in zone.shared_networks:
                    network(s.network)
    assert host.profile is not None
    for name, where in zip(pod.primary_storage_networks, host.profile.primary_storage_interfaces, strict=False):
        if where == iface:
            network(name)
    return tagged, untagged


@pytest.mark.parametrize("path", EXAMPLES, ids=_ids(EXAMPLES))
def test_every_host_nic_port_carries_exactly_what_its_traffic_needs(path: Path) -> None:
    d = deployment(path)
    checked = 0
    for host in d.inventory.hosts:
        assert host.profile is not None
        bond_of = {m: b.name for b in host.profile.bonds for m in b.members}
        for nic in host.profile.nics:
            iface = bond_of.get(nic.name, nic.name)
            tagged, untagged = needed(d.design, host, iface)
            rows = [r for r in d.port_plan.of_host(host.name) if r.peer_interface == nic.name]
            if not tagged and not untagged:
                assert rows == [], f"{host.name}:{nic.name} carries nothing but is cabled"
                continue
            assert len(rows) == 1, f"{host.name}:{nic.name} is cabled {len(rows)} times"
            row = rows[0]
            assert row.vlans == tagged | set(untagged.values()), f"{host.name}:{nic.name}"
            # the untagged network is the access VLAN (or the native VLAN beside tagged ones); else a pure trunk
            assert row.untagged_vlan == (next(iter(untagged.values())) if untagged else None)
            assert row.mode.value == ("access" if not tagged else "trunk")
            assert {c.network for c in row.carried if not c.tagged} == set(untagged)
            assert set(row.untagged_networks) == set(untagged)
            checked += 1
    assert checked > 0


@pytest.mark.parametrize("path", EXAMPLES, ids=_ids(EXAMPLES))
def test_nics_go_to_their_pods_fabric_and_bonds_span_the_pair(path: Path) -> None:
    d = deployment(path)
    switches = {s.name: s for s in d.design.switches}
    for host in d.inventory.hosts:
        assert host.profile is not None
        rows = {r.peer_interface: r for r in d.port_plan.of_host(host.name)}
        for nic in host.profile.nics:
            if nic.name in rows:
                sw = switches[rows[nic.name].switch]
                assert sw.pod == host.pod.name and sw.role.value == nic.fabric.value
        for bond in host.profile.bonds:
            used = {rows[m].switch for m in bond.members if m in rows}
            if len(used) == 2:
                a, b = sorted(used)
                assert switches[a].peer == b
            lags = {rows[m].lag for m in bond.members if m in rows}
            if bond.mode.value == "802.3ad" and used:
                assert len(lags) == 1 and None not in lags, f"{host.name}:{bond.name}"
            else:
                assert lags <= {None}


@pytest.mark.parametrize("path", EXAMPLES, ids=_ids(EXAMPLES))
def test_ports_are_unique_and_inside_the_switch(path: Path) -> None:
    d = deployment(path)
    for sw in d.design.switches:
        rows = d.port_plan.of_switch(sw.name)
        assert len({r.port for r in rows}) == len(rows), sw.name
        for r in rows:
            if r.kind in (LinkKind.host, LinkKind.downlink):
                assert sw.first_host_port <= r.number < sw.first_host_port + sw.host_ports
            elif r.kind is LinkKind.uplink:
                assert r.number in sw.uplink_ports
            elif r.kind is LinkKind.server:
                assert r.number in sw.server_ports
            else:
                assert r.number in sw.peer_link_ports


@pytest.mark.parametrize("path", EXAMPLES, ids=_ids(EXAMPLES))
def test_uplinks_and_peer_links_carry_every_vlan_below_them(path: Path) -> None:
    d = deployment(path)
    plan = d.port_plan
    cores = {s.name for s in d.design.switches if s.role.value == "core"}
    for sw in d.design.switches:
        rows = plan.of_switch(sw.name)
        below = set().union(*(r.vlans for r in rows if r.kind in (LinkKind.host, LinkKind.server, LinkKind.downlink)))
        for r in rows:
            if r.kind is LinkKind.uplink and r.peer_device in cores:
                assert below <= r.vlans, f"{sw.name} {r.port} misses {sorted(below - r.vlans)[:5]}"
        if sw.peer:
            everything = below | set().union(*(r.vlans for r in plan.of_switch(sw.peer)
                                               if r.kind is not LinkKind.peer_link))
            everything |= set().union(*(r.vlans for r in rows if r.kind is LinkKind.uplink))
            for r in rows:
                if r.kind is LinkKind.peer_link:
                    assert everything <= r.vlans, f"{sw.name} {r.port} misses {sorted(everything - r.vlans)[:5]}"


@pytest.mark.parametrize("path", EXAMPLES, ids=_ids(EXAMPLES))
def test_both_ends_of_every_switch_link_agree(path: Path) -> None:
    plan = deployment(path).port_plan
    by_port = {(r.switch, r.port): r for r in plan.rows}
    for r in plan.rows:
        far = by_port.get((r.peer_device, r.peer_interface))
        if r.kind is LinkKind.host or far is None:
            continue
        assert (far.peer_device, far.peer_interface) == (r.switch, r.port)
        assert far.vlans == r.vlans


# Changing a design ---------------------------------------------------------------------------------

def _data(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text())
    return data


def _plan(data: dict[str, Any]) -> tuple[list[PortRow], list[str]]:
    loaded = load_text(yaml.safe_dump(data, sort_keys=False), "test.yaml")
    assert loaded.design is not None, loaded.findings
    plan = plan_ports(loaded.design, expand(loaded.design))
    return plan.rows, [f"{i.rule}: {i.message}" for i in plan.issues]


def _host_ports(rows: list[PortRow]) -> dict[tuple[str, str], tuple[str, str, str]]:
    return {(r.peer_device, r.peer_interface): (r.switch, r.port, r.lag.name if r.lag else "")
            for r in rows if r.kind is LinkKind.host}


LARGE = ROOT / "designs" / "large-scale-redundant.yaml"


def _first_cluster(data: dict[str, Any]) -> dict[str, Any]:
    cluster: dict[str, Any] = data["regions"][0]["zones"][0]["pods"][0]["clusters"][0]
    return cluster


def test_adding_a_host_moves_no_other_host() -> None:
    data = _data(LARGE)
    before, _ = _plan(data)
    _first_cluster(data)["hosts"][0]["count"] += 1
    after, issues = _plan(data)
    assert issues == []
    old, new = _host_ports(before), _host_ports(after)
    assert {k: new[k] for k in old} == old
    assert len(new) > len(old)


def test_host_ports_start_at_the_switchs_first_host_whatever_its_id() -> None:
    """A pod sharing a network with another starts its host ids at 101 (PLAN-HOST-ID's advice): its hosts
    still take the first host ports of their own switches, in the same order, with the same port-channels."""
    data = _data(LARGE)
    before, _ = _plan(data)
    for entry in _first_cluster(data)["hosts"]:
        entry["id"] += 100
    after, issues = _plan(data)
    assert [i for i in issues if i.startswith(("PORTS-EXHAUSTED", "PORTS-MODEL"))] == []
    old = sorted((sw, port, lag) for sw, port, lag in _host_ports(before).values())
    new = sorted((sw, port, lag) for sw, port, lag in _host_ports(after).values())
    assert new == old


def test_running_out_of_ports_names_the_switch_and_the_count() -> None:
    data = _data(LARGE)
    _first_cluster(data)["hosts"][0]["count"] = 30  # 30 hosts × 2 NICs on a 48-port leaf
    _, issues = _plan(data)
    exhausted = [i for i in issues if i.startswith("PORTS-EXHAUSTED")]
    assert len(exhausted) == 2
    assert "ams1-p01-leaf1 has 44 host ports" in exhausted[0] and "needs 60" in exhausted[0]


def test_exhaustion_is_a_design_error_with_a_line(tmp_path: Path) -> None:
    data = _data(LARGE)
    _first_cluster(data)["hosts"][0]["count"] = 30
    for rack in data.get("racks", []):  # 30 hosts overdraw the rack's power budget (a design-phase error)
        rack.pop("power_budget_watts", None)
    design = tmp_path / "big.yaml"
    design.write_text(yaml.safe_dump(data, sort_keys=False))
    d = run(design)
    errors = [f for f in d.findings if f.rule == "PORTS-EXHAUSTED"]
    assert errors and all(f.line > 1 for f in errors)
    assert not d.valid


def test_lacp_bond_over_unpaired_switches_is_reported() -> None:
    data = _data(LARGE)
    for sw in data["switches"]:
        sw.pop("peer", None)
    _, issues = _plan(data)
    assert any(i.startswith("PORTS-LAG-SPLIT") and "bond0 of profile kvm-gp" in i for i in issues)


def test_two_untagged_networks_on_one_switch_are_reported() -> None:
    data = _data(ROOT / "designs" / "small-scale.yaml")
    data["networks"]["lab-public"].pop("vlan")
    _, issues = _plan(data)
    hit = next(i for i in issues if i.startswith("PORTS-UNTAGGED-SWITCH"))
    assert "lab-mgmt, lab-public" in hit and "VLAN 1" in hit


def test_networks_untagged_at_the_hosts_keep_their_own_switch_vlans() -> None:
    """Two networks the hosts send untagged, on different NICs of one switch: each NIC's port has its
    network's VLAN as access or native VLAN, and the uplink tags both."""
    data = _data(ROOT / "designs" / "small-scale.yaml")
    data["networks"]["lab-mgmt"].update(vlan=10, untagged=True)
    data["networks"]["lab-public"]["untagged"] = True
    rows, issues = _plan(data)
    assert issues == []
    mgmt = next(r for r in rows if r.peer_device == "lab-kvm01" and r.peer_interface == "eno1")
    assert (mgmt.mode.value, mgmt.access_vlan, mgmt.untagged_networks) == ("access", 10, ("lab-mgmt",))
    public = next(r for r in rows if r.peer_device == "lab-kvm01" and r.peer_interface == "eno2")
    assert (public.mode.value, public.native_vlan, public.untagged_networks) == ("trunk", 100, ("lab-public",))
    assert public.allowed == frozenset({100, *range(500, 600)})
    uplink = next(r for r in rows if r.kind is LinkKind.uplink)
    assert uplink.native_vlan is None and uplink.untagged_networks == ()
    assert {10, 100} <= uplink.allowed


def test_two_untagged_networks_in_one_switch_vlan_clash() -> None:
    data = _data(ROOT / "designs" / "small-scale.yaml")
    data["networks"]["lab-mgmt"].update(vlan=100, untagged=True)
    _, issues = _plan(data)
    assert any(i.startswith("PORTS-VLAN-CLASH") and "VLAN 100 for lab-mgmt and lab-public" in i for i in issues)


def test_a_design_without_switches_has_no_ports() -> None:
    data = _data(ROOT / "designs" / "small-scale.yaml")
    data["switches"] = []
    rows, issues = _plan(data)
    assert rows == [] and issues == []


def test_csv_header_and_compact_vlan_lists() -> None:
    from generator.outputs.ports import ports_csv

    text = ports_csv(deployment(ROOT / "designs" / "small-scale.yaml").port_plan)
    lines = text.splitlines()
    assert lines[0] == "switch,platform,port,mode,access_vlan,native_vlan,allowed_vlans,lag,peer_device," \
                       "peer_interface,traffic"
    assert any(',"100,500-599",' in line for line in lines)


def test_balance_slb_on_kvm_is_reported() -> None:
    data = _data(LARGE)
    data["host_profiles"]["kvm-gp"]["bonds"][0]["mode"] = "balance-slb"
    _, issues = _plan(data)
    assert any(i.startswith("PORTS-BOND-MODE") and "bond0 of profile kvm-gp" in i for i in issues)


MULTI = ROOT / "designs" / "multi-site.yaml"


def test_server_nics_take_their_switch_server_ports_in_order() -> None:
    d = deployment(MULTI)
    rows = [r for r in d.port_plan.rows if r.kind is LinkKind.server]
    on_core1 = [(r.number, r.peer_device, r.peer_interface) for r in rows if r.switch == "dc1-core1"]
    assert on_core1[:3] == [(26, "dc1-ms1", "eno1"), (27, "dc1-ms2", "eno1"), (28, "dc1-sec1", "eno1")]
    # devices the design gives no NICs are cabled by default, from the end of the list
    assert on_core1[3:] == [(29, "dc1-lb2", "eno1"), (30, "dc1-lb1", "eno1"), (33, "dc1-db1", "eno1")]
    ms1 = next(r for r in rows if r.switch == "dc1-core2" and r.peer_device == "dc1-ms1")
    assert (ms1.peer_interface, ms1.mode.value, ms1.access_vlan, ms1.untagged_networks) == \
           ("eno2", "access", 100, ("dc1-svc",))  # dc1-svc is untagged at the servers
    nfs = next(r for r in rows if r.peer_device == "dc1-nfs1" and r.switch == "dc1-p01-leaf1")
    assert (nfs.number, nfs.mode.value, nfs.allowed) == (47, "trunk", frozenset({110}))  # tagged at the server
    uplink = next(r for r in d.port_plan.of_switch("dc1-p01-leaf1") if r.kind is LinkKind.uplink)
    assert "storage" in uplink.traffic


def test_adding_a_server_with_a_later_name_keeps_the_others_ports() -> None:
    data = _data(MULTI)
    before, _ = _plan(data)
    data["storage_servers"].append({"name": "dc1-zz-nfs", "site": "dc1", "role": "nfs",
                                    "interfaces": [{"network": "dc1-svc"}],
                                    "nics": [{"name": "eno1", "cabled_to": "dc1-core1"}]})
    for sw in data["switches"]:
        if sw["name"] == "dc1-core1":
            sw["server_ports"].insert(3, 34)  # after the three the explicit NICs take
    after, issues = _plan(data)
    assert issues == []
    old = {(r.switch, r.number): r.description for r in before if r.kind is LinkKind.server}
    new = {(r.switch, r.number): r.description for r in after if r.kind is LinkKind.server}
    assert {k: v for k, v in new.items() if k in old} == old
    assert new[("dc1-core1", 34)] == "dc1-zz-nfs:eno1"


def test_server_port_problems_are_reported() -> None:
    data = _data(MULTI)
    for sw in data["switches"]:
        if sw["name"] == "dc1-core1":
            sw["server_ports"] = [26, 5]  # one too few, and port 5 is a downlink port
    data["networks"]["dc1-p01-mgmt"]["untagged"] = True
    nfs = next(s for s in data["storage_servers"] if s["name"] == "dc1-nfs1")
    nfs["interfaces"].append({"network": "dc1-svc"})  # two networks untagged at the server on each NIC
    _, issues = _plan(data)
    assert any(i.startswith("PORTS-SERVER-PORTS") and "dc1-core1 has 3 server NIC(s)" in i for i in issues)
    assert any(i.startswith("PORTS-OVERLAP") and "server port(s) 5" in i for i in issues)
    assert any(i.startswith("PORTS-UNTAGGED") and "NIC eno1 of server dc1-nfs1" in i for i in issues)
    nfs["nics"][0]["networks"] = ["dc1-p01-mgmt"]  # each NIC names its network: no clash on eno1
    _, issues = _plan(data)
    assert not any("NIC eno1 of server dc1-nfs1" in i for i in issues)


# Port names of known switch models: facts from the vendors' hardware guides and real devices.
# IOS-XE names a port after its fastest speed, whatever optic is in it; EOS names a multi-lane
# (QSFP/OSFP) cage EthernetN/1; Junos names a port after the speed it runs at.
MODEL_PORTS = [
    ("cisco_iosxe", "C9500-48Y4C", 1, "10G", 1, "TwentyFiveGigE1/0/1"),
    ("cisco_iosxe", "C9500-48Y4C", 48, "25G", 2, "TwentyFiveGigE2/0/48"),
    ("cisco_iosxe", "C9500-48Y4C", 49, "100G", 1, "HundredGigE1/0/49"),
    ("cisco_iosxe", "C9300-48UXM", 1, "1G", 1, "TwoGigabitEthernet1/0/1"),
    ("cisco_iosxe", "C9300-48UXM", 37, "10G", 1, "TenGigabitEthernet1/0/37"),
    ("arista_eos", "DCS-7050SX3-48YC8", 48, "25G", 1, "Ethernet48"),
    ("arista_eos", "DCS-7050SX3-48YC8", 49, "100G", 1, "Ethernet49/1"),
    ("arista_eos", "DCS-7280CR3-32P4", 1, "100G", 1, "Ethernet1/1"),
    ("arista_eos", "DCS-7280CR3-32P4", 33, "400G", 1, "Ethernet33/1"),
    ("cisco_nxos", "N9K-C93180YC-FX3", 54, "100G", 1, "Ethernet1/54"),
    ("juniper_junos", "QFX5120-48Y", 1, "10G", 1, "xe-0/0/0"),
    ("juniper_junos", "QFX5120-48Y", 1, "25G", 1, "et-0/0/0"),
    ("juniper_junos", "QFX5120-48Y", 49, "100G", 1, "et-0/0/48"),
    ("juniper_junos", "QFX5120-32C", 1, "40G", 1, "et-0/0/0"),
]


@pytest.mark.parametrize("case", MODEL_PORTS, ids=[f"{m}-{n}-{s}" for _, m, n, s, _, _ in MODEL_PORTS])
def test_known_models_name_their_ports_as_the_switch_does(case: tuple[str, str, int, str, int, str]) -> None:
    key, model, number, speed, member, name = case
    info = platform(Platform(key))
    assert info.port(number, Speed.parse(speed), member, model) == name
    assert info.port_problem(model, number, Speed.parse(speed)) is None


@pytest.mark.parametrize("path", EXAMPLES, ids=_ids(EXAMPLES))
def test_every_example_switch_is_a_model_with_a_port_table(path: Path) -> None:
    """So no example configuration carries guessed port names."""
    d = deployment(path)
    for sw in d.design.switches:
        info = platform(sw.platform)
        assert sw.model in info.models, f"{sw.name}: {sw.model}"
        for row in d.port_plan.of_switch(sw.name):
            assert info.port_problem(sw.model, row.number, Speed(row.speed)) is None, f"{sw.name} {row.port}"


def test_a_port_the_model_lacks_or_runs_slower_is_a_design_error() -> None:
    small = _data(ROOT / "designs" / "small-scale.yaml")
    small["switches"][0].update(first_host_port=1, host_ports=40)  # C9300-48UXM ports 1-36 run at 2.5G
    _, issues = _plan(small)
    assert [i for i in issues if i.startswith("PORTS-MODEL")] == [
        "PORTS-MODEL: switch lab-sw1: port 1 of model C9300-48UXM runs at most at 2.5G, but the design runs it at 10G"]
    large = _data(LARGE)
    for sw in large["switches"]:
        if sw["name"] == "ams1-p01-leaf1":
            sw["peer_link_ports"] = [55, 56]  # an N9K-C93180YC-FX3 stops at port 54
    _, issues = _plan(large)
    model = [i for i in issues if i.startswith("PORTS-MODEL")]
    assert model == ["PORTS-MODEL: switch ams1-p01-leaf1: model N9K-C93180YC-FX3 has no port 55: its ports are "
                     "1-48 (25G), 49-54 (40G-100G)"]
    multi = _data(ROOT / "designs" / "multi-site.yaml")
    for sw in multi["switches"]:
        if sw["name"] == "dc1-p01-leaf1":
            sw["server_ports"] = [51]  # a QSFP100 cage: a 25G NIC needs a breakout cable there
    _, issues = _plan(multi)
    assert [i for i in issues if i.startswith("PORTS-MODEL")] == [
        "PORTS-MODEL: switch dc1-p01-leaf1: port 51 of model DCS-7050SX3-48YC8 is a 40G-100G port: at 25G it "
        "needs a breakout cable and its lanes configured, which stackplan does not plan"]


def test_the_model_error_points_at_the_design_line(tmp_path: Path) -> None:
    small = _data(ROOT / "designs" / "small-scale.yaml")
    small["switches"][0]["uplink_ports"] = [49]
    design = tmp_path / "small.yaml"
    design.write_text(yaml.safe_dump(small, sort_keys=False))
    d = run(design)
    errors = [f for f in d.findings if f.rule == "PORTS-MODEL"]
    assert len(errors) == 1 and errors[0].line > 1 and "has no port 49" in errors[0].message
    assert not d.valid


def test_a_switch_of_an_unknown_model_keeps_the_names_by_speed() -> None:
    data = _data(LARGE)
    for sw in data["switches"]:
        sw["model"] = "DCS-7050CX3-32S" if sw["platform"] == "arista_eos" else ""
    rows, issues = _plan(data)
    assert not [i for i in issues if i.startswith("PORTS-MODEL")]
    core = [r.port for r in rows if r.switch == "ams1-core1"]
    assert "Ethernet1" in core and "Ethernet1/1" not in core


def test_a_database_on_a_machine_of_its_own_is_cabled_from_its_nics() -> None:
    """Database servers may have NICs like management servers; one sharing a management server's machine
    is cabled with that server's NICs, not twice."""
    data = _data(MULTI)
    data["management"]["database"]["primary"] = {"name": "dc1-db1", "site": "dc1", "network": "dc1-svc",
                                                 "nics": [{"name": "eno1", "cabled_to": "dc1-core1"}]}
    for sw in data["switches"]:
        if sw["name"] == "dc1-core1":
            sw["server_ports"].append(29)
    rows, issues = _plan(data)
    assert issues == []
    db = [(r.switch, r.number, r.peer_interface) for r in rows if r.kind is LinkKind.server
          and r.peer_device == "dc1-db1"]
    assert db == [("dc1-core1", 26, "eno1")]  # servers by id, then name: dc1-db1 sorts first
    loaded = load_text(yaml.safe_dump(data, sort_keys=False), "test.yaml")
    assert [f.text() for f in validate(loaded) if f.rule == "SERVER-CABLING"] == []
