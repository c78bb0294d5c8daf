"""VXLAN guest isolation (generator/rules/vxlan.py) and the VNI range type."""

from __future__ import annotations

import pytest

from generator.deployment import Deployment
from generator.export import zone_export
from generator.loader.load import load_text
from generator.rules import validate
from tests.rules.kit import Case, Data, check_fires, check_quiet, dump, mutated, run, zone


def guest_pnet(d: Data) -> Data:
    pnet: Data = zone(d)["physical_networks"][1]
    return pnet


def to_vxlan(d: Data) -> None:
    """The guest network isolated by VXLAN, with VNIs past the VLAN id space and a jumbo underlay."""
    pnet = guest_pnet(d)
    del pnet["guest_vlans"]
    pnet.update(isolation="VXLAN", guest_vnis=["5000-5999", "100000-100999"], mtu=9000)


def vxlan_with_vlans(d: Data) -> None:
    guest_pnet(d).update(isolation="VXLAN", mtu=9000)


def vnis_on_vlan(d: Data) -> None:
    guest_pnet(d)["guest_vnis"] = ["5000-5999"]


def underlay_too_small(d: Data) -> None:
    to_vxlan(d)
    guest_pnet(d)["mtu"] = 1540


def underlay_just_enough(d: Data) -> None:
    to_vxlan(d)
    guest_pnet(d).update(mtu=1550, guest_mtu=1500)


def jumbo_guests(d: Data) -> None:
    to_vxlan(d)
    guest_pnet(d)["guest_mtu"] = 8990  # the underlay's 9000 no longer leaves room for the header


CASES = [
    Case("VXLAN-GUEST-RANGE", vxlan_with_vlans, ("lab-pnet-guest", "VXLAN", "guest_vlans"), to_vxlan,
         at="500-599"),
    Case("VXLAN-GUEST-RANGE", vnis_on_vlan, ("lab-pnet-guest", "guest_vnis", "VLAN"), to_vxlan, at="5000-5999"),
    Case("VXLAN-MTU", underlay_too_small, ("lab-pnet-guest", "1540", "guests at 1500 need 1550"),
         underlay_just_enough, at="mtu: 1540"),
    Case("VXLAN-MTU", jumbo_guests, ("lab-pnet-guest", "9000", "guests at 8990 need 9040"), underlay_just_enough,
         at="mtu: 9000"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_quiet(case: Case) -> None:
    check_quiet(case)


def test_a_vxlan_design_is_valid_and_the_zone_script_reserves_its_vnis() -> None:
    """The design a KVM + VXLAN user writes: no 'outside 1-4094', no missing guest range, and the zone
    script hands CloudStack the VNIs (which its own check accepts for a VXLAN physical network)."""
    text, findings = run(mutated(to_vxlan))
    assert [f.text() for f in findings if f.severity.value == "error"] == []
    loaded = load_text(text, "case.yaml")
    export = zone_export(Deployment(loaded, validate(loaded)))
    vlans = [c.text("vlan") for c in export.calls if c.api == "updatePhysicalNetwork" and c.text("vlan")]
    assert "5000-5999,100000-100999" in vlans
    assert export.problems == []


@pytest.mark.parametrize(("vnis", "message"), [
    (["0-10"], "VNI 0 in '0-10' is outside 1-16777214"),
    (["16777215"], "VNI 16777215 in '16777215' is outside 1-16777214"),
    (["6000-5000"], "VNI range '6000-5000' ends before it starts"),
])
def test_vni_ranges_are_checked_at_load(vnis: list[str], message: str) -> None:
    data = mutated(to_vxlan)
    guest_pnet(data)["guest_vnis"] = vnis
    loaded = load_text(dump(data), "case.yaml")
    assert any(message in f.message for f in loaded.findings), [f.text() for f in loaded.findings]
