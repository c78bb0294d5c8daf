"""The lab plan (pure, no root): built from the port plan, address plan and host-config model."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from generator.lab.expect import Pair, lab_pairs, neighbours, waves
from generator.lab.plan import Endpoint, check_names
from generator.lab.prove import NEIGHBOUR_BUDGET, matrix_of, plan_of
from generator.lab.report import StorageResult
from generator.model.storage import CephMonitor
from generator.pipeline import run, run_text
from generator.verify.reachability import expected_pairs

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
        devices = {s.device for s in net.storage} | {net.management_device}
        assert iface.design_name in devices
        assert all(str(a) in {*(str(s.address) for s in net.storage), str(net.management_address)}
                   for a in iface.addresses)


def test_every_cabled_host_port_is_an_ovs_port_with_the_planned_vlans(deployment) -> None:  # type: ignore[no-untyped-def]
    plan = plan_of(deployment)
    by_member = {m: p for p in plan.ports for m in p.members}
    for link in plan.links:
        if link.isl or not link.switches or plan.names[link.a].endswith("(in-band)"):
            continue
        port = by_member[link.a]
        row = next(r for r in deployment.port_plan.rows
                   if plan.names[link.a] == f"{r.switch} {r.port}" and r.switch == link.switches[0])
        assert set(port.vlans) >= row.vlans


def test_every_verify_pair_is_proven_or_listed_with_a_reason(deployment) -> None:  # type: ignore[no-untyped-def]
    plan = plan_of(deployment)
    verify = expected_pairs(deployment)
    matrix = lab_pairs(plan, verify)
    assert verify, "a design proves something"
    replayed = [p for p in matrix.pairs if p.proves]
    assert len(replayed) + len(matrix.unproven) == len(verify)
    assert all(p.size and not p.proves for p in matrix.pairs if p not in replayed), "lab extras: packet sizes only"
    by_text = {p.proves for p in replayed}
    for v in verify:
        mapped = [p for p in matrix.pairs if p.proves.startswith(f"{v.kind.value} {'/'.join(v.networks)}: {v.source} "
                                                                 f"{v.source_address} → {v.target} {v.target_address}")]
        if mapped:
            (p,) = mapped
            assert (str(p.source.address), str(p.target.address), p.reach) == (v.source_address, v.target_address,
                                                                              v.must_reach)
            assert p.source.namespace != p.target.namespace
        else:
            assert any(u.verify == v and u.reason for u in matrix.unproven)
    assert len(by_text) == len(replayed)
    assert all(p.reach and p.source.role == "host" for p in matrix.drills)


def test_every_example_pair_is_mapped_onto_the_lab() -> None:
    """Switch management addresses (in-band and out-of-band), the load balancer VIP and the site-to-site link are
    emulated, so no example leaves a verify pair unproven, except Ceph monitors: the design names their addresses
    but gives them no NIC (the model has none for a monitor; the Ceph cluster's network is its own design), so the
    lab builds no endpoint for them and its report says exactly that."""
    for path in DESIGNS:
        d = run(path)
        assert d.loaded.design is not None
        monitors = {m.name: m for c in d.loaded.design.ceph_clusters for m in c.monitors}
        unproven = lab_pairs(plan_of(d), expected_pairs(d)).unproven
        assert [u for u in unproven if u.verify.source not in monitors and u.verify.target not in monitors] == [], \
            path.stem
        for u in unproven:
            m = monitors[u.verify.source]
            net = u.verify.networks[0]
            assert u.reason == (f"{m.name} {m.address} is not in the lab: {m.name} {m.address} on {net}: "
                                "a Ceph monitor, which the design does not cable (Ceph monitors have no NICs in the "
                                "design model); not emulated"), path.stem
    assert "nics" not in CephMonitor.model_fields, "monitors can be cabled now: cable them in kvm-ceph-vxlan"


def test_rbd_storage_leaves_each_host_by_its_storage_device_towards_every_monitor() -> None:
    """The monitors are not in the lab, but the route to them is: each host's RBD traffic must leave by the host
    config's Ceph-network device; with the host's address there taken away, the check expects it all the same."""
    from generator.host_configs.view import host_networks

    d = run(Path("designs/kvm-ceph-vxlan.yaml"))
    plan = plan_of(d)
    nets = {n.host: n for n in host_networks(d.design, d.inventory, d.port_plan, d.address_plan)}
    monitors = {str(m.address) for c in d.design.ceph_clusters for m in c.monitors}
    hosts = [h.name for h in d.inventory.hosts]
    assert len(plan.storage_checks) == len(hosts) * len(monitors)
    for c in plan.storage_checks:
        (device,) = {s.device for s in nets[c.host].primary_storage}
        assert (c.interface, str(c.target)) == (device, str(c.target)) and str(c.target) in monitors
        assert c.pool.endswith("-rbd")
    assert not StorageResult(plan.storage_checks[0], "cloudbr0").ok
    assert StorageResult(plan.storage_checks[0], plan.storage_checks[0].interface).ok
    assert all(c.target != p.target.address for c in plan.storage_checks for p in matrix_of(d, plan).drills), \
        "a monitor is no ping target: the lab has no endpoint for it"


def test_esxi_management_address_is_on_vmk0_as_the_esxcli_config_puts_it() -> None:
    from generator.host_configs.render import config_text
    from generator.host_configs.view import host_networks

    d = run(Path("designs/vmware-vcenter.yaml"))
    plan = plan_of(d)
    hosts = {n.key for n in plan.namespaces if n.role == "host"}
    management = [i for i in plan.interfaces if i.namespace in hosts]
    assert management and {i.name for i in management} == {"vmk0"}
    assert all("vmnic0" in i.via for i in management)
    for net in host_networks(d.design, d.inventory, d.port_plan, d.address_plan):
        address = net.management_address
        assert net.management_device == "vmk0" and address is not None
        assert f"--interface-name=vmk0 --type=static --ipv4={address.ip} " in config_text(net, "vmware-vcenter.yaml")


def test_without_the_site_link_the_pairs_across_sites_are_listed_not_dropped() -> None:
    d = run(Path("designs/multi-site.yaml"))
    plan = plan_of(d)
    wan = [link for link in plan.links if link.a_ns]
    assert len(wan) == 1 and {wan[0].a_ns, wan[0].b_ns} <= {n.key for n in plan.namespaces if n.role == "gateway"}
    cut = replace(plan, links=[link for link in plan.links if not link.a_ns])
    matrix = lab_pairs(cut, expected_pairs(d))
    across = [p for p in expected_pairs(d) if "(site-to-site link)" in p.path]
    assert across and sorted(u.verify for u in matrix.unproven) == sorted(across)
    assert all("site-to-site" in u.reason for u in matrix.unproven)


def test_isolation_pairs_are_replayed_bound_to_the_source_interface() -> None:
    d = run(Path("designs/primary-storage-separated.yaml"))
    plan = plan_of(d)
    apart = [p for p in matrix_of(d, plan).pairs if not p.reach]
    assert apart, "the dedicated primary-storage network stays apart from management"
    for p in apart:
        assert p.bind == "interface" and p.source_option == p.source.interface
        assert p.target.network == "lon1-primary" and "isolated" in p.proves


def test_with_a_pod_the_other_pods_pairs_are_listed_not_dropped() -> None:
    d = run(Path("designs/large-scale-redundant.yaml"))
    plan = plan_of(d, pod="ams1-p01")
    matrix = matrix_of(d, plan, "ams1-p01")
    assert any("ams1-p02" in u.verify.source and "outside pod ams1-p01" in u.reason for u in matrix.unproven)
    assert len(matrix.pairs) + len(matrix.unproven) == len(expected_pairs(d))


def test_networks_without_a_gateway_stay_apart() -> None:
    d = run(Path("designs/primary-storage-separated.yaml"))
    plan = plan_of(d)
    apart = [p for p in matrix_of(d, plan).pairs if not p.reach]
    assert {p.target.network for p in apart} == {"lon1-primary"}


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


def test_a_pair_whose_end_the_lab_lacks_is_listed_with_the_reason() -> None:
    d = run(Path("designs/small-scale.yaml"))
    plan = plan_of(d)
    gateway = [e for e in plan.endpoints if e.device == "lab-fw1"]
    assert gateway
    cut = replace(plan, endpoints=[e for e in plan.endpoints if e.device != "lab-fw1"],
                  notes=[*plan.notes, "lab-fw1 on lab-mgmt: no switch port carries the network to it; not emulated"])
    matrix = lab_pairs(cut, expected_pairs(d))
    assert matrix.unproven and all(u.verify.target == "lab-fw1" for u in matrix.unproven)
    assert all("not emulated" in u.reason and "lab-fw1 10.10.0.1" in u.reason for u in matrix.unproven)
    assert len(matrix.pairs) + len(matrix.unproven) == len(expected_pairs(d))


def test_waves_keep_order_and_each_stays_within_the_neighbour_budget() -> None:
    d = run(Path("designs/iscsi-multipath.yaml"))
    plan = plan_of(d)
    by_network: dict[str, list[Endpoint]] = {}
    for e in plan.endpoints:
        by_network.setdefault(e.network, []).append(e)
    pairs = [Pair(a, b, True, "mesh") for held in by_network.values() for i, a in enumerate(held)
             for b in held[i + 1:] if a.namespace != b.namespace]
    cut = waves(pairs, 200)
    assert len(cut) > 3
    assert [p for w in cut for p in w] == pairs
    assert all(len(set().union(*(neighbours(p) for p in w))) <= 200 for w in cut)
    assert waves(matrix_of(d, plan).pairs, NEIGHBOUR_BUDGET) == [matrix_of(d, plan).pairs]


def test_packet_sizes_beyond_1500_come_from_the_network_mtu_and_the_vxlan_underlay() -> None:
    """kvm-ceph-vxlan: the Ceph network and both underlays at MTU 9000. With the underlays left at the default MTU
    they must still carry the guests' 1,500 bytes plus 50 of VXLAN: the lab reckons as validation does, which
    refuses that design (VXLAN-UNDERLAY-MTU), so `stackplan lab` never runs it. A design without either asks for
    nothing beyond 1,500 bytes."""
    d = run(Path("designs/kvm-ceph-vxlan.yaml"))
    plan = plan_of(d)
    assert plan.frames == dict.fromkeys(("fra1-ceph", "fra1-r1-vtep", "fra1-r2-vtep"), (9000, "network MTU 9000"))
    text = Path("designs/kvm-ceph-vxlan.yaml").read_text()
    for vlan in (151, 152):
        assert f"    vlan: {vlan}\n    mtu: 9000\n" in text
        text = text.replace(f"    vlan: {vlan}\n    mtu: 9000\n", f"    vlan: {vlan}\n")
    plain = run_text(text, "underlay-at-1500.yaml")
    assert not plain.valid
    assert {f.rule for f in plain.findings if f.severity.value == "error"} == {"VXLAN-UNDERLAY-MTU"}
    frames = plan_of(plain).frames
    assert frames["fra1-r1-vtep"] == frames["fra1-r2-vtep"] == (1550, "VXLAN underlay: guest MTU 1500 + 50 bytes "
                                                                       "of encapsulation")
    assert plan_of(run(Path("designs/large-scale-redundant.yaml"))).frames == {}


def test_jumbo_pairs_are_the_hosts_pairs_within_the_network_again_at_full_size() -> None:
    d = run(Path("designs/kvm-ceph-vxlan.yaml"))
    plan = plan_of(d)
    pairs = matrix_of(d, plan).pairs
    big = [p for p in pairs if p.size]
    hosts = [h.name for h in d.inventory.hosts]
    assert len(big) == 2 * len(hosts)  # each host: the Ceph network's gateway and its underlay's
    assert all(p.size == 9000 and p.ping_options == "-M do -s 8972" and not p.proves for p in big)
    assert all(p.source.role == "host" and p.source.network == p.target.network for p in big)
    assert {(p.source, p.target) for p in big} <= {(p.source, p.target) for p in pairs if not p.size}
    host_ns = {n.key for n in plan.namespaces if n.role == "host"}
    vtep = next(link for link in plan.links if link.b_ns in host_ns and link.b == "cloudbr1")
    assert (vtep.mtu, vtep.peer_mtu) == (9000, 9000)
    nic = next(link for link in plan.links if plan.names.get(link.b) == "fra1-r1-kvm01 ens1f1")
    assert (nic.mtu, nic.peer_mtu) == (9000, 9000)  # the leaf's port and the host's bond1 member
