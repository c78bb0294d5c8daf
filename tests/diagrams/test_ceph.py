"""Ceph clusters in the diagrams (issue 15): a new user's design with the company's Ceph cluster
(tests/diagrams/ceph-company.yaml) draws the cluster with its monitors and pools in the physical topology,
on its network in the network planes and under its RBD pools in the hierarchy, with ids from names (stable
whatever the order of the lists) and the cluster's free text escaped in the SVG and the draw.io file."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from generator.deployment import Deployment
from generator.diagrams import DiagramKind, Graph, build_graphs, drawio, to_svg
from generator.diagrams.graph import LinkKind, NodeKind
from generator.loader.load import load_text
from generator.rules import validate

DESIGN = Path(__file__).parent / "ceph-company.yaml"
MONITORS = {"ceph-a": "10.78.0.11", "ceph-b": "10.78.0.12", "ceph-c": "10.78.0.13", "ceph-d": "10.78.0.14",
            "ceph-e": "10.78.0.15"}


@cache
def _graphs(text: str) -> tuple[Graph, ...]:
    loaded = load_text(text, "ceph-company.yaml")
    findings = validate(loaded)
    assert not [f.text() for f in findings if f.severity.value == "error"]
    d = Deployment(loaded, findings)
    return tuple(build_graphs(d.design, d.inventory, d.port_plan))


def graphs() -> tuple[Graph, ...]:
    return _graphs(DESIGN.read_text())


def of(kind: DiagramKind) -> Graph:
    return next(g for g in graphs() if g.kind is kind)


def test_physical_topology_draws_the_cluster_its_monitors_and_pools() -> None:
    topology = of(DiagramKind.topology)
    group = next(g for g in topology.groups if g.id == "ceph_ber1-ceph")
    assert group.label.startswith("Ceph cluster ber1-ceph")
    members = {n.id: n for n in topology.nodes if n.group == group.id}
    assert set(members) == {f"ceph-mon_ber1-ceph_{m}" for m in MONITORS} | {"ceph-pools_ber1-ceph"}
    for name, address in MONITORS.items():
        node = members[f"ceph-mon_ber1-ceph_{name}"]
        assert node.kind is NodeKind.storage_server and node.variant == "ceph"
        assert node.label == f"{name}\nmonitor · {address}" and node.stands_for == (name,)
    pools = members["ceph-pools_ber1-ceph"]
    assert pools.kind is NodeKind.primary_pool and set(pools.stands_for) == {"cloud-vms", "cloud-data"}
    (cable,) = [e for e in topology.edges if e.target == group.id]
    assert cable.kind is LinkKind.cable and cable.source.startswith("sw_")
    assert cable.label == "ber1-ceph (the cluster's own cabling, outside the design)"


def test_network_planes_put_the_cluster_on_its_network() -> None:
    planes = of(DiagramKind.planes)
    cluster = next(n for n in planes.nodes if n.id == "ceph_ber1-ceph")
    assert cluster.label == ("Ceph cluster ber1-ceph\nmonitors ceph-a, ceph-b, ceph-c, ceph-d, ceph-e\n"
                             "pools cloud-data, cloud-vms")
    assert {(e.source, e.label) for e in planes.edges if e.target == cluster.id} == {
        ("net_primary_storage_ber1-ceph", "Ceph monitors")}


def test_hierarchy_links_every_rbd_pool_to_its_cluster() -> None:
    hierarchy = of(DiagramKind.hierarchy)
    used = {(e.source, e.label) for e in hierarchy.edges if e.target == "ceph_ber1-ceph"}
    assert used == {("primary_ber1-z1_ber1-c1_ber1-vms", "RBD pool cloud-vms"),
                    ("primary_ber1-z1_ber1-data", "RBD pool cloud-data")}


def test_ids_do_not_depend_on_the_order_of_monitors_and_pools() -> None:
    text = DESIGN.read_text()
    lines = text.splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if "{name: ceph-a," in line)
    reordered = "".join([*lines[:first], *reversed(lines[first:first + 5]), *lines[first + 5:]])
    reordered = reordered.replace("pools: [cloud-vms, cloud-data]", "pools: [cloud-data, cloud-vms]")
    assert reordered != text
    assert _graphs(reordered) == graphs()


def test_the_clusters_free_text_is_escaped_in_the_svg_and_drawio() -> None:
    topology = of(DiagramKind.topology)
    svg = to_svg(topology)
    assert "<Reef>" not in svg and "&lt;Reef&gt; &amp;" in svg
    xml = drawio(topology)
    assert "<Reef>" not in xml and "&lt;Reef&gt;" in xml
    assert "ceph_ber1-ceph" in xml  # the group keeps its stable id in the editable file


def test_examples_draw_ceph_only_where_the_design_has_it() -> None:
    root = Path(__file__).resolve().parents[2] / "designs"
    for path in sorted(root.glob("*.yaml")):
        loaded = load_text(path.read_text(), path.name)
        d = Deployment(loaded, [])
        drawn = any(n.variant == "ceph" for g in build_graphs(d.design, d.inventory, d.port_plan) for n in g.nodes)
        assert drawn == bool(d.design.ceph_clusters), path.name
