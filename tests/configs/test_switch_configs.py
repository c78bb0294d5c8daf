"""Switch configurations of every example design: parsed back, they agree with the port plan."""

from __future__ import annotations

import re
from functools import cache
from ipaddress import IPv4Address
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.deployment import Deployment
from generator.loader.load import load_text
from generator.model import Platform
from generator.pipeline import plan_issues, run
from generator.ports import LinkKind, PortRow
from generator.ports.platforms import platform, second_member
from generator.rules import validate
from generator.switch_configs import SwitchConfig, config_text, switch_configs
from tests.conftest import EXAMPLES, ROOT, check_golden

from .parse import check_junos_structure, parse

GOLDEN = ROOT / "tests" / "golden"


@cache
def deployment(path: Path) -> Deployment:
    d = run(path, str(path.relative_to(ROOT)))
    assert d.valid, [f.text() for f in d.findings if f.severity.value == "error"]
    return d


@cache
def rendered(path: Path) -> tuple[tuple[SwitchConfig, str], ...]:
    d = deployment(path)
    views = switch_configs(d.design, d.inventory, d.port_plan, d.address_plan)
    return tuple((v, config_text(v, d.loaded.path)) for v in views)


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


def _svl(row: PortRow) -> bool:
    return row.kind is LinkKind.peer_link and platform(Platform(row.platform)).mlag == "stackwise-virtual"


@pytest.mark.parametrize("path", EXAMPLES, ids=_ids(EXAMPLES))
def test_configs_parse_back_to_the_port_plan(path: Path) -> None:
    d = deployment(path)
    for view, text in rendered(path):
        parsed = parse(text, view.platform.key)
        for row in d.port_plan.of_switch(view.name):
            assert row.port in parsed.interfaces, f"{view.name}: {row.port} missing from the config"
            port = parsed.interfaces[row.port]
            assert port.description == row.description
            if _svl(row):
                assert port.svl_link and port.channel_group is None
                continue
            assert port.channel_group == (row.lag.number if row.lag else None), f"{view.name} {row.port}"
            effective = parsed.effective(row.port, row.lag.name if row.lag else "")
            where = f"{view.name} {row.port}"
            assert effective.mode == row.mode.value, where
            assert effective.access_vlan == row.access_vlan, where
            assert effective.native_vlan == row.native_vlan, where
            assert effective.allowed == row.allowed, where


@pytest.mark.parametrize("path", EXAMPLES, ids=_ids(EXAMPLES))
def test_every_vlan_on_a_port_is_in_the_vlan_database(path: Path) -> None:
    for view, text in rendered(path):
        parsed = parse(text, view.platform.key)
        defined = parsed.vlans | {1}  # VLAN 1 exists on every switch
        for port in parsed.interfaces.values():
            used = set(port.allowed) | ({port.access_vlan} if port.access_vlan else set())
            assert used <= defined, f"{view.name} {port.name}: VLANs {sorted(used - defined)} not defined"


@pytest.mark.parametrize("path", EXAMPLES, ids=_ids(EXAMPLES))
def test_junos_configs_are_well_formed_set_statements(path: Path) -> None:
    for view, text in rendered(path):
        if view.platform.key == "juniper_junos":
            assert check_junos_structure(text) == [], view.name


def test_junos_structure_check_finds_bad_lines() -> None:
    bad = ('set interfaces xe-0/0/1 description "open\nset vlans a vlan-id 5\ndelete vlans\n'
           "set interfaces x vlan members [ 1 2")
    problems = check_junos_structure(bad)
    assert any("unbalanced quotes" in p for p in problems)
    assert any("line 3" in p for p in problems)
    assert any("unbalanced [ ]" in p for p in problems)


@pytest.mark.parametrize("path", EXAMPLES, ids=_ids(EXAMPLES))
def test_configs_are_deterministic(path: Path) -> None:
    d = run(path, str(path.relative_to(ROOT)))
    again = [config_text(v, d.loaded.path)
             for v in switch_configs(d.design, d.inventory, d.port_plan, d.address_plan)]
    assert again == [text for _, text in rendered(path)]


@pytest.mark.parametrize("path", EXAMPLES, ids=_ids(EXAMPLES))
def test_golden_configs(path: Path, update_golden: bool) -> None:
    for view, text in rendered(path):
        check_golden(GOLDEN / path.stem / "configs" / f"{view.name}.cfg", text, update_golden)


