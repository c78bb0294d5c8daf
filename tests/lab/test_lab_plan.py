"""The lab plan (pure, no root): built from the port plan, address plan and host-config model."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.lab.expect import drill_pairs, expected_pairs
from generator.lab.plan import check_names
from generator.lab.prove import plan_of
from generator.pipeline import run

DESIGNS = sorted(Path("designs").glob("*.yaml"))


@pytest.fixture(scope="module", params=DESIGNS, ids=lambda p: p.stem)
def deployment(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    d = run(request.param)
    assert d.valid
    return d


def test_every_lab_name_is_a_valid_interface_name(deployment) -> None:  # type: ignore[no-untyped-def]
    plan = plan_of(deployment, prefix="spffff")
    assert check_names(plan) == []
    ends = [x for link in plan.links for x in (link.a, link.b) if link.b_ns == ""]
    assert len(ends) == len(set(ends)), "two fabric interfaces share a name"


def test_host_devices_come_from_the_host_config_model(deployment) -> None:  # type: ignore[no-untyped-def]
    from generator.host_configs.view import host_networks

    d = deployment
    plan = plan_of(d)
    nets = {n.host: n for n in host_networks(d.design, d.inventory, d.port_plan, d.address_plan)}
    for iface in plan.interfaces:
        ns = next(n for n in plan.namespaces if n.key == iface.namespace)
        if ns.role != "host":
            continue
        net = nets[ns.device]
        devices = {s.device for s in net.storage} | {lbl.name for lbl in net.labels if lbl.address}
        assert iface.design_name in devices
        assert all(str(a) in {*(str(s.address) for s in net.storage), str(net.management_address)}
                   for a in iface.addresses)


def test_every_cabled_host_port_is_an_ovs_port_with_the_planned_vlans(deployment) -> None:  # type: ignore[no-untyped-def]
    plan = plan_of(deployment)
    by_member = {m: p for p in plan.ports for m in p.members}
    for link in plan.links:
        if link.isl or not link.switches:
            continue
        port = by_member[link.a]
        row = next(r for r in deployment.port_plan.rows
                   if plan.names[link.a] == f"{r.switch} {r.port}" and r.switch == link.switches[0])
        assert set(port.vlans) >= row.vlans


def test_pairs_are_expected_both_ways_and_never_within_one_namespace(deployment) -> None:  # type: ignore[no-untyped-def]
    plan = plan_of(deployment)
    pairs = expected_pairs(plan)
    assert pairs, "a design proves something"
    assert all(p.source.namespace != p.target.namespace for p in pairs)
    assert all(p.reach for p in drill_pairs(plan, deployment.design))


def test_networks_without_a_gateway_stay_apart() -> None:
    d = run(Path("designs/primary-storage-separated.yaml"))
    plan = plan_of(d)
    apart = [p for p in expected_pairs(plan) if not p.reach]
    assert apart and all("no gateway" in p.why for p in apart)
    assert {"lon1-primary"} & {n for p in apart for n in (p.source.network, p.target.network)}


def test_mlag_pairs_are_one_bridge_and_drills_only_for_redundant_designs() -> None:
    d = run(Path("designs/large-scale-redundant.yaml"))
    plan = plan_of(d)
    pairs = [b for b in plan.bridges if len(b.switches) == 2]
    assert {b.title for b in pairs} == {"ams1-core1/ams1-core2", "ams1-p01-leaf1/ams1-p01-leaf2",
                                       "ams1-p02-leaf1/ams1-p02-leaf2"}
    kinds = {dr.kind for dr in plan.drills}
    assert kinds == {"switch", "link"}
    assert len([dr for dr in plan.drills if dr.kind == "switch"]) == len(d.design.switches)
    assert plan_of(run(Path("designs/small-scale.yaml"))).drills == []


def test_pod_keeps_only_that_pods_hosts() -> None:
    d = run(Path("designs/large-scale-redundant.yaml"))
    plan = plan_of(d, pod="ams1-p01")
    hosts = {n.device for n in plan.namespaces if n.role == "host"}
    assert hosts and all(h.startswith("ams1-p01-") for h in hosts)


def test_storage_egress_is_the_host_configs_storage_device() -> None:
    d = run(Path("designs/iscsi-multipath.yaml"))
    plan = plan_of(d)
    assert {c.interface for c in plan.storage_checks} == {"eth4", "eth5"}
