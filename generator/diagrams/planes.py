"""Network planes of a zone: which CloudStack network rides which physical network and host interface.

Left to right: the zone's networks by traffic type (management per pod, guest, public, storage,
and the dedicated primary-storage networks CloudStack does not manage), each with CIDR and VLAN;
the physical networks with the traffic labels that carry them; the host interface (NIC or bond)
each physical network is bound to, with the NICs behind it for every host profile in the zone.
"""

from __future__ import annotations

from collections.abc import Callable

from ..inventory import Inventory
from ..model import Design, HostProfile, Networking, Pod, TrafficType, Zone
from ..templating import vlan_list
from .ceph import cluster_id, clusters_of_zone, monitor_networks, summary
from .facts import BOND_MODES, hypervisor_name, network_text
from .graph import DiagramKind, Graph, GraphBuilder, Group, GroupKind, LinkKind, Node, NodeKind, ident

PRIMARY = "primary_storage"

# plane(node id, traffic colour, label, network names, traffic type carried by physical networks)
PlaneAdder = Callable[[str, str, str, tuple[str, ...], TrafficType | None], None]


def planes_graphs(design: Design, inventory: Inventory) -> list[Graph]:
    return [zone_planes(design, inventory, zone) for _, zone in inventory.zones()]


def _profiles(design: Design, inventory: Inventory, zone: Zone) -> list[tuple[str, HostProfile]]:
    names: list[str] = []
    for host in inventory.hosts:
        if host.zone is zone and host.profile_name not in names:
            names.append(host.profile_name)
    return [(n, design.host_profiles[n]) for n in names if n in design.host_profiles]


def _interface_label(name: str, profiles: list[tuple[str, HostProfile]]) -> tuple[str, NodeKind]:
    """'bond0' and one line per distinct NIC set behind it, naming profiles when they differ."""
    lines: dict[str, list[str]] = {}
    is_bond = False
    for profile_name, profile in profiles:
        bond = profile.bond(name)
        members = profile.members_of(name)
        if not members:
            text = "not on this profile"
        elif bond is not None:
            is_bond = True
            text = f"{' + '.join(m.name for m in members)} · {len(members)}×{members[0].speed} {BOND_MODES[bond.mode]}"
        else:
            text = f"NIC {members[0].speed}"
        lines.setdefault(text, []).append(profile_name)
    body = [text if len(lines) == 1 else f"{', '.join(names)}: {text}" for text, names in lines.items()]
    return "\n".join([name, *body]), NodeKind.bond if is_bond else NodeKind.nic


def _traffic_label(zone: Zone, pnet_name: str, kind: TrafficType) -> str:
    pnet = next(p for p in zone.physical_networks if p.name == pnet_name)
    traffic = pnet.traffic_of(kind)
    if traffic is None or not traffic.labels:
        return "no label (agent default)"
    return ", ".join(f"{hypervisor_name(hv.value)}: {label}"
                     for hv, label in sorted(traffic.labels.items(), key=lambda i: i[0].value))


def zone_planes(design: Design, inventory: Inventory, zone: Zone) -> Graph:
    pods = sorted(zone.pods, key=lambda p: p.id)
    b = GraphBuilder(
        f"networks-{zone.name}", DiagramKind.planes, f"Zone {zone.name} — network planes",
        f"Zone {zone.name}, {zone.networking.value} networking."
        + (" Storage traffic has no network of its own here: it rides the management network."
           if not any(p.storage for p in pods) else ""),
        "LR", subject=zone.name,
    )
    nets = b.group(Group(ident("g", "networks"), GroupKind.zone, "CloudStack networks (CIDR · VLAN)"))
    pnets = b.group(Group(ident("g", "pnets"), GroupKind.switch_group, "physical networks (traffic labels)"))
    ifaces = b.group(Group(ident("g", "interfaces"), GroupKind.host, "host interfaces", stacked=True))
    profiles = _profiles(design, inventory, zone)

    carriers = {t: [p.name for p in zone.physical_networks if p.carries(t)] for t in TrafficType}
    for pnet in zone.physical_networks:
        kinds = ", ".join(t.type.value for t in pnet.traffic)
        extra = f"\nguest VLANs {', '.join(str(v) for v in pnet.guest_vlans)}" if pnet.guest_vlans else ""
        b.add(Node(ident("pnet", pnet.name), NodeKind.physical_network,
                   f"{pnet.name}\n{kinds}\n{pnet.isolation.value} isolation · MTU {pnet.mtu}{extra}",
                   pnets, "", (pnet.name,)))
    interfaces: list[str] = []
    for pnet in zone.physical_networks:
        if pnet.interface not in interfaces:
            interfaces.append(pnet.interface)
    for _, profile in profiles:
        for name in profile.primary_storage_interfaces:
            if name not in interfaces:
                interfaces.append(name)
    for name in interfaces:
        label, kind = _interface_label(name, profiles)
        b.add(Node(ident("if", name), kind, label, ifaces, "", (name,)))
    for pnet in zone.physical_networks:
        b.link(ident("pnet", pnet.name), ident("if", pnet.interface), LinkKind.carries)

    def plane(node_id: str, traffic: str, label: str, names: tuple[str, ...], kind: TrafficType | None) -> None:
        if not b.has(node_id):
            b.add(Node(node_id, NodeKind.network, label, nets, traffic, names))
        if kind is not None:
            for pnet_name in carriers[kind]:
                b.link(node_id, ident("pnet", pnet_name), LinkKind.carries,
                       _traffic_label(zone, pnet_name, kind), variant=traffic)

    for pod in pods:
        net = pod.management.network
        plane(ident("net", "management", pod.name), "management",
              f"management · pod {pod.name}\n{network_text(net, design.networks.get(net))}\n"
              f"system VMs {pod.management.system_range}", (net,), TrafficType.management)
    _guest_planes(design, zone, pods, plane)
    for public in zone.public_ranges:
        plane(ident("net", "public", public.network), "public",
              f"public\n{network_text(public.network, design.networks.get(public.network))}\n"
              f"range {public.range}", (public.network,), TrafficType.public)
    storage_nets: dict[str, list[Pod]] = {}
    for pod in pods:
        if pod.storage is not None:
            storage_nets.setdefault(pod.storage.network, []).append(pod)
    for net, members in storage_nets.items():
        ranges = "\n".join(f"pod {p.name}: {p.storage.range}" for p in members if p.storage)
        plane(ident("net", "storage", net), "storage",
              f"storage (secondary-storage traffic)\n{network_text(net, design.networks.get(net))}\n{ranges}",
              (net,), TrafficType.storage)
    _primary_planes(design, pods, profiles, b, nets)
    _ceph_planes(design, zone, b, nets)
    return b.build()