@pytest.mark.parametrize("path", EXAMPLES, ids=_ids(EXAMPLES))
def test_core_svis_hold_the_gateways_of_the_ip_plan(path: Path) -> None:
    d = deployment(path)
    for view, _ in rendered(path):
        for svi in view.svis:
            gateways = [a for a in d.address_plan.allocations
                        if a.role == "gateway" and a.network == svi.network and view.name in a.device.split("/")]
            if svi.vrrp:
                assert gateways and svi.vrrp.virtual_address == gateways[0].first
                assert d.address_plan.address(view.name, svi.network) == svi.address.ip
            elif gateways:
                assert svi.address.ip == gateways[0].first


def test_a_network_untagged_at_the_hosts_keeps_its_switch_vlan() -> None:
    """iscsi-multipath: XCP-ng management is untagged at the hosts, VLAN 410 on the switches, routed by
    the Junos core pair on irb.410 (not on VLAN 1)."""
    views = {v.name: (v, text) for v, text in rendered(ROOT / "designs" / "iscsi-multipath.yaml")}
    core, core_text = views["par1-core1"]
    svi = next(s for s in core.svis if s.network == "par1-mgmt")
    assert (svi.vlan, svi.name, svi.vlan_name) == (410, "irb.410", "par1-mgmt") and svi.vrrp is not None
    assert "set vlans par1-mgmt vlan-id 410" in core_text and "irb.1 " not in core_text
    leaf, leaf_text = views["par1-leaf1"]
    assert any(v.first == 410 and v.name == "par1-mgmt" for v in leaf.vlans)
    host_ports = [p for p in leaf.ports if p.kind == "host" and p.switchport.mode == "access"]
    assert host_ports and all(p.switchport.access_vlan == 410 for p in host_ports)
    assert "native vlan" not in leaf_text
    assert leaf.untagged_networks == ("par1-mgmt (VLAN 410)",)


@pytest.mark.parametrize("path", EXAMPLES, ids=_ids(EXAMPLES))
def test_cores_route_to_the_firewall_over_their_transit_interface(path: Path) -> None:
    d = deployment(path)
    switches = {s.name: s for s in d.design.switches}
    for view, text in rendered(path):
        sw = switches[view.name]
        for att in sw.interfaces:
            svi = next(s for s in view.svis if s.network == att.network)
            assert svi.address.ip == d.address_plan.address(sw.name, att.network) and svi.vrrp is None
            assert svi.name in text and str(svi.address.ip) in text
        if sw.interfaces:
            first = d.design.networks[sw.interfaces[0].network]
            assert view.default_route == first.gateway, view.name
            assert str(first.gateway) in text and "No default route" not in text


def test_core_default_route_replaces_a_global_management_route() -> None:
    """EOS manages out of band in the global table: the transit route wins, and the page says so."""
    views = {v.name: (v, text) for v, text in rendered(ROOT / "designs" / "large-scale-redundant.yaml")}
    core, text = views["ams1-core1"]
    assert [(str(r.next_hop), r.vrf) for r in core.routes] == [("10.20.255.1", "")]
    assert "ip route 0.0.0.0/0 10.20.255.1" in text and "ip route 0.0.0.0/0 10.20.250.1" not in text
    assert any("Management1 is in the global routing table" in n for n in core.notes)
    leaf, leaf_text = views["ams1-p01-leaf1"]  # NX-OS keeps its management route in VRF management
    assert [(str(r.next_hop), r.vrf) for r in leaf.routes] == [("10.20.250.1", "management")]
    assert "vrf context management\n  ip route 0.0.0.0/0 10.20.250.1" in leaf_text


_OWN = re.compile(r"(?:ip address|inet address) (\d+\.\d+\.\d+\.\d+)")


def _own_addresses(text: str) -> set[IPv4Address]:
    """Addresses a configuration puts on the switch's own interfaces (VRRP virtual addresses aside)."""
    return {IPv4Address(m) for m in _OWN.findall(text)} - {IPv4Address("169.254.0.0"), IPv4Address("169.254.0.1")}


def _planned(d: Deployment, name: str) -> set[IPv4Address]:
    return {a.first for a in d.address_plan.allocations if not a.is_range and name in a.device.split("/")}


