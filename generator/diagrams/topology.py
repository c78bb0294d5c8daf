"""Physical topology: Internet, firewalls, core, access pairs per pod, hosts, storage and management.

Small deployments get one picture with every host (clusters of more than a few hosts drawn as
one node). Large ones get an overview with one node per cluster, plus one picture per pod, so
no single Graphviz layout grows past a hundred or so nodes.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property

from ..inventory import Host, Inventory, PodRef
from ..model import Design, Fabric, HostProfile, StorageServer, SwitchRole
from ..ports.types import LinkKind as PortLink
from ..ports.types import PortPlan
from .ceph import draw_physical
from .facts import (
    HOSTS_SHOWN_PER_CLUSTER,
    SwitchGroup,
    core_of_site,
    drawn_host_nodes,
    fabric_summary,
    fabrics_used,
    groups_of_pod,
    hypervisor_name,
    peer_label,
    switch_groups,
)
from .graph import DiagramKind, Graph, GraphBuilder, Group, GroupKind, LinkKind, Node, NodeKind, host_range, ident

# Above this many host nodes (after collapsing big clusters), or this many pods, the overview
# shows one node per cluster and each pod gets its own picture.
INLINE_HOST_NODES = 24
INLINE_PODS = 4
# A pod picture with more host nodes than this draws every cluster as one node.
POD_HOST_NODES = 48

INTERNET = "internet"


class Detail(StrEnum):
    """How a pod's hosts are drawn."""

    host = "host"  # each host, clusters of more than HOSTS_SHOWN_PER_CLUSTER as one node
    cluster = "cluster"  # one node per cluster
    pod = "pod"  # one node for the whole pod


def is_large(inventory: Inventory) -> bool:
    return drawn_host_nodes(inventory) > INLINE_HOST_NODES or sum(1 for _ in inventory.pods()) > INLINE_PODS


def topology_graphs(design: Design, inventory: Inventory, ports: PortPlan | None = None) -> list[Graph]:
    """The overview, and one picture per pod when the deployment is large.

    With the port plan, uplinks and peer links are labelled with their port-channels too.
    """
    large = is_large(inventory)
    look = Lookups(design, inventory, ports)
    graphs = [overview(look, summary=large)]
    if large:
        graphs.extend(pod_topology(look, ref) for ref in inventory.pods())
    return graphs


def overview(look: Lookups, summary: bool) -> Graph:
    """The whole deployment; with ``summary``, each pod's hosts are one node (the pod pictures show them)."""
    design, inventory = look.design, look.inventory
    sites = [s.name for s in design.sites]
    caption = (
        "The whole deployment"
        + (", one box per data centre, with the database replication between them" if len(sites) > 1 else "")
        + (". The hosts of each pod are drawn as one node here; the pod pictures below show its clusters."
           if summary else
           f". A cluster of more than {HOSTS_SHOWN_PER_CLUSTER} hosts is drawn as one node.")
    )
    t = _Topology(GraphBuilder("topology", DiagramKind.topology, f"{design.deployment.name} — physical topology",
                               caption, "LR"), look)
    t.b.add(Node(INTERNET, NodeKind.internet, "Internet"))
    for site in design.sites:
        site_group = None
        if len(sites) > 1:
            site_group = t.b.group(Group(ident("site", site.name), GroupKind.site,
                                         f"Data centre {site.name}" + (f" — {site.location}" if site.location else "")))
        t.edge_and_core(site.name, site_group)
        for ref in inventory.pods():
            if ref.zone.site == site.name:
                t.pod(ref, site_group, Detail.pod if summary else Detail.host)
        t.other_switches(site.name, site_group)
        t.firewall_to_access(site.name)
        t.management(site.name, site_group)
        t.storage(site.name, site_group, pod=None)
        t.ceph(site.name, site_group)
    t.replication()
    return t.b.build()


def pod_topology(look: Lookups, ref: PodRef) -> Graph:
    pod, inventory = ref.pod, look.inventory
    hosts = inventory.hosts_in_pod(pod)
    t = _Topology(GraphBuilder(
        f"topology-{pod.name}", DiagramKind.topology, f"Pod {pod.name} — physical topology",
        f"Pod {pod.name} of zone {ref.zone.name}: its switches and their uplinks to the core, its "
        f"{len(hosts)} hosts by cluster and the storage servers cabled to it.",
        "LR", subject=pod.name,
    ), look)
    core = core_of_site(t.groups, ref.zone.site)
    if core is not None:
        t.switch_group(core, None)
    t.pod(ref, None, Detail.cluster if drawn_host_nodes(inventory, pod) > POD_HOST_NODES else Detail.host)
    t.storage(ref.zone.site, None, pod=pod.name)
    return t.b.build()


