"""What each host interface has to carry: the networks and VLANs its traffic needs.

This is the one place that maps CloudStack traffic to host interfaces; the port plan, the
switch configurations and the host configurations all start from it.

* management: the pod's management network, on the interface of the physical network with
  Management traffic;
* storage: the pod's storage network (Storage traffic; secondary storage and system VMs);
* primary-storage: the pod's dedicated primary-storage networks, each on the profile's
  matching ``primary_storage_interfaces`` entry (seed 000: the host reaches primary storage
  through an interface of its own in a subnet of its own);
* vtep: VXLAN isolation, the pod's underlay network (``vtep_network``) on the interface of the VXLAN
  physical network, at that network's MTU or the underlay's, whichever is larger;
* public: every public range of the zone (public VLANs reach every host of the zone);
* guest: advanced zones the guest VLAN ranges of the physical network (VLAN isolation only;
  VXLAN and other overlays carry guest networks inside the underlay, not as VLANs); basic
  zones the pod's guest networks;
* shared: advanced-zone shared networks, on the first physical network with Guest traffic.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..inventory import Host
from ..model import Design, IsolationMethod, Network, Networking, PhysicalNetwork, TrafficType

TRAFFIC_ORDER = ("management", "storage", "primary-storage", "vtep", "public", "guest", "shared")


@dataclass(frozen=True, order=True)
class Carried:
    """One network, or one guest VLAN range, that an interface carries.

    ``first``/``last`` are the switch VLANs (VLAN 1 for a network without ``vlan``);
    ``untagged`` says the hosts send the network untagged, so a host port has it as its access
    or native VLAN. ``network`` is the network name, or the physical network name for a guest
    VLAN range.
    """

    traffic: str
    network: str
    first: int
    last: int
    mtu: int
    untagged: bool = False

    @property
    def tagged(self) -> bool:
        """Tagged at the host."""
        return not self.untagged

    @property
    def vlans(self) -> range:
        """The switch VLANs."""
        return range(self.first, self.last + 1)


@dataclass(frozen=True)
class InterfaceNeeds:
    """Everything one host interface (a NIC or a bond) carries."""

    interface: str
    carried: tuple[Carried, ...]

    @property
    def tagged(self) -> frozenset[int]:
        """The VLANs the host tags on this interface."""
        return frozenset(v for c in self.carried if c.tagged for v in c.vlans)

    @property
    def untagged(self) -> tuple[Carried, ...]:
        return tuple(c for c in self.carried if not c.tagged)

    @property
    def traffic(self) -> tuple[str, ...]:
        kinds = {c.traffic for c in self.carried}
        return tuple(t for t in TRAFFIC_ORDER if t in kinds)

    @property
    def mtu(self) -> int:
        return max((c.mtu for c in self.carried), default=1500)


def carried_network(traffic: str, name: str, net: Network, mtu: int | None = None) -> Carried:
    """A network as a link carries it: in its switch VLAN, untagged at hosts when it has no host VLAN."""
    vlan = net.switch_vlan
    return Carried(traffic, name, vlan, vlan, net.mtu if mtu is None else mtu, net.host_vlan is None)


def _network(design: Design, traffic: str, name: str, mtu_floor: int) -> Carried | None:
    net = design.networks.get(name)
    if net is None:
        return None
    return carried_network(traffic, name, net, max(net.mtu, mtu_floor))


def _pnet_carries(design: Design, host: Host, pnet: PhysicalNetwork) -> list[Carried]:
    zone, pod = host.zone, host.pod
    out: list[Carried | None] = []
    if pnet.carries(TrafficType.management):
        out.append(_network(design, "management", pod.management.network, pnet.mtu))
    if pnet.carries(TrafficType.storage) and pod.storage is not None:
        out.append(_network(design, "storage", pod.storage.network, pnet.mtu))
    if pnet.carries(TrafficType.public):
        out.extend(_network(design, "public", r.network, pnet.mtu) for r in zone.public_ranges)
    if pnet.carries(TrafficType.guest):
        if zone.networking is Networking.basic:
            out.extend(_network(design, "guest", g.network, pnet.mtu) for g in pod.guest_ranges)
        else:
            if pnet.isolation is IsolationMethod.vlan:
                out.extend(Carried("guest", pnet.name, r.first, r.last, pnet.mtu) for r in pnet.guest_vlans)
            elif pnet.isolation is IsolationMethod.vxlan and pod.vtep_network:
                out.append(_network(design, "vtep", pod.vtep_network, pnet.mtu))
            first_guest = next(p for p in zone.physical_networks if p.carries(TrafficType.guest))
            if first_guest is pnet:
                out.extend(_network(design, "shared", s.network, pnet.mtu) for s in zone.shared_networks)
    return [c for c in out if c is not None]


def interface_needs(design: Design, host: Host) -> dict[str, InterfaceNeeds]:
    """Interface name → what it carries, for every interface of the host that carries something."""
    carried: dict[str, list[Carried]] = {}
    for pnet in host.zone.physical_networks:
        carried.setdefault(pnet.interface, []).extend(_pnet_carries(design, host, pnet))
    if host.profile is not None:
        pairs = zip(host.pod.primary_storage_networks, host.profile.primary_storage_interfaces, strict=False)
        for name, iface in pairs:
            item = _network(design, "primary-storage", name, 0)
            if item is not None:
                carried.setdefault(iface, []).append(item)
    result: dict[str, InterfaceNeeds] = {}
    for iface, items in carried.items():
        unique = sorted(set(items), key=lambda c: (TRAFFIC_ORDER.index(c.traffic), c.first, c.network))
        if unique:
            result[iface] = InterfaceNeeds(iface, tuple(unique))
    return result