@pytest.mark.parametrize("path", EXAMPLES, ids=_ids(EXAMPLES))
def test_the_plan_gives_a_switch_exactly_the_addresses_its_configuration_uses(path: Path) -> None:
    """Every address planned for a switch is in its configuration (a gateway it shares as VRRP as the
    virtual address), and every address the configuration sets on the switch is planned for it."""
    d = deployment(path)
    switches = {s.name: s for s in d.design.switches}
    for view, text in rendered(path):
        planned = _planned(d, view.name)
        own = _own_addresses(text)
        sw = switches[view.name]
        if second_member(sw, switches.get(sw.peer or "")):
            assert own == set(), view.name  # StackWise Virtual member 2: member 1 holds the pair's addresses
            continue
        missing = {str(a) for a in planned if str(a) not in text}
        assert not missing, f"{view.name}: planned but not configured: {sorted(missing)}"
        assert own <= planned, f"{view.name}: configured but not planned: {sorted(map(str, own - planned))}"


def _variant(path: Path, change: Any) -> Deployment:
    data = yaml.safe_load(path.read_text())
    change(data)
    loaded = load_text(yaml.safe_dump(data, sort_keys=False), "variant.yaml")
    d = Deployment(loaded, validate(loaded))
    assert d.valid, [f.text() for f in d.findings if f.severity.value == "error"]
    return d


def test_a_stackwise_virtual_core_pair_holds_its_gateways_without_vrrp() -> None:
    """IOS-XE cores run as one switch: the gateway sits on member 1's SVI, no per-switch VRRP addresses
    are planned, and member 2 gets no address at all."""
    def to_iosxe(data: dict[str, Any]) -> None:
        for sw in data["switches"]:
            if sw["role"] == "core":
                sw["platform"] = "cisco_iosxe"

    d = _variant(ROOT / "designs" / "multi-site.yaml", to_iosxe)
    assert not [a for a in d.address_plan.allocations if a.role == "vrrp"]
    assert not [a for a in d.address_plan.allocations if a.device == "dc1-core2"]
    views = {v.name: v for v in switch_configs(d.design, d.inventory, d.port_plan, d.address_plan)}
    core1, core2 = views["dc1-core1"], views["dc1-core2"]
    svc = next(s for s in core1.svis if s.network == "dc1-svc")
    assert str(svc.address.ip) == "10.60.0.1" and svc.vrrp is None
    assert core1.management is not None and core1.management.address == svc.address
    assert core2.svis == [] and core2.management is None and core2.routes == []
    transit = next(s for s in core1.svis if s.network == "dc1-transit")
    assert d.address_plan.address("dc1-core1", "dc1-transit") == transit.address.ip
    assert core1.default_route == IPv4Address("10.60.255.1")


def test_a_core_managed_on_a_network_it_routes_uses_its_vrrp_address() -> None:
    """multi-site: the cores are managed on dc1-svc, which they route; an address given for that
    management is the core's own VRRP address, and no second address is planned."""
    def pin(data: dict[str, Any]) -> None:
        for sw in data["switches"]:
            if sw["name"] == "dc1-core1":
                sw["management"]["address"] = "10.60.0.40"

    d = _variant(ROOT / "designs" / "multi-site.yaml", pin)
    rows = [(a.address_text, a.role) for a in d.address_plan.allocations
            if a.device == "dc1-core1" and a.network == "dc1-svc"]
    assert rows == [("10.60.0.40", "vrrp")]
    view = next(v for v in switch_configs(d.design, d.inventory, d.port_plan, d.address_plan) if v.name == "dc1-core1")
    assert view.management is not None and str(view.management.address) == "10.60.0.40/24"


def test_a_switch_routing_its_management_network_alone_is_managed_on_the_gateway() -> None:
    def single_core(data: dict[str, Any]) -> None:
        data["switches"] = [s for s in data["switches"] if s["name"] != "dc1-core2"]
        for sw in data["switches"]:
            if sw["name"] == "dc1-core1":
                sw.pop("peer")
                sw["peer_link_ports"] = []
                sw["management"]["address"] = "10.60.0.40"

    data = yaml.safe_load((ROOT / "designs" / "multi-site.yaml").read_text())
    single_core(data)
    loaded = load_text(yaml.safe_dump(data, sort_keys=False), "variant.yaml")
    d = Deployment(loaded, validate(loaded))
    issues = [i for i in plan_issues(d)
              if i.rule == "PLAN-ADDRESS" and "dc1-core1 routes network dc1-svc" in i.message]
    assert issues and "10.60.0.1" in issues[0].fix


