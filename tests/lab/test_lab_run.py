"""The lab run for real (root and Open vSwitch): every example passes, faults injected into the plan are caught.

Skipped with the reason when the machine cannot run it; ``bash scripts/setup.sh`` installs Open vSwitch.
"""

from __future__ import annotations

from dataclasses import replace
from ipaddress import IPv4Network
from pathlib import Path

import pytest

from generator.lab.expect import drill_pairs, expected_pairs
from generator.lab.prove import new_prefix, plan_of, run_lab
from generator.lab.run import MachineUnfit, leftovers, preflight
from generator.pipeline import run

try:
    preflight()
    REASON = ""
except MachineUnfit as exc:
    REASON = str(exc)

pytestmark = pytest.mark.skipif(bool(REASON), reason=f"the lab cannot run here: {REASON}")

# The large redundant design with its drills is the benchmark's (benchmarks/lab_bench.py); here one pod of it.
# iscsi-multipath: 860 pairs over 22 namespaces overflow the machine-wide neighbour table (gc_thresh3 1024,
# shared by every namespace); a few ARP resolutions then fail even on the lone retries. Known, not yet fixed.
CASES = [("small-scale", None), ("basic-sg", None), ("primary-storage-separated", None), ("multi-site", None),
         pytest.param("iscsi-multipath", None, marks=pytest.mark.xfail(
             strict=False, reason="neighbour table overflow (gc_thresh3 1024, machine-wide) on 860 pairs")),
         ("large-scale-redundant", "ams1-p01")]


@pytest.mark.parametrize(("slug", "pod"), CASES)
def test_every_example_is_proven_and_leaves_nothing(slug: str, pod: str | None) -> None:
    d = run(Path(f"designs/{slug}.yaml"))
    plan = plan_of(d, pod, new_prefix())
    result = run_lab(plan, expected_pairs(plan), drill_pairs(plan, d.design), pod)
    assert result.failures == []
    assert result.ok
    assert leftovers(plan.prefix) == []


def _host_port(plan, host: str):  # type: ignore[no-untyped-def]
    """The switch-side OVS port cabled to ``host``'s first NIC."""
    link = next(link for link in plan.links if plan.names.get(link.b, "").startswith(f"{host} "))
    return next(p for p in plan.ports if link.a in p.members)


@pytest.mark.parametrize("fault", ["trunk missing a VLAN", "host address in the wrong VLAN"])
def test_a_fault_in_the_plan_breaks_exactly_the_pairs_of_the_host_it_touches(fault: str) -> None:
    d = run(Path("designs/small-scale.yaml"))
    clean = plan_of(d, None, new_prefix())
    pairs = expected_pairs(clean)
    host = "lab-kvm02"
    if fault == "trunk missing a VLAN":
        port = _host_port(clean, host)
        vlan = d.design.networks["lab-mgmt"].vlan or 1
        fixed = replace(port, trunks=tuple(v for v in port.trunks if v != vlan) or (4000,),
                        native=None if port.native == vlan else port.native,
                        tag=None if port.tag == vlan else port.tag)
        plan = replace(clean, ports=[fixed if p is port else p for p in clean.ports])
    else:
        ns = next(n.key for n in clean.namespaces if n.device == host)
        iface = next(i for i in clean.interfaces if i.namespace == ns)
        link = next(link for link in clean.links if link.b_ns == ns and link.b == iface.name)
        plan = replace(clean, ports=[replace(p, tag=3999) if p.name == link.a else p for p in clean.ports])
    result = run_lab(plan, pairs, [])
    assert leftovers(plan.prefix) == []
    failed = {r.pair.key for r in result.pairs if not r.ok}
    touching = {p.key for p in pairs if p.reach and host in (p.source.device, p.target.device)}
    assert touching
    assert failed == touching


def test_a_nic_cabled_to_the_wrong_switch_is_caught() -> None:
    """One host's iSCSI fabric-A cable plugged into fabric B's switch: exactly its pairs over fabric A break."""
    d = run(Path("designs/iscsi-multipath.yaml"))
    clean = plan_of(d, None, new_prefix())
    pairs = [p for p in expected_pairs(clean) if "par1-xcp01" in (p.source.device, p.target.device)]
    link = next(link for link in clean.links if clean.names.get(link.b) == "par1-xcp01 eth4")
    port = next(p for p in clean.ports if link.a in p.members)
    stor_b = next(b.name for b in clean.bridges if b.title == "par1-stor-b")
    plan = replace(clean, ports=[replace(p, bridge=stor_b) if p is port else p for p in clean.ports])
    result = run_lab(plan, pairs, [])
    assert leftovers(plan.prefix) == []
    failed = {r.pair.key for r in result.pairs if not r.ok}
    fabric_a = IPv4Network("10.50.64.0/24")  # xcp01 reaches it, and is reached on it, by eth4
    expected = {p.key for p in pairs if p.reach and (p.source.address in fabric_a or p.target.address in fabric_a)}
    assert expected
    assert failed == expected
