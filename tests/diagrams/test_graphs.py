"""The diagram graphs, checked as graphs: which design objects are nodes, which links exist and how they read."""

from __future__ import annotations

import pytest

from generator.deployment import Deployment
from generator.diagrams import DiagramKind, Graph, GraphError, build_graphs
from generator.diagrams.graph import Edge, Group, GroupKind, LinkKind, Node, NodeKind, host_range
from generator.diagrams.hierarchy import HOST_NODE_BUDGET
from generator.diagrams.topology import is_large
from generator.inventory import expand
from generator.model import Fabric, TrafficType
from tests.diagrams.conftest import SLUGS
from tests.diagrams.scaled import scaled_design


def of_kind(graphs: list[Graph], kind: DiagramKind) -> list[Graph]:
    return [g for g in graphs if g.kind is kind]


def drawn(graphs: list[Graph]) -> set[str]:
    return {name for g in graphs for name in g.stands_for()}


@pytest.mark.parametrize("slug", SLUGS)
def test_topology_draws_every_host_switch_and_storage_server(
        slug: str, deployments: dict[str, Deployment], graphs: dict[str, list[Graph]]) -> None:
    design = deployments[slug].design
    topology = of_kind(graphs[slug], DiagramKind.topology)
    names = drawn(topology)
    expected = ({h.name for h in deployments[slug].inventory.hosts} | {s.name for s in design.switches}
                | {s.name for s in design.storage_servers} | {f.name for f in design.firewalls}
                | {s.name for s in design.management.servers})
    assert expected - names == set()
    overview = topology[0]
    switch_nodes = overview.nodes_of(NodeKind.core_switch, NodeKind.access_switch, NodeKind.storage_switch)
    assert sorted(n.stands_for[0] for n in switch_nodes) == sorted(s.name for s in design.switches)
    storage_nodes = overview.nodes_of(NodeKind.storage_server)
    monitors = [m.name for c in design.ceph_clusters for m in c.monitors]  # Ceph monitors draw as storage too
    assert sorted(n.stands_for[0] for n in storage_nodes) == sorted([*(s.name for s in design.storage_servers),
                                                                     *monitors])


@pytest.mark.parametrize("slug", SLUGS)
def test_every_host_is_drawn_once_per_picture(slug: str, graphs: dict[str, list[Graph]]) -> None:
    for graph in graphs[slug]:
        hosts = [name for n in graph.nodes_of(NodeKind.host, NodeKind.host_group) for name in n.stands_for]
        assert len(hosts) == len(set(hosts)), graph.name


@pytest.mark.parametrize("slug", SLUGS)
def test_hosts_link_to_their_pod_switches_with_speeds(
        slug: str, deployments: dict[str, Deployment], graphs: dict[str, list[Graph]]) -> None:
    overview = of_kind(graphs[slug], DiagramKind.topology)[0]
    groups = {g.id: g for g in overview.groups}
    cluster_links = [e for e in overview.edges if e.target in groups and groups[e.target].kind is GroupKind.cluster]
    assert cluster_links, "no link from switches to any cluster"
    for edge in cluster_links:
        assert groups[edge.source].kind is GroupKind.switch_group
        assert edge.kind is LinkKind.cable
        assert "G" in edge.label, f"link {edge.source} → {edge.target} says no speed: {edge.label!r}"
    uplinks = [e for e in overview.edges if e.kind is LinkKind.uplink and e.label]
    for edge in uplinks:
        assert "×" in edge.label and edge.label.endswith("G")


@pytest.mark.parametrize("slug", SLUGS)
def test_internet_reaches_the_firewalls(slug: str, deployments: dict[str, Deployment],
                                        graphs: dict[str, list[Graph]]) -> None:
    overview = of_kind(graphs[slug], DiagramKind.topology)[0]
    sites_with_firewalls = {f.site for f in deployments[slug].design.firewalls}
    wan = [e for e in overview.edges if e.kind is LinkKind.wan]
    assert len(wan) == len(sites_with_firewalls)
    assert all(e.source == "internet" for e in wan)
    modes = {f.mode.value for f in deployments[slug].design.firewalls}
    if modes == {"nat"}:
        assert all(e.label == "NAT" for e in wan)


def test_core_pair_is_a_vrrp_peer_link(graphs: dict[str, list[Graph]]) -> None:
    overview = of_kind(graphs["large-scale-redundant"], DiagramKind.topology)[0]
    assert overview.linked("sw_ams1-core1", "sw_ams1-core2")
    peer = next(e for e in overview.edges if {e.source, e.target} == {"sw_ams1-core1", "sw_ams1-core2"})
    assert peer.kind is LinkKind.peer and "VRRP" in peer.label