@pytest.mark.parametrize("path", EXAMPLES, ids=_ids(EXAMPLES))
def test_the_ip_plan_names_the_interface_the_config_manages_a_switch_on(path: Path) -> None:
    d = deployment(path)
    checked = 0
    for view, _ in rendered(path):
        rows = [a for a in d.address_plan.allocations if a.device == view.name and a.role == "switch"]
        if view.management is None or not rows:
            continue
        assert [a.interface for a in rows] == [view.management.interface], view.name
        checked += 1
    assert checked


def test_junos_25g_ports_of_a_qfx5120_48y_get_their_speed_set_first() -> None:
    """Its SFP28 ports run at 10G (xe-) until told otherwise: the et- names exist only after the speed is set."""
    views = {v.name: (v, text) for v, text in rendered(ROOT / "designs" / "basic-sg.yaml")}
    view, text = views["fra1-p01-sw1"]
    notes = [n for n in view.notes if "speed" in n]
    assert len(notes) == 1
    assert ("set chassis fpc 0 pic 0 port 0 speed 25g (et-0/0/0 to et-0/0/3); "
            "set chassis fpc 0 pic 0 port 4 speed 25g (et-0/0/4 to et-0/0/7); "
            "set chassis fpc 0 pic 0 port 8 speed 25g (et-0/0/8 to et-0/0/11)") in notes[0]
    assert f"# Note: {notes[0]}" in text
    assert "set interfaces et-0/0/9 ether-options 802.3ad ae20" in text  # host 10, port 9 of the quad 8-11
    for v, _ in rendered(ROOT / "designs" / "iscsi-multipath.yaml"):  # QFX5120-32C: 100G ports only
        assert not [n for n in v.notes if "set chassis" in n], v.name


def test_a_switch_of_an_unknown_model_says_its_port_names_are_guessed() -> None:
    def unknown(data: dict[str, Any]) -> None:
        for sw in data["switches"]:
            if sw["name"] == "lab-sw1":
                sw["model"] = "C9300X-48TX"

    d = _variant(ROOT / "designs" / "small-scale.yaml", unknown)
    view = switch_configs(d.design, d.inventory, d.port_plan, d.address_plan)[0]
    assert any("no port table for model C9300X-48TX" in n for n in view.notes)
    for v, _ in rendered(ROOT / "designs" / "small-scale.yaml"):
        assert not [n for n in v.notes if "port table" in n]


def test_an_iosxe_layer2_switch_reaches_its_gateway_with_or_without_ip_routing() -> None:
    """ip default-gateway is ignored once ip routing is on (the default on some Catalyst models), so the
    static default route goes in as well."""
    (view, text), = rendered(ROOT / "designs" / "small-scale.yaml")
    assert not view.routed
    assert "ip default-gateway 10.10.0.1\nip route 0.0.0.0 0.0.0.0 10.10.0.1\n" in text


def test_stackwise_virtual_member_2_is_renumbered_joined_then_configured_from_the_active() -> None:
    """Member 2's ports are named 2/0/n only after 'switch 1 renumber 2' and a reload, and once the pair has
    formed the active switch's configuration is the pair's: member 2 alone keeps only its SVL bootstrap."""
    views = {v.name: text for v, text in rendered(ROOT / "designs" / "primary-storage-separated.yaml")}
    member2 = views["lon1-sw2"].splitlines()
    at = {key: next(i for i, line in enumerate(member2) if key in line)
          for key in ("switch 1 renumber 2", "stackwise-virtual", "stackwise-virtual link 1", "Step 3", "vlan 40",
                      "interface TwentyFiveGigE2/0/1")}
    assert at["switch 1 renumber 2"] < at["stackwise-virtual"] < at["stackwise-virtual link 1"] < at["Step 3"]
    assert at["Step 3"] < at["vlan 40"] < at["interface TwentyFiveGigE2/0/1"]
    links = [i for i, line in enumerate(member2) if line == " stackwise-virtual link 1"]
    assert len(links) == 2 and max(links) < at["Step 3"]
    assert "interface TwentyFiveGigE2/0/47" in member2 and "hostname lon1-sw2" not in member2
    member1 = views["lon1-sw1"].splitlines()
    assert member1.index("stackwise-virtual") < member1.index("interface TwentyFiveGigE1/0/47") \
        < member1.index("interface TwentyFiveGigE1/0/1")
    assert not [line for line in member1 if "2/0/" in line and line.startswith("interface")]


