"""CloudStack's hierarchy: region → zone → pod → cluster → host, with the storage at each level.

Primary storage hangs off the cluster (cluster scope) or the zone (zone scope), secondary storage
off the zone. Clusters with more than a few hosts show one node with the count; a very large
deployment shows every cluster that way so the picture stays one readable column per level.
"""

from __future__ import annotations

from ..inventory import Inventory
from ..model import Design, PrimaryProtocol, PrimaryStorage, SecondaryStorage
from .ceph import cluster_id as ceph_cluster_id
from .ceph import summary
from .facts import HOSTS_SHOWN_PER_CLUSTER, drawn_host_nodes, hypervisor_name
from .graph import DiagramKind, Graph, GraphBuilder, LinkKind, Node, NodeKind, host_range, ident

# Above this many host nodes in the whole deployment, every cluster is drawn as one host node.
HOST_NODE_BUDGET = 48


def _pool_label(pool: PrimaryStorage, scope: str) -> str:
    protocol = "iSCSI" if pool.protocol.value == "iscsi" else pool.protocol.value.upper()
    size = f" · {pool.size}" if pool.size else ""
    multipath = " · multipath" if pool.multipath else ""
    return f"{pool.name}\nprimary ({scope}) · {protocol}{size}{multipath}"


def _store_label(store: SecondaryStorage) -> str:
    size = f" · {store.size}" if store.size else ""
    return f"{store.name}\nsecondary · {store.protocol.value.upper()}{size}"


def hierarchy_graph(design: Design, inventory: Inventory) -> Graph:
    collapse_all = drawn_host_nodes(inventory) > HOST_NODE_BUDGET
    b = GraphBuilder(
        "hierarchy", DiagramKind.hierarchy, f"{design.deployment.name} — CloudStack hierarchy",
        "Each cluster's hosts are drawn as one node with their count." if collapse_all else
        f"A cluster of more than {HOSTS_SHOWN_PER_CLUSTER} hosts is drawn as one node with the count.",
        "LR",
    )
    for region in design.regions:
        region_id = b.add(Node(ident("region", region.name), NodeKind.region, f"region {region.name}", None, "",
                               (region.name,)))
        for zone in region.zones:
            zone_id = b.add(Node(ident("zone", zone.name), NodeKind.zone,
                                 f"zone {zone.name}\n{zone.networking.value} · site {zone.site}", None, "",
                                 (zone.name,)))
            b.link(region_id, zone_id, LinkKind.contains)
            for pod in sorted(zone.pods, key=lambda p: p.id):
                pod_id = b.add(Node(ident("pod", zone.name, pod.name), NodeKind.pod,
                                    f"pod {pod.name} (id {pod.id})", None, "", (pod.name,)))
                b.link(zone_id, pod_id, LinkKind.contains)
                for cluster in pod.clusters:
                    hosts = inventory.hosts_of(cluster)
                    hv = hypervisor_name(cluster.hypervisor.value)
                    cluster_id = b.add(Node(ident("cluster", zone.name, pod.name, cluster.name), NodeKind.cluster,
                                            f"cluster {cluster.name}\n{hv} · {cluster.profile} · {len(hosts)} hosts",
                                            None, cluster.hypervisor.value, (cluster.name,)))
                    b.link(pod_id, cluster_id, LinkKind.contains)
                    if hosts and (collapse_all or len(hosts) > HOSTS_SHOWN_PER_CLUSTER):
                        node = b.add(Node(ident("hosts", zone.name, pod.name, cluster.name), NodeKind.host_group,
                                          f"{len(hosts)} × {hv} hosts\n{host_range(h.name for h in hosts)}", None,
                                          cluster.hypervisor.value, tuple(h.name for h in hosts)))
                        b.link(cluster_id, node, LinkKind.contains)
                    else:
                        for host in hosts:
                            node = b.add(Node(ident("host", zone.name, pod.name, host.name), NodeKind.host,
                                              host.name, None, cluster.hypervisor.value, (host.name,)))
                            b.link(cluster_id, node, LinkKind.contains)
                    for pool in cluster.primary_storage:
                        node = b.add(Node(ident("primary", zone.name, cluster.name, pool.name),
                                          NodeKind.primary_pool, _pool_label(pool, "cluster"), None,
                                          pool.protocol.value, (pool.name,)))
                        b.link(cluster_id, node, LinkKind.contains)
                        _to_ceph(b, design, node, pool)
            for pool in zone.primary_storage:
                node = b.add(Node(ident("primary", zone.name, pool.name), NodeKind.primary_pool,
                                  _pool_label(pool, "zone"), None, pool.protocol.value, (pool.name,)))
                b.link(zone_id, node, LinkKind.contains)
                _to_ceph(b, design, node, pool)
            for store in zone.secondary_storage:
                node = b.add(Node(ident("secondary", zone.name, store.name), NodeKind.secondary_store,
                                  _store_label(store), None, store.protocol.value, (store.name,)))
                b.link(zone_id, node, LinkKind.contains)
    return b.build()


def _to_ceph(b: GraphBuilder, design: Design, pool_node: str, pool: PrimaryStorage) -> None:
    """An RBD pool's Ceph cluster, drawn once, and the pool's link to it."""
    cluster = next((c for c in design.ceph_clusters if c.name == pool.ceph), None)
    if pool.protocol is not PrimaryProtocol.rbd or cluster is None:
        return
    node = ceph_cluster_id(cluster)
    if not b.has(node):
        b.add(Node(node, NodeKind.storage_server, summary(cluster), None, "ceph", (cluster.name,)))
    b.link(pool_node, node, LinkKind.service, f"RBD pool {pool.path}")


def hierarchy_graphs(design: Design, inventory: Inventory) -> list[Graph]:
    return [hierarchy_graph(design, inventory)]