def test_multi_site_has_a_box_per_data_centre_and_replication(
        deployments: dict[str, Deployment], graphs: dict[str, list[Graph]]) -> None:
    design = deployments["multi-site"].design
    overview = of_kind(graphs["multi-site"], DiagramKind.topology)[0]
    sites = [g for g in overview.groups if g.kind is GroupKind.site]
    assert [g.id for g in sites] == [f"site_{s.name}" for s in design.sites]
    replication = [e for e in overview.edges if e.kind is LinkKind.replication]
    assert len(replication) == 1
    db = design.management.database
    assert db.replica is not None
    source, target = overview.node(replication[0].source), overview.node(replication[0].target)
    assert (source.stands_for, target.stands_for) == ((db.primary.name,), (db.replica.name,))


@pytest.mark.parametrize("slug", SLUGS)
def test_planes_show_every_zone_network_with_cidr_and_vlan(
        slug: str, deployments: dict[str, Deployment], graphs: dict[str, list[Graph]]) -> None:
    design = deployments[slug].design
    planes = of_kind(graphs[slug], DiagramKind.planes)
    zones = [z for _, z in deployments[slug].inventory.zones()]
    assert [g.subject for g in planes] == [z.name for z in zones]
    for graph, zone in zip(planes, zones, strict=True):
        expected = {p.management.network for p in zone.pods}
        expected |= {r.network for r in zone.public_ranges}
        expected |= {p.storage.network for p in zone.pods if p.storage}
        expected |= {n for p in zone.pods for n in p.primary_storage_networks}
        expected |= {g.network for p in zone.pods for g in p.guest_ranges}
        assert expected - graph.stands_for() == set()
        for node in graph.nodes_of(NodeKind.network):
            for name in node.stands_for:
                net = design.networks[name]
                assert str(net.cidr) in node.label
                assert (f"VLAN {net.vlan}" if net.vlan else "untagged") in node.label
                assert ("untagged" in node.label) == (net.host_vlan is None)
        pnets = {n.stands_for[0] for n in graph.nodes_of(NodeKind.physical_network)}
        assert pnets == {p.name for p in zone.physical_networks}
        for pnet in zone.physical_networks:
            assert graph.linked(f"pnet_{pnet.name}", f"if_{pnet.interface}")


def test_primary_storage_networks_bypass_physical_networks(graphs: dict[str, list[Graph]]) -> None:
    planes = of_kind(graphs["iscsi-multipath"], DiagramKind.planes)[0]
    primary = [e for e in planes.edges if e.variant == "primary_storage"]
    assert {(e.source, e.target) for e in primary} == {
        ("net_primary_storage_par1-iscsi-a", "if_eth4"), ("net_primary_storage_par1-iscsi-b", "if_eth5")}
    assert all(e.span == 2 for e in primary)


@pytest.mark.parametrize("slug", SLUGS)
def test_hierarchy_holds_every_level(slug: str, deployments: dict[str, Deployment],
                                     graphs: dict[str, list[Graph]]) -> None:
    design = deployments[slug].design
    (hierarchy,) = of_kind(graphs[slug], DiagramKind.hierarchy)
    names = hierarchy.stands_for()
    zones = [z for r in design.regions for z in r.zones]
    pods = [p for z in zones for p in z.pods]
    clusters = [c for p in pods for c in p.clusters]
    expected = ({r.name for r in design.regions} | {z.name for z in zones} | {p.name for p in pods}
                | {c.name for c in clusters} | {h.name for h in deployments[slug].inventory.hosts}
                | {s.name for c in clusters for s in c.primary_storage} | {s.name for z in zones for s in
                                                                         z.secondary_storage})
    assert expected - names == set()
    for edge in hierarchy.edges:
        # every level contains the next; an RBD pool uses its Ceph cluster (tests/diagrams/test_ceph.py)
        assert edge.kind is LinkKind.contains or (edge.kind is LinkKind.service and edge.target.startswith("ceph_"))


def test_big_clusters_collapse_to_one_counted_node(graphs: dict[str, list[Graph]],
                                                   deployments: dict[str, Deployment]) -> None:
    (hierarchy,) = of_kind(graphs["large-scale-redundant"], DiagramKind.hierarchy)
    groups = hierarchy.nodes_of(NodeKind.host_group)
    by_cluster = {n.id: n for n in groups}
    node = by_cluster["hosts_ams1-z1_ams1-p01_ams1-p01-c01"]
    assert len(node.stands_for) == 16
    assert node.label == "16 × KVM hosts\nams1-p01-kvm01…16"
    singles = hierarchy.nodes_of(NodeKind.host)
    assert all(len(n.stands_for) == 1 for n in singles)


