"""VXLAN underlay lines in the switch configurations (issue 15): for a design whose guest isolation is VXLAN
(designs/kvm-ceph-vxlan.yaml, and the same design on every platform stackplan renders), the switches carry
the pods' VTEP networks at the underlay MTU, and the cores that route them are the BGP EVPN route reflectors
of the hosts (or run PIM for multicast control). Parsed back with ciscoconfparse2 / the Junos checks."""

from __future__ import annotations

from functools import cache
from ipaddress import IPv4Network

import pytest
from ciscoconfparse2 import CiscoConfParse

from generator.deployment import Deployment
from generator.loader.load import load_text
from generator.rules import validate
from generator.switch_configs import SwitchConfig, config_text, switch_configs
from tests.conftest import DESIGNS

from .parse import check_junos_structure, parse

PLATFORMS = ("arista_eos", "cisco_nxos", "cisco_iosxe", "juniper_junos")
VTEPS = {"fra1-r1-vtep": (151, IPv4Network("10.40.16.0/24")), "fra1-r2-vtep": (152, IPv4Network("10.40.17.0/24"))}
_SYNTAX = {"cisco_nxos": "nxos", "cisco_iosxe": "ios", "arista_eos": "ios"}


@cache
def _configs(platform: str, *edits: tuple[str, str]) -> tuple[tuple[SwitchConfig, str], ...]:
    text = (DESIGNS / "kvm-ceph-vxlan.yaml").read_text().replace("platform: arista_eos", f"platform: {platform}")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    loaded = load_text(text, "designs/kvm-ceph-vxlan.yaml")
    findings = validate(loaded)
    assert not [f.text() for f in findings if f.severity.value == "error"]
    d = Deployment(loaded, findings)
    views = switch_configs(d.design, d.inventory, d.port_plan, d.address_plan)
    return tuple((v, config_text(v, "designs/kvm-ceph-vxlan.yaml")) for v in views)


def _one(platform: str, name: str, *edits: tuple[str, str]) -> tuple[SwitchConfig, str]:
    return next((v, t) for v, t in _configs(platform, *edits) if v.name == name)


def _bgp_cisco(text: str, platform: str) -> dict[str, list[str]]:
    """The children of ``router bgp`` (and of its address family), as ciscoconfparse2 reads them."""
    conf = CiscoConfParse(text.splitlines(), syntax=_SYNTAX[platform])
    routers = conf.find_objects(r"^router bgp \d+$")
    assert len(routers) == 1, text[-1500:]
    out: dict[str, list[str]] = {"": [routers[0].text]}
    for child in routers[0].all_children:
        out.setdefault("", []).append(child.text.strip())
    return out


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_switch_carrying_a_vtep_network_says_so_at_the_underlay_mtu(platform: str) -> None:
    checked = 0
    for view, text in _configs(platform):
        if view.vxlan is None:
            continue
        networks = {s.network for s in view.vxlan.segments}
        assert networks <= set(VTEPS)
        for seg in view.vxlan.segments:
            assert (seg.vlan, seg.cidr) == VTEPS[seg.network] and seg.mtu == 9000 and seg.control == "evpn"
            assert f"VXLAN underlay {seg.network} (VLAN {seg.vlan}, {seg.cidr})" in text
            assert "VNIs 10000-19999, evpn control" in text
        parsed = parse(text, platform)
        carrying = [p for p in (*view.ports, *view.port_channels)
                    if any(v in (VTEPS[n][0] for n in networks) for v in _vlans(parsed, p.name))]
        assert all((p.mtu or view.system_mtu or 0) >= 9000 for p in carrying), view.name
        checked += len(carrying)
    assert checked >= 8  # every leaf's host bonds and uplinks, the cores' downlinks

def _vlans(parsed: object, name: str) -> set[int]:
    from .parse import Parsed

    assert isinstance(parsed, Parsed)
    port = parsed.interfaces.get(name)
    if port is None:
        return set()
    return set(port.allowed) | ({port.access_vlan} if port.access_vlan else set())