def test_long_network_names_cut_to_the_vlan_name_limit_stay_apart() -> None:
    """NX-OS and EOS take 32 characters: two networks alike in their first 32 keep distinct VLAN names."""
    long_prefix = "ams1-pod-one-management-network-"  # 32 characters

    def rename(data: dict[str, Any]) -> None:
        text = yaml.safe_dump(data, sort_keys=False)
        for old in ("ams1-p01-mgmt", "ams1-p02-mgmt"):
            text = text.replace(old, long_prefix + old[5:8])
        data.clear()
        data.update(yaml.safe_load(text))

    d = _variant(ROOT / "designs" / "large-scale-redundant.yaml", rename)
    for view in switch_configs(d.design, d.inventory, d.port_plan, d.address_plan):
        names = [v.name for v in view.vlans if v.named]
        assert len(names) == len(set(names)), view.name
        assert all(len(n) <= view.platform.vlan_name_max for n in names), view.name
        if view.name == "ams1-core1":
            assert {v.first: v.name for v in view.vlans if v.first in (110, 120)} == {
                110: "ams1-pod-one-management-netw-110", 120: "ams1-pod-one-management-netw-120"}
            svis = {s.vlan: s.vlan_name for s in view.svis}
            assert svis[110] == "ams1-pod-one-management-netw-110"


def _blocks(text: str) -> dict[str, str]:
    """Interface name → the lines of its block (IOS-style configs)."""
    out: dict[str, str] = {}
    name = ""
    for line in text.splitlines():
        if line.startswith("interface "):
            name = line.split(None, 1)[1]
            out[name] = ""
        elif name and line.startswith(" "):
            out[name] += line.strip() + "\n"
        else:
            name = ""
    return out


@pytest.mark.parametrize("path", EXAMPLES, ids=_ids(EXAMPLES))
def test_one_spanning_tree_rooted_at_the_core_and_guarded_edges(path: Path) -> None:
    """Every switch runs MST in one region; the site's first core is the root, the second its backup; every
    host- or server-facing port (and port-channel) is an edge port that shuts on a BPDU."""
    priorities: dict[str, dict[str, int]] = {}
    for view, text in rendered(path):
        key = view.platform.key
        if not view.sets_hostname:  # the second StackWise Virtual member is configured from the first
            continue
        if key == "juniper_junos":
            assert "set protocols mstp configuration-name cloudstack" in text
            assert "set protocols mstp bpdu-block-on-edge" in text and "rstp" not in text
            found = re.search(r"bridge-priority (\d+)k", text)
            prio = int(found.group(1)) * 1024 if found else 32768
        else:
            assert re.search(r"^spanning-tree mode mstp?$", text, re.M), view.name
            assert re.search(r"^\s+name cloudstack$", text, re.M), view.name
            found = re.search(r"^spanning-tree mst 0 priority (\d+)$", text, re.M)
            prio = int(found.group(1)) if found else 32768
            for name, body in _blocks(text).items():
                if "portfast" in body or "port type edge" in body:
                    assert "spanning-tree bpduguard enable" in body, f"{view.name} {name}"
        priorities.setdefault(view.site, {})[view.name] = prio
        edges = [p.name for p in view.ports if p.edge and p.channel_group is None] + [
            pc.name for pc in view.port_channels if pc.edge]
        if key == "juniper_junos":
            for name in edges:
                assert f"set protocols mstp interface {name} edge" in text, f"{view.name} {name}"
    for site, by_switch in priorities.items():
        cores = sorted(v.name for v, _ in rendered(path) if v.role == "core" and v.site == site)
        if cores:
            assert by_switch[cores[0]] == 4096 and min(by_switch.values()) == 4096, site
            assert all(p > 4096 for n, p in by_switch.items() if n != cores[0]), site