def cable_label(count: int, profile: HostProfile | None, fabric: Fabric) -> str:
    """'16 hosts, each:' and one line per bond or NIC cabled to the fabric."""
    parts = fabric_summary(profile, fabric)
    if count == 1:
        return "\n".join(parts)
    return f"{count} hosts, each:\n" + "\n".join(parts)


def _host_group(ref: PodRef, cluster: str, hosts: list[Host], group: str) -> Node:
    hv = hosts[0].cluster.hypervisor.value
    return Node(ident("hosts", ref.zone.name, ref.pod.name, cluster), NodeKind.host_group,
                f"{len(hosts)} × {hypervisor_name(hv)} hosts\n{host_range(h.name for h in hosts)}", group, hv,
                tuple(h.name for h in hosts))


class Lookups:
    """What every topology picture of a deployment looks up, computed once for all of them."""

    def __init__(self, design: Design, inventory: Inventory, ports: PortPlan | None) -> None:
        self.design = design
        self.inventory = inventory
        self.ports = ports
        self.groups = switch_groups(design)
        self.targets: dict[str, list[str]] = {}  # storage server → switch groups, filled on first use

    @cached_property
    def server_switches(self) -> dict[str, set[str]]:
        """Server name → the switches the port plan cables its NICs to (the server's 'nics')."""
        found: dict[str, set[str]] = {}
        for row in self.ports.rows if self.ports is not None else ():
            if row.kind is PortLink.server:
                found.setdefault(row.peer_device, set()).add(row.switch)
        return found

    @cached_property
    def pod_fabrics(self) -> dict[str, dict[Fabric, SwitchGroup]]:
        """Pod name → its access and storage switch groups (as ``groups_of_pod``, in one pass over the groups)."""
        by_pod: dict[str, dict[Fabric, SwitchGroup]] = {}
        for group in self.groups:
            fabric = {SwitchRole.access: Fabric.access, SwitchRole.storage: Fabric.storage}.get(group.role)
            if fabric is not None and group.pod is not None:
                by_pod.setdefault(group.pod, {})[fabric] = group
        return {ref.pod.name: dict(by_pod.get(ref.pod.name, {})) for ref in self.inventory.pods()}

    @cached_property
    def pods(self) -> list[PodRef]:
        return list(self.inventory.pods())

    @cached_property
    def pods_by_network(self) -> dict[str, list[int]]:
        """Network name → positions in ``pods`` of the pods whose management or primary-storage network it is."""
        found: dict[str, list[int]] = {}
        for i, ref in enumerate(self.pods):
            for name in {ref.pod.management.network, *ref.pod.primary_storage_networks}:
                found.setdefault(name, []).append(i)
        return found

    @cached_property
    def pod_group_ids(self) -> dict[str | None, set[str]]:
        """Pod name → the ids of the switch groups of that pod."""
        found: dict[str | None, set[str]] = {}
        for group in self.groups:
            found.setdefault(group.pod, set()).add(group.id)
        return found

    @cached_property
    def switch_group_index(self) -> dict[str, int]:
        """Switch name → the position of its group in ``groups``."""
        return {s.name: i for i, g in reversed(list(enumerate(self.groups))) for s in g.switches}


