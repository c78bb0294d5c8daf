"""Host wiring: one example host per profile (and zone): NICs, bonds, VLAN interfaces, bridges, labels.

Left to right: the pod's switches, the host's NICs, its bonds, the VLAN interfaces that carry a
host address on a tagged network, the bridges (KVM) or networks (XenServer, VMware, Hyper-V)
named by the traffic labels, and the CloudStack networks on each. The layout follows what
CloudStack expects on KVM: the management bridge sits on a VLAN interface when the management
network is tagged (field mistake 3); guest, public and storage VLANs are tagged by CloudStack
itself on top of their bridge, so the host only needs the bridge on the trunk.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..inventory import Host, Inventory
from ..model import Design, Fabric, HostProfile, Hypervisor, Pod, TrafficType, Zone
from ..ports.types import PortPlan
from ..templating import vlan_list
from .facts import BOND_MODES, groups_of_pod, hypervisor_name, network_text, switch_groups
from .graph import DiagramKind, Graph, GraphBuilder, Group, GroupKind, LinkKind, Node, NodeKind, ident

PRIMARY = "primary_storage"

# What a traffic label names on each hypervisor.
LABEL_KINDS = {
    Hypervisor.kvm: "bridge", Hypervisor.lxc: "bridge", Hypervisor.xenserver: "network",
    Hypervisor.vmware: "vSwitch", Hypervisor.hyperv: "virtual switch",
}


@dataclass(frozen=True)
class Example:
    host: Host
    profile: HostProfile
    hosts: int  # hosts of this profile in the zone


def examples(inventory: Inventory) -> list[Example]:
    """The first host of every (profile, zone) pair, in inventory order."""
    first: dict[tuple[str, str], Host] = {}
    counts: dict[tuple[str, str], int] = {}
    for host in inventory.hosts:
        if host.profile is None:
            continue
        key = (host.profile_name, host.zone.name)
        first.setdefault(key, host)
        counts[key] = counts.get(key, 0) + 1
    return [Example(h, h.profile, counts[k]) for k, h in first.items() if h.profile is not None]


def wiring_graphs(design: Design, inventory: Inventory, ports: PortPlan | None = None) -> list[Graph]:
    """One picture per (profile, zone). With the port plan, each NIC is drawn to its switch port."""
    found = examples(inventory)
    zones_per_profile: dict[str, int] = {}
    for example in found:
        zones_per_profile[example.host.profile_name] = zones_per_profile.get(example.host.profile_name, 0) + 1
    return [host_wiring(design, e, ports, several_zones=zones_per_profile[e.host.profile_name] > 1) for e in found]


def _vlan(design: Design, network: str) -> list[int]:
    net = design.networks.get(network)
    vlan = net.host_vlan if net is not None else None
    return [vlan] if vlan is not None else []


def _tagged_vlans(design: Design, zone: Zone, pod: Pod, kind: TrafficType) -> list[int]:
    """VLANs CloudStack tags itself on a bridge for one traffic type."""
    if kind is TrafficType.guest:
        ranges = [v for p in zone.physical_networks if p.carries(kind) for v in p.guest_vlans]
        vlans = [i for v in ranges for i in range(v.first, v.last + 1)]
        vlans += [v for s in zone.shared_networks for v in _vlan(design, s.network)]
        vlans += [v for g in pod.guest_ranges for v in _vlan(design, g.network)]
        return vlans
    if kind is TrafficType.public:
        return [v for r in zone.public_ranges for v in _vlan(design, r.network)]
    if kind is TrafficType.storage and pod.storage is not None:
        return _vlan(design, pod.storage.network)
    return []


def host_wiring(design: Design, example: Example, ports: PortPlan | None, several_zones: bool) -> Graph:
    host, profile = example.host, example.profile
    zone, pod = host.zone, host.pod
    hv = profile.hypervisor
    kvm = hv in (Hypervisor.kvm, Hypervisor.lxc)
    name = f"host-{host.profile_name}" + (f"-{zone.name}" if several_zones else "")
    b = GraphBuilder(
        name, DiagramKind.wiring, f"Profile {host.profile_name} — host wiring ({host.name})",
        f"Drawn for {host.name}; {'all ' if example.hosts > 1 else ''}{example.hosts} "
        f"host{'s' if example.hosts != 1 else ''} of profile {host.profile_name} in zone {zone.name} "
        f"{'share' if example.hosts != 1 else 'has'} this layout ({hypervisor_name(hv.value)}: the traffic labels "
        f"name {LABEL_KINDS.get(hv, 'bridge')}s).",
        "LR", subject=host.profile_name + (f" (zone {zone.name})" if several_zones else ""),
    )
    fabrics = groups_of_pod(switch_groups(design), pod)
    for fabric in (Fabric.access, Fabric.storage):
        group = fabrics.get(fabric)
        if group is None or not any(n.fabric is fabric for n in profile.nics):
            continue
        gid = b.group(Group(group.id, GroupKind.switch_group, group.label, stacked=True))
        for switch in group.switches:
            kind = NodeKind.storage_switch if fabric is Fabric.storage else NodeKind.access_switch
            b.add(Node(ident("sw", switch.name), kind, switch.name, gid, switch.platform.value, (switch.name,)))
    title = f"{host.name} · {hypervisor_name(hv.value)} on {profile.os.value} · profile {host.profile_name}"
    box = b.group(Group(ident("host", host.name), GroupKind.host, title))
    cabled = {r.peer_interface: r for r in ports.of_host(host.name)} if ports is not None else {}
    for nic in profile.nics:
        nic_id = b.add(Node(ident("nic", nic.name), NodeKind.nic, f"{nic.name}\n{nic.speed}", box, "", (nic.name,)))
        row = cabled.get(nic.name)
        group = fabrics.get(nic.fabric)
        if row is not None and b.has(ident("sw", row.switch)):
            port = f"{row.port}" + (f" · {row.lag.name}" if row.lag else "")
            b.link(ident("sw", row.switch), nic_id, LinkKind.cable, port)
        elif ports is None and group is not None and b.has(group.id):
            b.link(group.id, nic_id, LinkKind.cable)
    for bond in profile.bonds:
        bond_id = b.add(Node(ident("bond", bond.name), NodeKind.bond,
                             f"{bond.name}\n{bond.mode.value} ({BOND_MODES[bond.mode]})", box, "", (bond.name,)))
        for member in bond.members:
            if b.has(ident("nic", member)):
                b.link(ident("nic", member), bond_id, LinkKind.carries)

    def interface(name: str) -> str:
        return ident("bond", name) if profile.bond(name) else ident("nic", name)

    def vlan_interface(parent: str, vlan: int) -> str:
        node_id = ident("vlan", parent, str(vlan))
        if not b.has(node_id):
            label = f"{parent}.{vlan}\nVLAN {vlan}" if kvm else f"{parent} VLAN {vlan}"
            b.add(Node(node_id, NodeKind.vlan_interface, label, box, "", (f"{parent}.{vlan}",)))
            b.link(interface(parent), node_id, LinkKind.carries)
        return node_id

    label_kind = LABEL_KINDS.get(hv, "bridge")
    mgmt_net = design.networks.get(pod.management.network)
    bridges: dict[str, tuple[str, list[TrafficType], str | None]] = {}  # id → (parent, traffic, label)
    for pnet in zone.physical_networks:
        if not b.has(interface(pnet.interface)):
            continue
        for traffic in pnet.traffic:
            label = traffic.labels.get(hv)
            bridge_id = ident("br", label or f"default-{traffic.type.value}")
            if bridge_id not in bridges:
                bridges[bridge_id] = (pnet.interface, [], label)
            bridges[bridge_id][1].append(traffic.type)
    for bridge_id, (parent_if, kinds, label) in bridges.items():
        parent = interface(parent_if)
        mgmt_vlan = mgmt_net.host_vlan if mgmt_net is not None else None
        if TrafficType.management in kinds and kvm and mgmt_vlan is not None:
            parent = vlan_interface(parent_if, mgmt_vlan)
        tagged = sorted({v for k in kinds for v in _tagged_vlans(design, zone, pod, k)})
        link_label = f"trunk {vlan_list(tagged)}" if tagged else ("" if parent != interface(parent_if) else "untagged")
        names = " · ".join(k.value for k in kinds)
        text = f"{label_kind} {label}\n{names}" if label else f"no label: agent default\n{names}"
        variant = kinds[0].value if len(kinds) == 1 else ""
        b.add(Node(bridge_id, NodeKind.bridge, text, box, variant, (label,) if label else ()))
        b.link(parent, bridge_id, LinkKind.carries, link_label, variant=variant)
        for traffic_type in kinds:
            _network_on_bridge(b, design, zone=zone, pod=pod, kind=traffic_type, bridge=bridge_id)
    for index, net_name in enumerate(pod.primary_storage_networks):
        if index >= len(profile.primary_storage_interfaces):
            continue
        name_if = profile.primary_storage_interfaces[index]
        if not b.has(interface(name_if)):
            continue
        net = design.networks.get(net_name)
        vlan = net.host_vlan if net is not None else None
        parent = vlan_interface(name_if, vlan) if vlan is not None else interface(name_if)
        node_id = b.add(Node(ident("net", PRIMARY, net_name), NodeKind.network,
                             f"primary storage · host address\n{network_text(net_name, net)}", None, PRIMARY,
                             (net_name,)))
        b.link(parent, node_id, LinkKind.carries, variant=PRIMARY, span=2 if parent == interface(name_if) else 1)
    return b.build()


def _network_on_bridge(b: GraphBuilder, design: Design, *, zone: Zone, pod: Pod, kind: TrafficType,
                       bridge: str) -> None:
    """The CloudStack network a traffic type puts on a bridge, as a coloured box right of it."""
    if kind is TrafficType.management:
        net = pod.management.network
        text = f"management · host address\n{network_text(net, design.networks.get(net))}"
        names: tuple[str, ...] = (net,)
    elif kind is TrafficType.storage:
        if pod.storage is None:
            return
        net = pod.storage.network
        text = f"storage (secondary-storage traffic)\n{network_text(net, design.networks.get(net))}"
        names = (net,)
    elif kind is TrafficType.public:
        nets = sorted({r.network for r in zone.public_ranges})
        text = "public\n" + "\n".join(network_text(n, design.networks.get(n)) for n in nets)
        names = tuple(nets)
    else:
        vlans = [v for p in zone.physical_networks if p.carries(kind) for v in p.guest_vlans]
        ranges = ", ".join(str(v) for v in vlans) or "none reserved"
        basic = [network_text(g.network, design.networks.get(g.network)) for g in pod.guest_ranges]
        text = "guest\n" + ("\n".join(basic) if basic else f"VLANs {ranges}")
        names = tuple(g.network for g in pod.guest_ranges)
    node_id = ident("net", kind.value)
    if not b.has(node_id):
        b.add(Node(node_id, NodeKind.network, text, None, kind.value, names))
    if not b.linked(bridge, node_id):
        b.link(bridge, node_id, LinkKind.carries, variant=kind.value)