@pytest.mark.parametrize("platform", ["arista_eos", "cisco_nxos", "cisco_iosxe"])
def test_the_core_is_the_hosts_evpn_route_reflector(platform: str) -> None:
    view, text = _one(platform, "fra1-core1")
    assert view.vxlan is not None and view.vxlan.evpn is not None
    evpn = view.vxlan.evpn
    assert evpn.asn == 65040 and set(evpn.listen) == {c for _, c in VTEPS.values()}
    lines = _bgp_cisco(text, platform)[""]
    assert lines[0] == "router bgp 65040"
    assert any(line.endswith(f"router-id {evpn.router_id}") for line in lines)
    for _, cidr in VTEPS.values():
        if platform == "cisco_nxos":
            assert f"neighbor {cidr} remote-as 65040" in lines
        else:
            assert any(line.startswith(f"bgp listen range {cidr} peer-group VTEPS") for line in lines)
    assert any("route-reflector-client" in line for line in lines)
    assert any(line in ("address-family evpn", "address-family l2vpn evpn") for line in lines)
    assert "send-community extended" in " ".join(lines)
    # the router id is the core's own planned address on the first VTEP network
    svi = next(s for s in view.svis if s.network == "fra1-r1-vtep")
    assert evpn.router_id == svi.address.ip


def test_junos_core_route_reflector_is_well_formed() -> None:
    view, text = _one("juniper_junos", "fra1-core1")
    assert check_junos_structure(text) == []
    assert view.vxlan is not None and view.vxlan.evpn is not None
    lines = text.splitlines()
    assert "set routing-options autonomous-system 65040" in lines
    assert f"set protocols bgp group VTEPS cluster {view.vxlan.evpn.router_id}" in lines
    assert "set protocols bgp group VTEPS family evpn signaling" in lines
    assert {f"set protocols bgp group VTEPS allow {c}" for _, c in VTEPS.values()} <= set(lines)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_leaves_carry_the_underlay_but_run_no_bgp(platform: str) -> None:
    view, text = _one(platform, "fra1-r1-leaf1")
    assert view.vxlan is not None and [s.network for s in view.vxlan.segments] == ["fra1-r1-vtep"]
    assert view.vxlan.evpn is None and "router bgp" not in text and "protocols bgp" not in text


def test_without_an_asn_the_core_says_no_route_reflector_is_configured() -> None:
    view, text = _one("arista_eos", "fra1-core1", ("vxlan: {control: evpn, asn: 65040}", "vxlan: {control: evpn}"))
    assert view.vxlan is not None and view.vxlan.evpn is None
    assert "router bgp" not in text
    assert "! Note: BGP EVPN: the design names no AS ('asn' under 'vxlan' of the physical network)" in text


@pytest.mark.parametrize("platform", PLATFORMS)
def test_multicast_control_runs_pim_on_the_vtep_svis(platform: str) -> None:
    view, text = _one(platform, "fra1-core1", ("vxlan: {control: evpn, asn: 65040}", "vxlan: {control: multicast}"))
    assert view.vxlan is not None and view.vxlan.evpn is None
    assert len(view.vxlan.pim_svis) == 2
    if platform == "juniper_junos":
        assert check_junos_structure(text) == []
        assert {f"set protocols pim interface {n} mode sparse" for n in view.vxlan.pim_svis} <= set(text.splitlines())
        return
    conf = CiscoConfParse(text.splitlines(), syntax=_SYNTAX[platform])
    pim = {"arista_eos": "pim ipv4 sparse-mode", "cisco_nxos": "ip pim sparse-mode",
           "cisco_iosxe": "ip pim sparse-mode"}
    for name in view.vxlan.pim_svis:
        stanzas = conf.find_objects(rf"^interface {name}$")
        assert any(c.text.strip() == pim[platform] for s in stanzas for c in s.children), name
    assert "rendezvous point is not in the design" in text