@pytest.mark.parametrize("slug", SLUGS)
def test_wiring_per_profile_shows_nics_bonds_and_label_bridges(
        slug: str, deployments: dict[str, Deployment], graphs: dict[str, list[Graph]]) -> None:
    design = deployments[slug].design
    wiring = of_kind(graphs[slug], DiagramKind.wiring)
    used = {(h.profile_name, h.zone.name) for h in deployments[slug].inventory.hosts}
    assert len(wiring) == len(used)
    for graph in wiring:
        profile_name = graph.subject.split(" ")[0]
        profile = design.host_profiles[profile_name]
        names = graph.stands_for()
        assert {n.name for n in profile.nics} | {b.name for b in profile.bonds} <= names
        hv = profile.hypervisor
        zone = next(z for _, z in deployments[slug].inventory.zones() if graph.name.endswith(z.name)) \
            if graph.name != f"host-{profile_name}" else \
            next(h.zone for h in deployments[slug].inventory.hosts if h.profile_name == profile_name)
        labels = {t.labels[hv] for p in zone.physical_networks for t in p.traffic if hv in t.labels}
        bridges = {n.stands_for[0] for n in graph.nodes_of(NodeKind.bridge) if n.stands_for}
        assert bridges == labels
        for bond in profile.bonds:
            for member in bond.members:
                assert graph.linked(f"nic_{member}", f"bond_{bond.name}")
        cabled = {e.target for e in graph.edges if e.kind is LinkKind.cable}
        fabric_nics = {f"nic_{n.name}" for n in profile.nics if n.fabric in (Fabric.access, Fabric.storage)}
        assert cabled <= fabric_nics


def test_tagged_kvm_management_gets_a_vlan_interface(graphs: dict[str, list[Graph]]) -> None:
    wiring = next(g for g in graphs["large-scale-redundant"] if g.name == "host-kvm-gp")
    assert wiring.linked("bond_bond0", "vlan_bond0_110")
    assert wiring.linked("vlan_bond0_110", "br_cloudbr0")
    trunk = next(e for e in wiring.edges if e.target == "br_cloudbr1")
    assert trunk.source == "bond_bond1"
    assert trunk.label == "trunk 130,200,1000-1999"
    bridge = wiring.node("br_cloudbr1")
    assert bridge.label == "bridge cloudbr1\nguest · public · storage"
    assert TrafficType.storage.value in bridge.label


def test_graphs_are_the_same_every_time(deployments: dict[str, Deployment], graphs: dict[str, list[Graph]]) -> None:
    for slug, deployment in deployments.items():
        assert build_graphs(deployment.design, expand(deployment.design), deployment.port_plan) == graphs[slug]


def test_a_large_deployment_splits_per_pod_and_stays_small() -> None:
    design = scaled_design(pods=8, clusters=4, hosts=16)
    inventory = expand(design)
    assert len(inventory.hosts) == 512
    assert is_large(inventory)
    graphs = build_graphs(design, inventory)
    topology = of_kind(graphs, DiagramKind.topology)
    assert [g.name for g in topology] == ["topology", *(f"topology-ams1-p{p:02d}" for p in range(1, 9))]
    assert {h.name for h in inventory.hosts} <= drawn(topology)
    pods = topology[0].nodes_of(NodeKind.host_group)
    assert [len(n.stands_for) for n in pods] == [64] * 8
    assert pods[0].label == "64 × KVM hosts\nin 4 clusters\nams1-p01-kvm001…064"
    for pod_picture in topology[1:]:
        assert len(pod_picture.nodes_of(NodeKind.host_group)) == 4
    assert all(len(g.nodes) <= 150 for g in graphs), [(g.name, len(g.nodes)) for g in graphs]
    (hierarchy,) = of_kind(graphs, DiagramKind.hierarchy)
    assert len(hierarchy.nodes_of(NodeKind.host, NodeKind.host_group)) == 32 < HOST_NODE_BUDGET


def test_many_small_clusters_collapse_in_pod_pictures() -> None:
    design = scaled_design(pods=1, clusters=12, hosts=8)
    graphs = build_graphs(design, expand(design))
    pod = next(g for g in graphs if g.name == "topology-ams1-p01")
    assert len(pod.nodes_of(NodeKind.host_group)) == 12
    assert not pod.nodes_of(NodeKind.host)