class _Topology:
    """One topology picture being drawn: the builder plus the deployment's shared lookups."""

    def __init__(self, b: GraphBuilder, look: Lookups) -> None:
        self.b = b
        self.look = look
        self.design = look.design
        self.inventory = look.inventory
        self.ports = look.ports
        self.groups = look.groups

    def switch_group(self, group: SwitchGroup, parent: str | None) -> str:
        b = self.b
        gid = b.group(Group(group.id, GroupKind.switch_group, group.label, parent, stacked=True))
        kind = {SwitchRole.core: NodeKind.core_switch, SwitchRole.access: NodeKind.access_switch,
                SwitchRole.storage: NodeKind.storage_switch}[group.role]
        for switch in group.switches:
            label = switch.name + (f"\n{switch.model}" if switch.model else "")
            b.add(Node(ident("sw", switch.name), kind, label, gid, switch.platform.value, (switch.name,)))
        for a, c in group.peers():
            b.link(ident("sw", a.name), ident("sw", c.name), LinkKind.peer, peer_label(self.design, a, c, self.ports))
        return gid

    def site_attach(self, site: str) -> str | None:
        """Where site-wide servers are cabled: the core, else the access switches of the site's first pod."""
        core = core_of_site(self.groups, site)
        if core is not None:
            return core.id
        for ref in self.inventory.pods():
            if ref.zone.site == site:
                access = groups_of_pod(self.groups, ref.pod).get(Fabric.access)
                if access is not None and self.b.has(access.id):
                    return access.id
        site_access = next((g for g in self.groups
                            if g.site == site and g.role is SwitchRole.access and self.b.has(g.id)), None)
        return site_access.id if site_access else None

    def edge_and_core(self, site: str, parent: str | None) -> None:
        b = self.b
        firewalls = [f for f in self.design.firewalls if f.site == site]
        edge_group = None
        if firewalls:
            label = "firewall pair" if len(firewalls) == 2 and firewalls[0].peer else "firewall"
            edge_group = b.group(Group(ident("edge", site), GroupKind.edge, f"{site} {label}", parent, stacked=True))
            names = {f.name for f in firewalls}
            for fw in firewalls:
                b.add(Node(ident("fw", fw.name), NodeKind.firewall, f"{fw.name}\n{fw.mode.value.upper()}",
                           edge_group, fw.mode.value, (fw.name,)))
                if fw.peer in names and fw.name < fw.peer:
                    b.link(ident("fw", fw.name), ident("fw", fw.peer), LinkKind.peer, "HA pair")
            modes = sorted({f.mode.value for f in firewalls})
            b.link(INTERNET, edge_group, LinkKind.wan, " / ".join("NAT" if m == "nat" else "routed" for m in modes))
        core = core_of_site(self.groups, site)
        if core is not None:
            self.switch_group(core, parent)
            if edge_group is not None:
                b.link(edge_group, core.id, LinkKind.uplink, core.uplinks(self.ports))

    def firewall_to_access(self, site: str) -> None:
        """Without a core, every access and storage switch group uplinks to the site's firewalls."""
        edge_group = ident("edge", site)
        if core_of_site(self.groups, site) is None and self.b.has(edge_group):
            for group in self.groups:
                if group.site == site and self.b.has(group.id):
                    self.b.link(edge_group, group.id, LinkKind.uplink, group.uplinks(self.ports))

    def management(self, site: str, parent: str | None) -> None:
        b, mgmt = self.b, self.design.management
        servers = [s for s in mgmt.servers if s.site == site]
        lb = mgmt.load_balancer if mgmt.load_balancer and mgmt.load_balancer.site == site else None
        dbs = [d for d in (mgmt.database.primary, mgmt.database.replica) if d is not None and d.site == site]
        if not servers and lb is None and not dbs:
            return
        server_names = {s.name for s in mgmt.servers}
        separate = [d for d in dbs if d.name not in server_names]
        outer = b.group(Group(ident("mgmt", site), GroupKind.management, f"{site} management plane", parent,
                              stacked=lb is None and not separate))
        engine = mgmt.database.engine
        engine_name = "MariaDB" if engine.lower().startswith("mariadb") else "MySQL"
        ms_group = None
        if servers:
            ms_group = outer if lb is None and not separate else b.group(Group(
                ident("ms", site, "group"), GroupKind.management,
                "management servers" if len(servers) > 1 else "management server", outer, stacked=True))
            for server in servers:
                roles = ["CloudStack management"]
                roles += [f"{engine_name} {'primary' if d is mgmt.database.primary else 'replica'}"
                          for d in dbs if d.name == server.name]
                b.add(Node(ident("ms", server.name), NodeKind.management_server,
                           f"{server.name}\n" + " + ".join(roles), ms_group, "", (server.name,)))
        if lb is not None:
            lb_group = b.group(Group(ident("lb", site, "group"), GroupKind.management, "load balancers", outer,
                                     stacked=True))
            for name in lb.names:
                b.add(Node(ident("lb", name), NodeKind.load_balancer, f"{name}\nUI/API load balancer", lb_group,
                           "", (name,)))
            if ms_group is not None:
                b.link(lb_group, ms_group, LinkKind.service, "UI/API :8080")
        if separate:
            db_group = b.group(Group(ident("db", site, "group"), GroupKind.management, "database", outer,
                                     stacked=True))
            for db in separate:
                role = "primary" if db is mgmt.database.primary else "replica"
                b.add(Node(ident("db", db.name), NodeKind.database, f"{db.name}\n{engine} {role}", db_group,
                           engine_name.lower(), (db.name,)))
            if ms_group is not None:
                b.link(ms_group, db_group, LinkKind.service, f"{engine_name} :3306")
        cabled = {s.name: self.cabled(s.name) for s in servers}
        for server in servers:  # servers with NICs: drawn to the switches the port plan cables them to
            for target in cabled[server.name]:
                if b.has(target):
                    b.link(target, ident("ms", server.name), LinkKind.cable, server.network)
        rest = [s for s in servers if not cabled[s.name]]
        attach = self.site_attach(site)
        if attach is not None and (rest or lb is not None or separate):  # the others: on the site's core
            networks = sorted({s.network for s in rest} | ({lb.network} if lb else set())
                              | {d.network for d in dbs if not cabled.get(d.name)})
            b.link(attach, outer, LinkKind.cable, ", ".join(networks))

    def host_nodes(self, ref: PodRef, group: str, detail: Detail) -> list[tuple[str, list[Host]]]:
        """Draw the pod's hosts; return (node or group id, hosts) per cluster and profile.

        Hosts of one profile are cabled alike, so links go to the cluster's box, not to every host.
        """
        if detail is Detail.pod:
            return self.pod_node(ref, group)
        drawn: list[tuple[str, list[Host]]] = []
        for cluster in ref.pod.clusters:
            hosts = self.inventory.hosts_of(cluster)
            if not hosts:
                continue
            hv = cluster.hypervisor.value
            cgroup = self.b.group(Group(ident("cl", ref.zone.name, ref.pod.name, cluster.name), GroupKind.cluster,
                                        f"cluster {cluster.name} · {hypervisor_name(hv)} · {cluster.profile}", group,
                                        stacked=True, columns=2 if len(hosts) > 4 else 1))
            if detail is Detail.cluster or len(hosts) > HOSTS_SHOWN_PER_CLUSTER:
                self.b.add(_host_group(ref, cluster.name, hosts, cgroup))
            else:
                for h in hosts:
                    self.b.add(Node(ident("host", h.zone.name, h.pod.name, h.name), NodeKind.host, h.name, cgroup,
                                    h.cluster.hypervisor.value, (h.name,)))
            by_profile: dict[str, list[Host]] = {}
            for h in hosts:
                by_profile.setdefault(h.profile_name, []).append(h)
            drawn.extend((cgroup, members) for members in by_profile.values())
        return drawn

    def pod_node(self, ref: PodRef, group: str) -> list[tuple[str, list[Host]]]:
        """All hosts of a pod as one node, linked once per host profile."""
        hosts = self.inventory.hosts_in_pod(ref.pod)
        if not hosts:
            return []
        hypervisors = sorted({hypervisor_name(h.cluster.hypervisor.value) for h in hosts})
        kind = f"{hypervisors[0]} hosts" if len(hypervisors) == 1 else f"hosts ({', '.join(hypervisors)})"
        clusters = sum(1 for c in ref.pod.clusters if self.inventory.hosts_of(c))
        node = self.b.add(Node(
            ident("hosts", ref.zone.name, ref.pod.name), NodeKind.host_group,
            f"{len(hosts)} × {kind}\nin {clusters} cluster{'s' if clusters != 1 else ''}\n"
            f"{host_range(h.name for h in hosts)}", group, hosts[0].cluster.hypervisor.value,
            tuple(h.name for h in hosts)))
        by_profile: dict[str, list[Host]] = {}
        for h in hosts:
            by_profile.setdefault(h.profile_name, []).append(h)
        return [(node, members) for members in by_profile.values()]

    def pod(self, ref: PodRef, parent: str | None, detail: Detail) -> None:
        b, pod = self.b, ref.pod
        pod_group = b.group(Group(ident("pod", ref.zone.name, pod.name), GroupKind.pod,
                                  f"pod {pod.name} (zone {ref.zone.name})", parent))
        fabrics = self.look.pod_fabrics.get(pod.name) or groups_of_pod(self.groups, pod)
        for fabric_group in fabrics.values():
            self.switch_group(fabric_group, pod_group)
            core = core_of_site(self.groups, fabric_group.site)
            if core is not None and b.has(core.id):
                b.link(core.id, fabric_group.id, LinkKind.uplink, fabric_group.uplinks(self.ports))
        for cluster_group, hosts in self.host_nodes(ref, pod_group, detail):
            profile = hosts[0].profile
            for fabric in fabrics_used(profile):
                target = fabrics.get(fabric)
                if target is not None:
                    b.link(target.id, cluster_group, LinkKind.cable, cable_label(len(hosts), profile, fabric))

    def other_switches(self, site: str, parent: str | None) -> None:
        """Access or storage switches not tied to a pod of this design still belong in the picture."""
        core = core_of_site(self.groups, site)
        for group in self.groups:
            if group.site == site and group.role is not SwitchRole.core and not self.b.has(group.id):
                self.switch_group(group, parent)
                if core is not None and self.b.has(core.id):
                    self.b.link(core.id, group.id, LinkKind.uplink, group.uplinks(self.ports))

    def cabled(self, server: str) -> list[str]:
        """Switch groups the port plan cables a server's NICs to (the server's 'nics')."""
        switches = self.look.server_switches.get(server, set())
        index = self.look.switch_group_index
        return [self.groups[i].id for i in sorted({index[s] for s in switches if s in index})]

    def storage_targets(self, server: StorageServer) -> list[str]:
        targets = self.look.targets
        if server.name not in targets:
            targets[server.name] = self._storage_targets(server)
        return targets[server.name]

    def _storage_targets(self, server: StorageServer) -> list[str]:
        """Switch groups a storage server is cabled to: those its NICs name, else a guess.

        Without NICs, a server in a pod's own networks (its management or primary-storage networks)
        sits with that pod: on its storage switches for primary-storage networks when it has them,
        else on its access switches. A server only in site-wide networks hangs off the site's core.
        """
        cabled = self.cabled(server.name)
        if cabled:
            return cabled
        networks = {a.network for a in server.interfaces}
        targets: list[str] = []
        pods = self.look.pods
        by_network = self.look.pods_by_network
        for ref in (pods[i] for i in sorted({i for n in networks for i in by_network.get(n, ())})):
            if ref.zone.site != server.site:
                continue
            fabrics = self.look.pod_fabrics[ref.pod.name]
            own = {ref.pod.management.network} | set(ref.pod.primary_storage_networks)
            if networks & set(ref.pod.primary_storage_networks) and Fabric.storage in fabrics:
                targets.append(fabrics[Fabric.storage].id)
            elif networks & own and Fabric.access in fabrics:
                targets.append(fabrics[Fabric.access].id)
        return targets

    def storage(self, site: str, parent: str | None, pod: str | None) -> None:
        """Storage servers of a site (``pod`` None) or those cabled to one pod's switches."""
        b = self.b
        placed: list[tuple[StorageServer, list[str]]] = []
        own = self.look.pod_group_ids.get(pod, set()) if pod is not None else set()
        for server in self.design.storage_servers:
            if server.site != site:
                continue
            targets = self.storage_targets(server)
            if pod is not None:
                targets = [t for t in targets if t in own]
                if not targets:
                    continue
            elif not targets:
                attach = self.site_attach(site)
                targets = [attach] if attach else []
            placed.append((server, [t for t in targets if b.has(t)]))
        if not placed:
            return
        group = b.group(Group(ident("storage", site, pod or "site"), GroupKind.storage,
                              f"{pod or site} storage servers", parent, stacked=True))
        for server, targets in placed:
            role = "iSCSI" if server.role.value == "iscsi" else server.role.value.upper()
            node = b.add(Node(ident("st", server.name), NodeKind.storage_server, f"{server.name}\n{role}",
                              group, server.role.value, (server.name,)))
            for target in targets:
                b.link(target, node, LinkKind.cable, ", ".join(a.network for a in server.interfaces))

    def ceph(self, site: str, parent: str | None) -> None:
        """The site's Ceph clusters (a cluster that names no site is drawn at the first site)."""
        first = self.design.sites[0].name if self.design.sites else ""
        for cluster in sorted(self.design.ceph_clusters, key=lambda c: c.name):
            if (cluster.site or first) == site:
                draw_physical(self.b, self.design, cluster, parent, self.site_attach(site))

    def replication(self) -> None:
        db = self.design.management.database
        if db.replica is None:
            return
        ids = {n.stands_for[0]: n.id for n in self.b.nodes if n.stands_for}
        source, target = ids.get(db.primary.name), ids.get(db.replica.name)
        if source and target:
            self.b.link(source, target, LinkKind.replication, f"{db.engine} replication")