def _ceph_planes(design: Design, zone: Zone, b: GraphBuilder, group: str) -> None:
    """The zone's Ceph clusters on the networks their monitors are on (drawn as primary-storage networks)."""
    for cluster in clusters_of_zone(design, zone):
        node = b.add(Node(cluster_id(cluster), NodeKind.storage_server, summary(cluster), None, "ceph",
                          (cluster.name,)))
        for net in monitor_networks(design, cluster):
            net_id = ident("net", PRIMARY, net)
            if not b.has(net_id):
                b.add(Node(net_id, NodeKind.network, f"primary storage · outside CloudStack\n"
                           f"{network_text(net, design.networks.get(net))}", group, PRIMARY, (net,)))
            b.link(net_id, node, LinkKind.carries, "Ceph monitors", variant=PRIMARY)


def _guest_planes(design: Design, zone: Zone, pods: list[Pod], plane: PlaneAdder) -> None:
    if zone.networking is Networking.basic:
        for pod in pods:
            for guest in pod.guest_ranges:
                plane(ident("net", "guest", pod.name, guest.network), "guest",
                      f"guest · pod {pod.name}\n{network_text(guest.network, design.networks.get(guest.network))}\n"
                      f"range {guest.range}", (guest.network,), TrafficType.guest)
        return
    vlans = [v for p in zone.physical_networks if p.carries(TrafficType.guest) for v in p.guest_vlans]
    ids = vlan_list(i for v in vlans for i in range(v.first, v.last + 1)) if vlans else "none reserved"
    kinds = ", ".join(k.value for k in zone.guest_network_kinds)
    cidr = f"\ndefault guest CIDR {zone.guest_cidr} (reused per network)" if zone.guest_cidr else ""
    plane(ident("net", "guest", zone.name), "guest", f"guest ({kinds})\nVLANs {ids}{cidr}", (), TrafficType.guest)
    for shared in zone.shared_networks:
        plane(ident("net", "shared", shared.name), "guest",
              f"shared guest network {shared.name}\n{network_text(shared.network, design.networks.get(shared.network))}"
              f"\nrange {shared.range}", (shared.network,), TrafficType.guest)


def _primary_planes(design: Design, pods: list[Pod], profiles: list[tuple[str, HostProfile]],
                    b: GraphBuilder, group: str) -> None:
    """Primary-storage networks: outside CloudStack, straight onto the profile's storage interfaces."""
    for pod in pods:
        for index, net in enumerate(pod.primary_storage_networks):
            node_id = ident("net", PRIMARY, net)
            if not b.has(node_id):
                b.add(Node(node_id, NodeKind.network,
                           f"primary storage · outside CloudStack\n"
                           f"{network_text(net, design.networks.get(net))}", group, PRIMARY, (net,)))
            for _, profile in profiles:
                if index < len(profile.primary_storage_interfaces):
                    target = ident("if", profile.primary_storage_interfaces[index])
                    if not b.linked(node_id, target):
                        b.link(node_id, target, LinkKind.carries, "host address (no physical network)",
                               variant=PRIMARY, span=2)