@pytest.mark.parametrize(("names", "text"), [
    (["kvm01"], "kvm01"),
    (["ams1-p01-kvm01", "ams1-p01-kvm16"], "ams1-p01-kvm01…16"),
    (["kvm01", "kvm02", "kvm09"], "kvm01…09"),
    (["a-1", "b-2"], "a-1…b-2"),
    ([], ""),
])
def test_host_range(names: list[str], text: str) -> None:
    assert host_range(names) == text


def _graph(nodes: tuple[Node, ...], groups: tuple[Group, ...] = (), edges: tuple[Edge, ...] = ()) -> Graph:
    return Graph("g", DiagramKind.topology, "t", "c", "LR", nodes, groups, edges)


@pytest.mark.parametrize(("graph", "message"), [
    (_graph((Node("a", NodeKind.nic, "a"), Node("a", NodeKind.nic, "b"))), "duplicate node ids"),
    (_graph((Node("a", NodeKind.nic, "a", group="nowhere"),)), "unknown group"),
    (_graph((Node("a", NodeKind.nic, "a"),), edges=(Edge("a", "b", LinkKind.cable),)), "unknown b"),
    (_graph((Node("a", NodeKind.nic, "a"),), groups=(Group("e", GroupKind.host, "empty"),)), "is empty"),
    (_graph((Node("a", NodeKind.nic, "a", group="x"),), groups=(Group("x", GroupKind.host, "x", parent="x"),)),
     "inside itself"),
])
def test_inconsistent_graphs_are_refused(graph: Graph, message: str) -> None:
    with pytest.raises(GraphError, match=message):
        graph.check()


@pytest.mark.parametrize("slug", SLUGS)
def test_wiring_cables_agree_with_the_port_plan(slug: str, deployments: dict[str, Deployment],
                                                graphs: dict[str, list[Graph]]) -> None:
    ports = deployments[slug].port_plan
    for graph in of_kind(graphs[slug], DiagramKind.wiring):
        host = graph.title.rsplit("(", 1)[1].rstrip(")")
        rows = {r.peer_interface: r for r in ports.of_host(host)}
        cables = [e for e in graph.edges if e.kind is LinkKind.cable]
        assert len(cables) == len(rows), graph.name
        for edge in cables:
            row = rows[edge.target.removeprefix("nic_")]
            assert edge.source == f"sw_{row.switch}"
            assert edge.label == row.port + (f" · {row.lag.name}" if row.lag else "")


def test_uplinks_and_peer_links_name_their_port_channels(graphs: dict[str, list[Graph]]) -> None:
    overview = of_kind(graphs["large-scale-redundant"], DiagramKind.topology)[0]
    uplink = next(e for e in overview.edges if e.target == "sw_ams1_ams1-p01_access")
    assert uplink.label == "port-channel2 · 4×100G"
    peer = next(e for e in overview.edges if {e.source, e.target} == {"sw_ams1-p01-leaf1", "sw_ams1-p01-leaf2"})
    assert peer.label == "peer-link port-channel1 (2 ports)"


def test_without_a_core_every_pod_uplinks_to_the_firewall(graphs: dict[str, list[Graph]]) -> None:
    overview = of_kind(graphs["basic-sg"], DiagramKind.topology)[0]
    targets = {e.target for e in overview.edges if e.source == "edge_fra1"}
    assert targets == {"sw_fra1_fra1-p01_access", "sw_fra1_fra1-p02_access"}


@pytest.mark.parametrize("slug", SLUGS)
def test_servers_with_nics_are_drawn_to_the_switches_they_are_cabled_to(
        slug: str, deployments: dict[str, Deployment], graphs: dict[str, list[Graph]]) -> None:
    design = deployments[slug].design
    overview = of_kind(graphs[slug], DiagramKind.topology)[0]
    node_of = {n.stands_for[0]: n.id for n in overview.nodes if n.stands_for}
    group_of = {s.name: g.id for g in overview.groups for n in overview.nodes
                if n.group == g.id for s in design.switches if n.stands_for == (s.name,)}
    servers = [*design.management.servers, *design.storage_servers]
    for server in (s for s in servers if s.nics):
        expected = {group_of[nic.cabled_to] for nic in server.nics}
        sources = {e.source for e in overview.edges if e.target == node_of[server.name] and e.kind is LinkKind.cable}
        assert sources == expected, server.name


def test_multi_site_cables_its_servers(deployments: dict[str, Deployment]) -> None:
    """The example that lists server NICs, so the test above checks something there."""
    design = deployments["multi-site"].design
    assert sum(len(s.nics) for s in [*design.management.servers, *design.storage_servers]) == 14
